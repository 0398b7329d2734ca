/**
 * The current language and its formats (numbers, percents, dates as a Vietnamese reader writes them). A code the
 * dictionaries do not know is shown as the code itself rather than hidden.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { enLabels } from './labels-en';
import { viLabels, type LabelKind, type Labels } from './labels-vi';
import { en, vi, type Messages } from './messages';

export type { LabelKind } from './labels-vi';
export type { Messages } from './messages';
export type Lang = 'vi' | 'en';

const dictionaries: Record<Lang, { messages: Messages; labels: Record<LabelKind, Labels> }> = {
  vi: { messages: vi, labels: viLabels },
  en: { messages: en, labels: enLabels },
};

export interface I18n {
  lang: Lang;
  /** a message, with `{name}` placeholders filled in */
  t(key: keyof Messages, values?: Record<string, string | number>): string;
  /** the label of a code; the code itself when unknown */
  label(kind: LabelKind, code: string | null | undefined): string;
  number(n: number): string;
  percent(p: number): string;
  /** YYYY-MM-DD as dd/mm/yyyy (Vietnamese) or as it is (English) */
  date(iso: string | null | undefined): string;
  dateTime(iso: string): string;
}

export function makeI18n(lang: Lang): I18n {
  const { messages, labels } = dictionaries[lang];
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const times = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  return {
    lang,
    t: (key, values) => messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`)),
    label: (kind, code) => (code === null || code === undefined ? '' : (labels[kind][code] ?? code)),
    number: (n) => numbers.format(n),
    percent: (p) => `${percents.format(p)}%`,
    date: (iso) => {
      if (!iso) return '';
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
      return match && lang === 'vi' ? `${match[3]}/${match[2]}/${match[1]}` : iso;
    },
    dateTime: (iso) => times.format(new Date(iso)),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('vi'));
export const useI18n = (): I18n => useContext(I18nContext);
