import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWorkingDays,
  calendarEntry,
  dayOfWeek,
  derivedEntries,
  fromDayNumber,
  HOLIDAY_TABLE,
  hungKingsDay,
  isIsoDate,
  isWorkingDay,
  lunarNewYear,
  lunarToSolar,
  TABLE_FIRST_YEAR,
  TABLE_LAST_YEAR,
  toDayNumber,
  wholeMonthsBetween,
  workingDaysBetween,
} from '../../../workflows/calendar';

const YEARS = Array.from({ length: TABLE_LAST_YEAR - TABLE_FIRST_YEAR + 1 }, (_, i) => TABLE_FIRST_YEAR + i);
const tetEntries = (year: number) =>
  HOLIDAY_TABLE.filter((e) => e.date.startsWith(`${year}-`) && e.name.startsWith('Tết ') && !e.name.startsWith('Tết Dương lịch'));
const anyDate = fc.integer({ min: toDayNumber('1940-01-01'), max: toDayNumber('2040-12-31') }).map(fromDayNumber);

describe('business dates', () => {
  it('accepts only real calendar dates in YYYY-MM-DD', () => {
    expect(['2024-02-29', '2000-02-29', '2030-12-31'].map(isIsoDate)).toEqual([true, true, true]);
    expect(['2023-02-29', '1900-02-29', '2024-13-01', '2024-2-1', '2024-04-31', 20240101, null].map(isIsoDate)).toEqual([
      false, false, false, false, false, false, false,
    ]);
  });

  it('reads dates as the pattern YYYY-MM-DD of ASCII digits, and nothing near it', () => {
    // Given strings close to a date (other digits, separators, lengths, signs, full-width digits), then a date is
    // exactly what the regular expression and a real day of the month say.
    const byPattern = (value: string) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!match) return false;
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      return month >= 1 && month <= 12 && day >= 1 && day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    };
    const char = fc.constantFrom(...'0123456789-/ +.x\n', '０', '٣');
    const nearDate = fc.oneof(anyDate, fc.constantFrom('0000-02-29', '1900-02-29', '2000-02-29', '9999-12-31', '2024-00-10', '2024-12-00'), fc.string({ unit: char, minLength: 8, maxLength: 11 }), anyDate.map((d) => `${d}\n`), anyDate.map((d) => ` ${d}`));
    fc.assert(fc.property(nearDate, (value) => expect(isIsoDate(value)).toBe(byPattern(value))), { numRuns: 3000 });
  });

  it('round-trips day numbers and knows the weekday', () => {
    fc.assert(fc.property(anyDate, (date) => fromDayNumber(toDayNumber(date)) === date && isIsoDate(date)));
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(dayOfWeek('2024-02-10')).toBe(6); // Saturday, Tết Giáp Thìn
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('month arithmetic (month-end rule: clamp to the last day, Civil Code 2015 Điều 148)', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2019-01-10', 60, '2024-01-10'],
    ['2023-09-20', 12, '2024-09-20'],
    ['2024-11-30', 3, '2025-02-28'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('counts whole months for ages at the edges', () => {
    expect(wholeMonthsBetween('2006-02-15', '2024-02-14')).toBe(215);
    expect(wholeMonthsBetween('2006-02-15', '2024-02-15')).toBe(216);
    expect(wholeMonthsBetween('1964-03-10', '2024-04-09')).toBe(720);
    expect(wholeMonthsBetween('1964-03-10', '2024-04-10')).toBe(721);
    expect(wholeMonthsBetween('2004-01-31', '2004-02-28')).toBe(0);
    expect(wholeMonthsBetween('2004-01-31', '2004-02-29')).toBe(1);
    expect(wholeMonthsBetween('2024-05-01', '2024-03-01')).toBe(-2);
  });

  it('agrees with addMonths: addMonths(from, m) ≤ to < addMonths(from, m + 1)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 1000 }), (from, days) => {
        const to = addDays(from, days);
        const m = wholeMonthsBetween(from, to);
        return addMonths(from, m) <= to && addMonths(from, m + 1) > to;
      }),
    );
  });
});

describe('lunar calendar (UTC+7)', () => {
  // Mùng 1 Tết as published in Vietnamese calendars; 2030 is a day before China's (new moon at 23:07 in UTC+7).
  const TET: Record<number, string> = {
    2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
    2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
    2030: '2030-02-02',
  };
  it.each(Object.entries(TET))('Tết %s falls on %s', (year, date) => {
    expect(lunarNewYear(Number(year))).toBe(date);
  });

  it('puts Hùng Kings day (10/3 âm lịch) where the holidays were announced', () => {
    expect([2020, 2021, 2022, 2023, 2024, 2025].map(hungKingsDay)).toEqual([
      '2020-04-02', '2021-04-21', '2022-04-10', '2023-04-29', '2024-04-18', '2025-04-07',
    ]);
  });

  it('follows the Vietnamese, not the Chinese, calendar where they differ (Tết 1985)', () => {
    expect(lunarNewYear(1985)).toBe('1985-01-21');
  });

  it('refuses a leap month the year does not have', () => {
    expect(() => lunarToSolar(1, 3, 2024, true)).toThrow(RangeError);
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22'); // 2023 had a leap second month
  });
});

