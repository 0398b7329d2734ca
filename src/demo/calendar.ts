/**
 * The demo's time: its fixed "today", the last day of its records, the class calendar of the block, and date steps
 * that land on working days (acts of committees happen on working days; the calendar is the workflow's own).
 */
import { addDays, addWorkingDays, IsoDate, isWorkingDay } from '../../workflows/calendar';
import type { Rng } from './random';

/**
 * The records stop on the eve of seed 000's publication (16-07-2024): every figure of the article is "as of now" on
 * this day. No act of the scenario is dated later.
 */
export const REPORTED_ON = '2024-07-15';
/** The first half of 2024, the block's reporting period in seed 000. */
export const FIRST_HALF_2024 = { from: '2024-01-01', to: '2024-06-30' } as const;

/**
 * The clock the demo records with: late in 2024, so that every act is in the past for the engine (R-DATE) whatever
 * day the demo is run; 09:00 in Hồ Chí Minh City.
 */
export const DEMO_NOW = '2024-12-16T02:00:00.000Z';

export function workingOnOrBefore(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

export function workingOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** `days` calendar days earlier, moved back to a working day. */
export function back(date: IsoDate, days: number): IsoDate {
  return workingOnOrBefore(addDays(date, -days));
}

/** `days` calendar days later, moved on to a working day. */
export function ahead(date: IsoDate, days: number): IsoDate {
  return workingOnOrAfter(addDays(date, days));
}

/** A working day drawn from [from, to] (both assumed to contain one). */
export function workingDayIn(rng: Rng, from: IsoDate, to: IsoDate): IsoDate {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const drawn = addDays(from, rng.int(0, span));
  const after = workingOnOrAfter(drawn);
  return after <= to ? after : workingOnOrBefore(drawn);
}

export interface AwarenessClass {
  name: string;
  startsOn: IsoDate;
  /** the day the certificates were issued; null when that lies after REPORTED_ON */
  certifiedOn: IsoDate | null;
}

function classes(year: number, starts: string[], pending: string[] = []): AwarenessClass[] {
  return [...starts, ...pending].map((mmdd, i) => {
    const startsOn = `${year}-${mmdd}`;
    // A class runs about a week; the certificates come some three weeks after it opened.
    const certifiedOn = i < starts.length ? addWorkingDays(startsOn, 14) : null;
    return { name: `Lớp bồi dưỡng nhận thức về Đảng khóa ${i + 1}/${year}`, startsOn, certifiedOn };
  });
}

/** Classes up to 2023, where the candidates admitted in the term studied. 2020–2021: fewer, COVID-19 closures. */
export const PAST_CLASSES: AwarenessClass[] = [
  ...classes(2019, ['03-04', '05-13', '08-12', '10-14']),
  ...classes(2020, ['06-15', '09-14', '11-16']),
  ...classes(2021, ['03-15', '05-10', '11-15']),
  ...classes(2022, ['03-14', '05-16', '08-15', '10-17']),
  ...classes(2023, ['03-13', '05-15', '08-14', '10-16']),
];

/**
 * 2024: the three classes of the first half (seed 000: "3 lớp nhận thức về Đảng với 427 quần chúng ưu tú") and the
 * July class that VSIP's 30 "đang chuẩn bị đi học" are registered for. Class 3 opened in June; its certificates, like
 * class 4's, come after REPORTED_ON.
 */
const [K1, K2, K3, K4] = classes(2024, ['03-04', '04-15'], ['06-17', '07-22']);
export const CLASSES_2024 = { K1, K2, K3, K4 } as const;

/** The latest past class whose certificates were out by `date`. */
export function latestClassCertifiedBy(date: IsoDate): AwarenessClass {
  const found = [...PAST_CLASSES].reverse().find((c) => c.certifiedOn !== null && c.certifiedOn <= date);
  if (!found) throw new Error(`no awareness class certified by ${date}`);
  return found;
}

/**
 * The block's political theory classes for new members. None in the second half of 2023: the members admitted then
 * studied in the one class of June 2024 (seed 000: "1 lớp bồi dưỡng lý luận chính trị cho 164 đảng viên dự bị").
 */
export const THEORY_CLASSES: IsoDate[] = [
  '2020-06-26', '2020-10-23', '2021-04-23', '2021-12-10', '2022-04-22', '2022-09-23', '2022-12-16', '2023-03-24', '2023-05-26',
  '2024-06-28',
];

/** The first theory class at least ten days after the ceremony. */
export function theoryClassAfter(ceremonyOn: IsoDate): IsoDate {
  const found = THEORY_CLASSES.find((d) => d >= addDays(ceremonyOn, 10));
  if (!found) throw new Error(`no theory class after the ceremony of ${ceremonyOn}`);
  return found;
}
