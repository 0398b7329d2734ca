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
