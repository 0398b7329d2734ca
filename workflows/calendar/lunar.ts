/**
 * The Vietnamese lunisolar calendar (âm lịch), computed for the meridian of UTC+7 as Vietnam's calendar has been since
 * 1968 (this is why a few Tết dates differ from the Chinese calendar, which uses UTC+8: e.g. 1985).
 *
 * Method: Hồ Ngọc Đức's public algorithm ("Thuật toán tính âm lịch"), which takes the astronomical new moon and the
 * sun's longitude from the series of Jean Meeus, "Astronomical Algorithms" (1998). Month 11 is the month that contains
 * the winter solstice; a leap month is the first month after it without a major solar term.
 *
 * Used to place the holidays fixed on lunar dates (Tết Nguyên Đán on 1/1, Hùng Kings' day on 10/3): the holiday table
 * of `holidays.ts` lists them literally for 2020–2030 and a test checks that table against this code; outside that
 * range the table falls back to dates derived here.
 */
import { fromDayNumber, IsoDate, toDayNumber } from './dates';

const TIME_ZONE = 7;
/** Julian day number of 1970-01-01 (at noon). */
const JULIAN_DAY_OF_EPOCH = 2440588;
const SYNODIC_MONTH = 29.530588853;

function julianDay(date: IsoDate): number {
  return toDayNumber(date) + JULIAN_DAY_OF_EPOCH;
}

function fromJulianDay(julian: number): IsoDate {
  return fromDayNumber(julian - JULIAN_DAY_OF_EPOCH);
}

/** Julian date (with fraction) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians, normalised to [0, 2π) (Meeus, ch. 25, low accuracy). */
function sunLongitude(julianDate: number): number {
  const T = (julianDate - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** The local day (Julian day number) on which the k-th new moon falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE / 24);
}

/** Which of the 12 thirty-degree sectors the sun is in at the local midnight that starts the day. */
function sunSector(dayNumber: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

/** First day of the lunar month 11 (the one containing the winter solstice) of the given Gregorian year. */
function lunarMonth11(year: number): number {
  const off = julianDay(`${String(year).padStart(4, '0')}-12-31`) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Offset (in months after month 11) of the leap month in a 13-month lunar year starting at `a11`. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - 2415021.076998695) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * The Gregorian date of a lunar date. `leap` asks for the day in the leap (nhuận) month of that number; a lunar year
 * without such a leap month has no such day and the function throws.
 */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number, leap = false): IsoDate {
  const a11 = lunarMonth < 11 ? lunarMonth11(lunarYear - 1) : lunarMonth11(lunarYear);
  const b11 = lunarMonth < 11 ? lunarMonth11(lunarYear) : lunarMonth11(lunarYear + 1);
  const k = Math.floor(0.5 + (a11 - 2415021.076998695) / SYNODIC_MONTH);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && lunarMonth !== leapMonth) {
      throw new RangeError(`lunar year ${lunarYear} has no leap month ${lunarMonth}`);
    }
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${lunarYear} has no leap month`);
  }
  return fromJulianDay(newMoonDay(k + off) + lunarDay - 1);
}

/** Mùng 1 Tết: the first day of the lunar year that begins in the given Gregorian year. */
export function lunarNewYear(year: number): IsoDate {
  return lunarToSolar(1, 1, year);
}

/** Giỗ Tổ Hùng Vương: the 10th day of the (non-leap) third lunar month. */
export function hungKingsDay(year: number): IsoDate {
  return lunarToSolar(10, 3, year);
}
