/**
 * Reading the cells of one import row: dates (YYYY-MM-DD, or D/M/YYYY as Vietnamese spreadsheets write them), whole
 * numbers, yes/no, and the workflow's codes, each also under its Vietnamese name ("nữ" for `female`, "đại học" for
 * `university`). Every problem is collected with its column, so that a row is reported once with all that is wrong.
 */
import { isCalendarDate } from '../http/validation';
import { type ColumnKey, normaliseHeader } from './columns';

/** One reason a row is refused: a stable code, the rule (R-…) where one applies, the column or field, bilingual text. */
export interface RowProblem {
  code: string;
  rule?: string;
  /** the stable check within the rule (RULE_VIOLATION), e.g. UNDER_AGE under R-AGE */
  reason?: string;
  field?: string;
  message: string;
  messageVi?: string;
}

export type RawRow = Partial<Record<ColumnKey, string>>;

/** Codes by their names in either language, compared as headers are (case and accents do not matter). */
export function vocabulary<T extends string>(names: Record<T, string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, synonyms] of Object.entries(names) as [T, string[]][]) {
    for (const name of [code, ...synonyms]) map.set(normaliseHeader(name), code);
  }
  return map;
}

const YES_NO = vocabulary({ yes: ['true', '1', 'x', 'có', 'co', 'đồng ý'], no: ['false', '0', 'không', 'khong'] });
const DMY = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

export class Cells {
  readonly problems: RowProblem[] = [];

  constructor(private readonly raw: RawRow) {}

  /** The trimmed value, or undefined when the cell is empty. */
  text(key: ColumnKey): string | undefined {
    const value = this.raw[key]?.trim();
    return value ? value : undefined;
  }

  /** A value the row must have (when `because` is given: because that column is filled). */
  required(key: ColumnKey, because?: ColumnKey): string {
    const value = this.text(key);
    if (value === undefined) {
      const why = because ? ` when ${because} is given` : '';
      const whyVi = because ? ` khi có ${because}` : '';
      this.problem({ code: 'VALIDATION_FAILED', field: key, message: `${key} is required${why}`, messageVi: `Thiếu ${key}${whyVi}` });
      return '';
    }
    return value;
  }

  date(key: ColumnKey, required?: { because?: ColumnKey }): string | undefined {
    const value = required ? this.required(key, required.because) : this.text(key);
    if (!value) return undefined;
    const dmy = DMY.exec(value);
    const iso = dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : value;
    if (isCalendarDate(iso)) return iso;
    this.problem({
      code: 'VALIDATION_FAILED',
      rule: 'R-DATE',
      field: key,
      message: `${key} is not a real date (YYYY-MM-DD or DD/MM/YYYY): ${value}`,
      messageVi: `${key} không phải là ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY): ${value}`,
    });
    return undefined;
  }

  whole(key: ColumnKey, options: { because: ColumnKey; emptyIs?: number }): number {
    const value = options.emptyIs === undefined ? this.required(key, options.because) : this.text(key);
    if (value === undefined) return options.emptyIs ?? 0;
    if (/^\d{1,9}$/.test(value)) return Number(value);
    if (value !== '') this.invalid(key, value, 'a whole number');
    return 0;
  }

  /** A code of `names`, written as the code or one of its names; undefined when the cell is empty. */
  choice<T extends string>(key: ColumnKey, names: Map<string, T>, required?: { because?: ColumnKey }): T | undefined {
    const value = required ? this.required(key, required.because) : this.text(key);
    return value ? this.code(key, value, names) : undefined;
  }

  /** The code a name stands for (one value of a column, or one item of a list column). */
  code<T extends string>(key: ColumnKey, value: string, names: Map<string, T>): T | undefined {
    const code = names.get(normaliseHeader(value));
    if (code === undefined) this.invalid(key, value, `one of ${[...new Set(names.values())].join(', ')}`);
    return code;
  }

  yesNo(key: ColumnKey, required?: { because?: ColumnKey }): boolean | undefined {
    const answer = this.choice(key, YES_NO, required);
    return answer === undefined ? undefined : answer === 'yes';
  }

  /** A value that belongs to an act whose date is empty: probably a shifted column, never silently dropped. */
  orphans(keys: readonly ColumnKey[], anchor: ColumnKey): void {
    if (this.text(anchor)) return;
    for (const key of keys) {
      if (this.text(key) === undefined) continue;
      this.problem({
        code: 'VALIDATION_FAILED',
        field: key,
        message: `${key} is given but ${anchor} is empty`,
        messageVi: `Có ${key} nhưng thiếu ${anchor}`,
      });
    }
  }

  problem(problem: RowProblem): void {
    this.problems.push(problem);
  }

  private invalid(key: ColumnKey, value: string, expected: string): void {
    this.problem({ code: 'VALIDATION_FAILED', field: key, message: `${key} must be ${expected}, not "${value}"`, messageVi: `${key} không hợp lệ: "${value}"` });
  }
}