describe('holiday table 2020–2030', () => {
  it('has one entry per date, only make-up Saturdays as working entries, and a source for each', () => {
    const dates = HOLIDAY_TABLE.map((e) => e.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(HOLIDAY_TABLE.filter((e) => e.kind === 'work').every((e) => dayOfWeek(e.date) === 6)).toBe(true);
    expect(HOLIDAY_TABLE.every((e) => e.source.length > 0 && YEARS.includes(Number(e.date.slice(0, 4))))).toBe(true);
  });

  it.each(YEARS)('%i: Hùng Kings day is the statutory lunar 10/3 and Tết lies inside the Tết block', (year) => {
    expect(calendarEntry(hungKingsDay(year))).toMatchObject({ basis: 'statutory' });
    const tet = tetEntries(year);
    expect(tet).toHaveLength(5);
    const [first, last] = [tet[0].date, tet[tet.length - 1].date];
    expect(first <= lunarNewYear(year) && lunarNewYear(year) <= last).toBe(true);
    for (let day = first; day <= last; day = addDays(day, 1)) expect(isWorkingDay(day)).toBe(false);
  });

  it('marks what nobody has announced as assumed: Tết from 2027 on', () => {
    const tetBasis = (year: number) => tetEntries(year).map((e) => e.basis);
    expect(new Set(YEARS.filter((y) => y <= 2026).flatMap(tetBasis))).toEqual(new Set(['announced']));
    expect(new Set(YEARS.filter((y) => y >= 2027).flatMap(tetBasis))).toEqual(new Set(['assumed']));
  });

  it('gives National Day one day in 2020 (Labour Code 2012) and two from 2021 (Labour Code 2019)', () => {
    expect(isWorkingDay('2020-09-01')).toBe(true);
    expect(isWorkingDay('2020-09-03')).toBe(true);
    expect([isWorkingDay('2021-09-02'), isWorkingDay('2021-09-03')]).toEqual([false, false]);
    expect([isWorkingDay('2025-09-01'), isWorkingDay('2025-09-02')]).toEqual([false, false]);
  });

  it('the forecast rule reproduces every announced year except the swaps, and is what the table says for 2027–2030', () => {
    const offDays = (entries: { date: string; kind: string }[]) => entries.filter((e) => e.kind === 'off').map((e) => e.date);
    const swaps = new Set(['2024-04-29', '2025-05-02', '2026-01-02', '2026-08-31']);
    for (const year of YEARS) {
      const table = HOLIDAY_TABLE.filter((e) => e.date.startsWith(`${year}-`));
      expect(new Set(offDays(derivedEntries(year)))).toEqual(new Set(offDays(table).filter((d) => !swaps.has(d))));
    }
  });
});

describe('working days', () => {
  it('are Monday to Friday minus holidays, plus make-up Saturdays', () => {
    expect(isWorkingDay('2024-02-07')).toBe(true); // Wednesday before Tết
    expect(isWorkingDay('2024-02-08')).toBe(false); // 29 tháng Chạp
    expect(isWorkingDay('2024-02-15')).toBe(true); // back to work
    expect(isWorkingDay('2024-05-04')).toBe(true); // Saturday worked for the 29/4 swap
    expect(isWorkingDay('2024-04-29')).toBe(false);
    expect(isWorkingDay('2026-01-10')).toBe(true);
    expect(isWorkingDay('2024-03-09')).toBe(false); // an ordinary Saturday
  });

  it('count from day 0 = the start date itself (not counted), day 1 = the next working day', () => {
    expect(addWorkingDays('2024-03-04', 0)).toBe('2024-03-04');
    expect(addWorkingDays('2024-03-04', 1)).toBe('2024-03-05');
    expect(addWorkingDays('2024-03-08', 1)).toBe('2024-03-11'); // Friday → Monday
    expect(addWorkingDays('2024-03-09', 1)).toBe('2024-03-11'); // started on a Saturday
    expect(addWorkingDays('2024-03-11', -1)).toBe('2024-03-08');
    expect(addWorkingDays('2024-02-07', 1)).toBe('2024-02-15'); // over Tết Giáp Thìn
  });

  it('30 working days from a receipt before Tết 2024 end on 14 March (Tết takes five)', () => {
    expect(addWorkingDays('2024-01-25', 30)).toBe('2024-03-14');
    expect(workingDaysBetween('2024-01-25', '2024-03-14')).toBe(30);
    expect(workingDaysBetween('2024-01-25', '2024-03-15')).toBe(31);
  });

  it('count periods as a walk over the days one by one would (the remembered working days change no answer)', () => {
    // Given any date and period, when counted through the remembered days, then the answer is that of a plain walk.
    const walk = (date: string, n: number) => {
      let day = date;
      for (let left = Math.abs(n); left > 0; ) {
        day = addDays(day, n < 0 ? -1 : 1);
        if (isWorkingDay(day)) left--;
      }
      return day;
    };
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -60, max: 90 }), (date, n) => {
        expect(addWorkingDays(date, n)).toBe(walk(date, n));
        expect(addWorkingDays(date, n)).toBe(walk(date, n)); // the second time from memory
      }),
      { numRuns: 300 },
    );
  });

  it('workingDaysBetween inverts addWorkingDays', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 90 }), (date, n) => workingDaysBetween(date, addWorkingDays(date, n)) === n),
    );
  });

  it('outside the table, falls back to the forecast: Tết 2031 and 2019 are holidays', () => {
    expect(isWorkingDay('2031-01-23')).toBe(false); // Thursday, mùng 1 Tết Tân Hợi
    expect(isWorkingDay('2019-02-05')).toBe(false); // Tuesday, mùng 1 Tết Kỷ Hợi
    expect(isWorkingDay('2019-09-03')).toBe(true); // one National Day under the 2012 Labour Code
  });
});
