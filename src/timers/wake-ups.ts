/**
 * From deadline rows to wake-ups. A wake-up is due at the start of the business day on which something becomes
 * true, in the server's time zone: the day after a statutory deadline's last day (R-T-…, also R-T-CERT, whose due
 * date is the certificate's last valid day), or the day a stall reaches its threshold (entered + N calendar days).
 * The handler judges again with the dossier in hand; the instant only decides when it looks.
 */
import { STALL, type DeadlineRow } from '../../projections/deadlines';
import { addDays, type IsoDate } from '../../workflows/calendar';
import type { WakeUp } from './scheduler';

/** One wake-up per dossier and rule (one for its stall clock): a new occurrence moves it instead of adding one. */
export function wakeUpId(dossierId: string, rule: string): string {
  return `${dossierId}/${rule}`;
}

/** The business day from which the row's wake-up is due; undefined when nothing is to be watched. */
export function fireOn(row: Pick<DeadlineRow, 'rule' | 'step' | 'started_on' | 'due_on'>, stallDays: Record<string, number>): IsoDate | undefined {
  if (row.rule !== STALL) return row.due_on === null ? undefined : addDays(row.due_on, 1);
  const days = row.step === null ? undefined : stallDays[row.step];
  return days ? addDays(row.started_on, days) : undefined;
}

export interface WakeUpOptions {
  stallDays: Record<string, number>;
  timeZone: string;
  /** how long the dossier must have gone unwritten (see TimersConfig.quietMs) */
  quietMs: number;
}

/** What should be pending for an open, not yet handled row: its day, or later while its dossier is being written. */
export function wakeUpFor(row: DeadlineRow, options: WakeUpOptions): WakeUp | undefined {
  const on = fireOn(row, options.stallDays);
  if (on === undefined) return undefined;
  const due = Math.max(startOfDay(on, options.timeZone).getTime(), quietFrom(row.last_recorded_at, options.quietMs));
  return { id: wakeUpId(row.dossier_id, row.rule), dossierId: row.dossier_id, rule: row.rule, dueAt: new Date(due) };
}

/** The instant a dossier last written at `recordedAt` has been quiet long enough (0 when unknown). */
export function quietFrom(recordedAt: string | null | undefined, quietMs: number): number {
  const at = recordedAt ? Date.parse(recordedAt) : NaN;
  return Number.isNaN(at) ? 0 : at + quietMs;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** The instant a business date begins in a time zone (00:00 local), e.g. 2024-03-01 in Asia/Ho_Chi_Minh → 2024-02-29T17:00Z. */
export function startOfDay(date: IsoDate, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d);
  // Two rounds: the zone's offset at the first guess, then at the answer (a DST change may lie in between).
  const first = midnightUtc - offsetMs(midnightUtc, timeZone);
  return new Date(midnightUtc - offsetMs(first, timeZone));
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
