import { addDays } from '../../workflows/calendar';

/** Time is an input: the engine and the timers read it through this port, tests pass a fake. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last day answered per zone, with the instants it spans: most calls ask about the same day as the last one. */
const lastDays = new Map<string, { date: string; from: number; to: number }>();

/** The business date (YYYY-MM-DD) of an instant in a time zone, e.g. Asia/Ho_Chi_Minh. */
export function businessDate(instant: Date, timeZone: string): string {
  const at = instant.getTime();
  const last = lastDays.get(timeZone);
  if (last && at >= last.from && at < last.to) return last.date;
  // Building a formatter costs far more than using one: keep one per zone. en-CA formats dates as YYYY-MM-DD.
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const date = format.format(instant);
  const from = startOfDay(date, timeZone).getTime();
  const to = startOfDay(addDays(date, 1), timeZone).getTime();
  // Only a span that holds the instant is kept (a zone's odd day can never make the cache answer wrongly).
  if (at >= from && at < to) lastDays.set(timeZone, { date, from, to });
  return date;
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** Day starts already computed, by zone and date: timers and filters ask for the same few dates again and again. */
const dayStarts = new Map<string, Map<string, number>>();
const DAY_STARTS_KEPT = 10_000;

/** The instant a business date begins in a time zone (00:00 local), e.g. 2024-03-01 in Asia/Ho_Chi_Minh → 2024-02-29T17:00Z. */
export function startOfDay(date: string, timeZone: string): Date {
  let known = dayStarts.get(timeZone);
  if (!known) dayStarts.set(timeZone, (known = new Map()));
  let start = known.get(date);
  if (start === undefined) {
    const [y, m, d] = date.split('-').map(Number);
    const midnightUtc = Date.UTC(y, m - 1, d);
    // Two rounds: the zone's offset at the first guess, then at the answer (a DST change may lie in between).
    const first = midnightUtc - offsetMs(midnightUtc, timeZone);
    start = midnightUtc - offsetMs(first, timeZone);
    if (known.size >= DAY_STARTS_KEPT) known.clear();
    known.set(date, start);
  }
  return new Date(start);
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instant: number, timeZone: string): number {
  let format = wallClocks.get(timeZone);
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
    wallClocks.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** "Today" and day boundaries in the server's zone: what every command and query means by a business date. */
export class BusinessDay {
  constructor(
    private readonly clock: Clock,
    readonly timeZone: string,
  ) {}

  today(): string {
    return businessDate(this.clock.now(), this.timeZone);
  }

  /** The UTC instant at which a business date begins. */
  startOf(date: string): Date {
    return startOfDay(date, this.timeZone);
  }
}
