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
import { dayOfWeek, fromDayNumber, IsoDate, toDayNumber } from './dates';
import { calendarEntry } from './holidays';

export function isWorkingDay(date: IsoDate): boolean {
  const entry = calendarEntry(date);
  if (entry) return entry.kind === 'work';
  const day = dayOfWeek(date);
  return day !== 0 && day !== 6;
}

/**
 * Whether a day, by its day number, is a working day: `isWorkingDay` remembered, so that counting a period walks day
 * numbers instead of formatting and parsing a date for each day it passes. The calendar is fixed data, so the answer
 * for a day never changes; the days ever asked about are a few thousand.
 */
const workingDayNumbers = new Map<number, boolean>();

function isWorkingDayNumber(dayNumber: number): boolean {
  let working = workingDayNumbers.get(dayNumber);
  if (working === undefined) {
    working = isWorkingDay(fromDayNumber(dayNumber));
    workingDayNumbers.set(dayNumber, working);
  }
  return working;
}

/**
 * The n-th working day after `date` (see the counting rule above); for negative n the |n|-th working day before it;
 * `date` itself for n = 0. "Due in N working days from D" is `addWorkingDays(D, N)`, the last day still in time.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
  if (n === 0) return date;
  const step = n < 0 ? -1 : 1;
  let day = toDayNumber(date);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day)) left--;
  }
  return fromDayNumber(day);
}

/** How many working days lie in (from, to]: the day number of `to` when counting from `from`. 0 when to ≤ from. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  const last = toDayNumber(to);
  for (let day = toDayNumber(from) + 1; day <= last; day++) {
    if (isWorkingDayNumber(day)) count++;
  }
  return count;
}
