/** Time is an input: the engine and the timers read it through this port, tests pass a fake. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The business date (YYYY-MM-DD) of an instant in a time zone, e.g. Asia/Ho_Chi_Minh. */
export function businessDate(instant: Date, timeZone: string): string {
  // Building a formatter costs far more than using one: keep one per zone. en-CA formats dates as YYYY-MM-DD.
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The instant a business date begins in a time zone (00:00 local), e.g. 2024-03-01 in Asia/Ho_Chi_Minh → 2024-02-29T17:00Z. */
export function startOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d);
  // Two rounds: the zone's offset at the first guess, then at the answer (a DST change may lie in between).
  const first = midnightUtc - offsetMs(midnightUtc, timeZone);
  return new Date(midnightUtc - offsetMs(first, timeZone));
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
