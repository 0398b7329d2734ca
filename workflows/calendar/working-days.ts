/**
 * Working days (ngày làm việc): Monday to Friday, minus the days off of the holiday table, plus the Saturdays worked
 * to make up a swapped day.
 *
 * How a period "N working days from D" is counted (open point of domain.md, decided here, change only with the
 * domain owner): D itself is day 0 and is not counted; day 1 is the first working day after D, and the period ends at
 * the end of working day N. This follows the Civil Code 2015 (Bộ luật Dân sự, Điều 147 khoản 1: when a period is
 * counted in days, the first day is not counted, the period starts the day after the event). It holds whether or not D
 * is itself a working day: a decision received on a Saturday starts counting on Monday.
 * So an act on day N is in time, an act on day N + 1 is late.
 */
import { addDays, dayOfWeek, IsoDate } from './dates';
import { calendarEntry } from './holidays';

export function isWorkingDay(date: IsoDate): boolean {
  const entry = calendarEntry(date);
  if (entry) return entry.kind === 'work';
  const day = dayOfWeek(date);
  return day !== 0 && day !== 6;
}

/**
 * The n-th working day after `date` (see the counting rule above); for negative n the |n|-th working day before it;
 * `date` itself for n = 0. "Due in N working days from D" is `addWorkingDays(D, N)`, the last day still in time.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  const step = n < 0 ? -1 : 1;
  let day = date;
  for (let left = Math.abs(n); left > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** How many working days lie in (from, to]: the day number of `to` when counting from `from`. 0 when to ≤ from. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day)) count++;
  }
  return count;
}
