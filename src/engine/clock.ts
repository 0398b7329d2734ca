/** Time is an input: the engine and the timers read it through this port, tests pass a fake. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The business date (YYYY-MM-DD) of an instant in a time zone, e.g. Asia/Ho_Chi_Minh. */
export function businessDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
