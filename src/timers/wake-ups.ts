/**
 * From deadline rows to wake-ups. A wake-up is due at the start of the business day on which something becomes
 * true, in the server's time zone: the day after a statutory deadline's last day (R-T-…, also R-T-CERT, whose due
 * date is the certificate's last valid day), or the day a stall reaches its threshold (entered + N calendar days).
 * The handler judges again with the dossier in hand; the instant only decides when it looks.
 */
import { STALL, type DeadlineRow } from '../../projections/deadlines';
import { addDays, type IsoDate } from '../../workflows/calendar';
import { startOfDay } from '../engine/clock';
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

/** Re-exported for the timers' callers: the start of a business day is the clock's business. */
export { startOfDay };
