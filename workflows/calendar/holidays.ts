/**
 * Vietnamese public holidays (ngày nghỉ lễ, tết) as data, 2020–2030, for counting working days (ngày làm việc).
 *
 * Whose calendar: the one of cán bộ, công chức, viên chức, i.e. the Party and State bodies that run the admission
 * procedure, with Saturday and Sunday as weekly rest days. Enterprises may publish their own Tết schedule; a party
 * cell's deadlines follow the Party's offices, so the civil-service calendar is the one modelled.
 *
 * The law:
 * - 2020: Bộ luật Lao động 2012 (10/2012/QH13), Điều 115: 1/1, Tết Âm lịch 5 days, 10/3 âm lịch, 30/4, 1/5, 2/9;
 *   khoản 3: a holiday on a weekly rest day is compensated on the next working day (nghỉ bù).
 * - from 2021-01-01: Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1: the same, with National Day 2 days
 *   (2/9 and one day immediately before or after it, chosen each year by the Prime Minister); Điều 111 khoản 3: nghỉ bù.
 * - Each year the Prime Minister fixes the Tết days and the second National Day day, and may approve swapping a working
 *   day with a Saturday (hoán đổi ngày làm việc, worked back on another Saturday) for civil servants; the ministry
 *   (Bộ LĐTBXH, from 2025-03-01 Bộ Nội vụ) announces it.
 *
 * Each entry says how sure we are (`basis`):
 * - `statutory`: follows from the Labour Code alone: the fixed-date holidays, Hùng Kings' day computed from the lunar
 *   calendar (see lunar.ts, checked by test), and nghỉ bù for a holiday on a weekend.
 * - `announced`: fixed by the government's notice for that year (Tết days, second National Day day, swaps); the source
 *   names the notice or the press report we checked it against.
 * - `assumed`: not announced when this table was written; derived by `derivedEntries` below from the pattern of
 *   2020–2026. Replace with `announced` entries when the notice appears: the derived rule is only a forecast.
 *
 * Weekend days inside a Tết range are off anyway and are not listed; a weekend holiday that gives rise to nghỉ bù is
 * listed, so that the reason for the compensatory day is visible.
 *
 * 2025 changes established: none to the Labour Code's list. The 30/4–1/5 holiday had a swap (Friday 2 May off, worked
 * on Saturday 26 April); announcements now come from Bộ Nội vụ (MOLISA was merged into it on 2025-03-01). The Politburo
 * chose 24/11 as "Ngày Văn hóa Việt Nam" meant to become a paid holiday, and Nghị quyết 30/NQ-CP (2026) asks for the
 * Labour Code to be amended; it is not law yet and is NOT in the table (add it when the amendment is in force).
 */
import { addDays, dayOfWeek, IsoDate } from './dates';
import { hungKingsDay, lunarNewYear } from './lunar';

export type EntryBasis = 'statutory' | 'announced' | 'assumed';

export interface CalendarEntry {
  date: IsoDate;
  /** `off`: a day without work; `work`: a Saturday worked to make up a weekday taken off in a swap (làm bù) */
  kind: 'off' | 'work';
  name: string;
  basis: EntryBasis;
  source: string;
}

/** The years the literal table covers; other years fall back to `derivedEntries` (all of them then `assumed`). */
export const TABLE_FIRST_YEAR = 2020;
export const TABLE_LAST_YEAR = 2030;

const LC2012 = 'Bộ luật Lao động 2012, Điều 115';
const LC2019 = 'Bộ luật Lao động 2019, Điều 112 khoản 1';
const NGHI_BU_2012 = 'nghỉ bù, Bộ luật Lao động 2012, Điều 115 khoản 3';
const NGHI_BU = 'nghỉ bù, Bộ luật Lao động 2019, Điều 111 khoản 3';
const DERIVED = 'derivedEntries (pattern of 2020–2026); no notice yet';

function off(date: IsoDate, name: string, basis: EntryBasis, source: string): CalendarEntry {
  return { date, kind: 'off', name, basis, source };
}
function work(date: IsoDate, name: string, basis: EntryBasis, source: string): CalendarEntry {
  return { date, kind: 'work', name, basis, source };
}
function tet(dates: IsoDate[], name: string, basis: EntryBasis, source: string): CalendarEntry[] {
  return dates.map((date) => off(date, name, basis, source));
}

export const HOLIDAY_TABLE: readonly CalendarEntry[] = [
  // 2020 — Labour Code 2012: National Day is one day.
  off('2020-01-01', 'Tết Dương lịch', 'statutory', LC2012),
  ...tet(['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29'], 'Tết Canh Tý (nghỉ 23/1–29/1)', 'announced',
    'Bộ LĐTBXH notice for 2020, as reported by Sở Công Thương Đắk Lắk, 2020-01-07'),
  off('2020-04-02', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2012),
  off('2020-04-30', 'Ngày Chiến thắng', 'statutory', LC2012),
  off('2020-05-01', 'Quốc tế Lao động', 'statutory', LC2012),
  off('2020-09-02', 'Quốc khánh', 'statutory', LC2012),

  // 2021 — Labour Code 2019 in force: National Day two days.
  off('2021-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  ...tet(['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-15', '2021-02-16'], 'Tết Tân Sửu (nghỉ 10/2–16/2)', 'announced',
    'Bộ LĐTBXH notice for 2021 (from memory of the notice, not re-checked against its text; fits the 2-days-before pattern)'),
  off('2021-04-21', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2021-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2021-05-01', 'Quốc tế Lao động (thứ Bảy)', 'statutory', LC2019),
  off('2021-05-03', 'Nghỉ bù Quốc tế Lao động', 'statutory', NGHI_BU),
  off('2021-09-02', 'Quốc khánh', 'statutory', LC2019),
  off('2021-09-03', 'Quốc khánh (ngày liền sau)', 'announced', 'Bộ LĐTBXH notice for 2021 (from memory, not re-checked)'),

  // 2022
  off('2022-01-01', 'Tết Dương lịch (thứ Bảy)', 'statutory', LC2019),
  off('2022-01-03', 'Nghỉ bù Tết Dương lịch', 'statutory', NGHI_BU),
  ...tet(['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04'], 'Tết Nhâm Dần (nghỉ 29/1–6/2)', 'announced',
    'Bộ LĐTBXH plan for Tết Nhâm Dần, 29/1–6/2/2022 (press reports; VPCP công văn 245/VPCP-KGVX 2022-01-11 for workers)'),
  off('2022-04-10', 'Giỗ Tổ Hùng Vương (Chủ nhật)', 'statutory', LC2019),
  off('2022-04-11', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'statutory', NGHI_BU),
  off('2022-04-30', 'Ngày Chiến thắng (thứ Bảy)', 'statutory', LC2019),
  off('2022-05-01', 'Quốc tế Lao động (Chủ nhật)', 'statutory', LC2019),
  off('2022-05-02', 'Nghỉ bù Ngày Chiến thắng', 'statutory', NGHI_BU),
  off('2022-05-03', 'Nghỉ bù Quốc tế Lao động', 'statutory', NGHI_BU),
  off('2022-09-01', 'Quốc khánh (ngày liền trước)', 'announced', 'Bộ LĐTBXH notice for 2022 (press reports: nghỉ 1/9–4/9)'),
  off('2022-09-02', 'Quốc khánh', 'statutory', LC2019),

  // 2023
  off('2023-01-01', 'Tết Dương lịch (Chủ nhật)', 'statutory', LC2019),
  off('2023-01-02', 'Nghỉ bù Tết Dương lịch', 'statutory', NGHI_BU),
  ...tet(['2023-01-20', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26'], 'Tết Quý Mão (nghỉ 20/1–26/1)', 'announced',
    'Bộ LĐTBXH notice for 2023 (from memory, not re-checked; fits the 2-days-before pattern)'),
  off('2023-04-29', 'Giỗ Tổ Hùng Vương (thứ Bảy)', 'statutory', LC2019),
  off('2023-04-30', 'Ngày Chiến thắng (Chủ nhật)', 'statutory', LC2019),
  off('2023-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  off('2023-05-02', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'statutory', NGHI_BU),
  off('2023-05-03', 'Nghỉ bù Ngày Chiến thắng', 'statutory', NGHI_BU),
  off('2023-09-01', 'Quốc khánh (ngày liền trước)', 'announced', 'Bộ LĐTBXH notice for 2023 (press reports: nghỉ 1/9–4/9)'),
  off('2023-09-02', 'Quốc khánh (thứ Bảy)', 'statutory', LC2019),
  off('2023-09-04', 'Nghỉ bù Quốc khánh', 'statutory', NGHI_BU),

  // 2024 — VPCP công văn 8662/VPCP-KGVX (2023-11-03); 30/4 swap: công văn 2450/VPCP-KGVX (2024-04-12).
  off('2024-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  ...tet(['2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14'], 'Tết Giáp Thìn (nghỉ 8/2–14/2)', 'announced',
    'công văn 8662/VPCP-KGVX, 2023-11-03'),
  off('2024-04-18', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2024-04-29', 'Hoán đổi: nghỉ thứ Hai 29/4', 'announced', 'công văn 2450/VPCP-KGVX, 2024-04-12'),
  off('2024-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2024-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  work('2024-05-04', 'Làm bù thứ Bảy cho 29/4', 'announced', 'công văn 2450/VPCP-KGVX, 2024-04-12'),
  off('2024-09-02', 'Quốc khánh', 'statutory', LC2019),
  off('2024-09-03', 'Quốc khánh (ngày liền sau)', 'announced', 'công văn 8662/VPCP-KGVX, 2023-11-03'),

  // 2025 — VPCP công văn 8726/VPCP-KGVX (2024), Thông báo 6150/TB-BLĐTBXH (2024); 30/4 swap approved by the PM (2025).
  off('2025-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  ...tet(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'], 'Tết Ất Tỵ (nghỉ 25/1–2/2)', 'announced',
    'công văn 8726/VPCP-KGVX (2024); Thông báo 6150/TB-BLĐTBXH (2024)'),
  off('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  work('2025-04-26', 'Làm bù thứ Bảy cho 2/5', 'announced', 'PM approval of the 30/4–1/5/2025 swap (press reports, 2025-04)'),
  off('2025-04-30', 'Ngày Chiến thắng (50 năm)', 'statutory', LC2019),
  off('2025-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  off('2025-05-02', 'Hoán đổi: nghỉ thứ Sáu 2/5', 'announced', 'PM approval of the 30/4–1/5/2025 swap (press reports, 2025-04)'),
  off('2025-09-01', 'Quốc khánh (ngày liền trước)', 'announced', 'Thông báo 6150/TB-BLĐTBXH (2024): nghỉ 30/8–2/9'),
  off('2025-09-02', 'Quốc khánh', 'statutory', LC2019),

  // 2026 — Tết: plan approved (reported 2025-10-17); New Year swap: công văn 12729/VPCP-KGVX (2025-12-25).
  off('2026-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  off('2026-01-02', 'Hoán đổi: nghỉ thứ Sáu 2/1', 'announced', 'công văn 12729/VPCP-KGVX, 2025-12-25'),
  work('2026-01-10', 'Làm bù thứ Bảy cho 2/1', 'announced', 'công văn 12729/VPCP-KGVX, 2025-12-25'),
  ...tet(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'], 'Tết Bính Ngọ (nghỉ 14/2–22/2)', 'announced',
    'Bộ Nội vụ plan approved by the PM (press reports 2025-10-17)'),
  off('2026-04-26', 'Giỗ Tổ Hùng Vương (Chủ nhật)', 'statutory', LC2019),
  off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'statutory', NGHI_BU),
  off('2026-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2026-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  work('2026-08-22', 'Làm bù thứ Bảy cho 31/8 (đề xuất)', 'assumed',
    'Bộ Nội vụ proposal, 2025-10 (press reports); approval not verified'),
  off('2026-08-31', 'Hoán đổi: nghỉ thứ Hai 31/8 (đề xuất)', 'assumed',
    'Bộ Nội vụ proposal, 2025-10 (press reports); approval not verified'),
  off('2026-09-01', 'Quốc khánh (ngày liền trước)', 'announced', 'Bộ Nội vụ plan for 2026 (press reports 2025-10)'),
  off('2026-09-02', 'Quốc khánh', 'statutory', LC2019),

  // 2027–2030: nothing announced; what derivedEntries forecasts (a test keeps the two equal).
  off('2027-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  ...tet(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'], 'Tết Đinh Mùi (Tết 6/2)', 'assumed', DERIVED),
  off('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2027-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2027-05-01', 'Quốc tế Lao động (thứ Bảy)', 'statutory', LC2019),
  off('2027-05-03', 'Nghỉ bù Quốc tế Lao động', 'statutory', NGHI_BU),
  off('2027-09-02', 'Quốc khánh', 'statutory', LC2019),
  off('2027-09-03', 'Quốc khánh (ngày liền sau)', 'assumed', DERIVED),

  off('2028-01-01', 'Tết Dương lịch (thứ Bảy)', 'statutory', LC2019),
  off('2028-01-03', 'Nghỉ bù Tết Dương lịch', 'statutory', NGHI_BU),
  ...tet(['2028-01-24', '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28'], 'Tết Mậu Thân (Tết 26/1)', 'assumed', DERIVED),
  off('2028-04-04', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2028-04-30', 'Ngày Chiến thắng (Chủ nhật)', 'statutory', LC2019),
  off('2028-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  off('2028-05-02', 'Nghỉ bù Ngày Chiến thắng', 'statutory', NGHI_BU),
  off('2028-09-01', 'Quốc khánh (ngày liền trước)', 'assumed', DERIVED),
  off('2028-09-02', 'Quốc khánh (thứ Bảy)', 'statutory', LC2019),
  off('2028-09-04', 'Nghỉ bù Quốc khánh', 'statutory', NGHI_BU),

  off('2029-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  ...tet(['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15', '2029-02-16'], 'Tết Kỷ Dậu (Tết 13/2)', 'assumed', DERIVED),
  off('2029-04-23', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2029-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2029-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  off('2029-09-02', 'Quốc khánh (Chủ nhật)', 'statutory', LC2019),
  off('2029-09-03', 'Quốc khánh (ngày liền sau)', 'assumed', DERIVED),
  off('2029-09-04', 'Nghỉ bù Quốc khánh', 'statutory', NGHI_BU),

  off('2030-01-01', 'Tết Dương lịch', 'statutory', LC2019),
  // Vietnam's Tết 2030 is on Saturday 2 February, one day before China's: the new moon falls at 23:07 in UTC+7.
  ...tet(['2030-01-31', '2030-02-01', '2030-02-04', '2030-02-05', '2030-02-06'], 'Tết Canh Tuất (Tết 2/2)', 'assumed', DERIVED),
  off('2030-04-12', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', LC2019),
  off('2030-04-30', 'Ngày Chiến thắng', 'statutory', LC2019),
  off('2030-05-01', 'Quốc tế Lao động', 'statutory', LC2019),
  off('2030-09-02', 'Quốc khánh', 'statutory', LC2019),
  off('2030-09-03', 'Quốc khánh (ngày liền sau)', 'assumed', DERIVED),
];

function isWeekend(date: IsoDate): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/**
 * The forecast for a year without a notice (and the fallback outside 2020–2030). Assumptions, each from the record of
 * the announced years:
 * - Tết: the last two days of the lunar year and mùng 1–3, weekend days among them compensated on the following
 *   weekdays; this reproduces the weekdays off of every announced year 2020–2026 (a test checks it);
 * - National Day (from 2021): the second day joins 2/9 to a weekend where it can: Monday → 3/9, Tuesday → 1/9,
 *   Thursday → 3/9, Friday and Saturday → 1/9 (as chosen 2021–2025), Wednesday → 1/9 (as planned for 2026);
 *   Sunday → 3/9 is a guess;
 * - a holiday on a Saturday or Sunday is compensated on the next weekday that is not itself a holiday (the law);
 * - no swaps (they are decided case by case and cannot be forecast).
 * Before 2013 the holiday list differed (Labour Code 1994/2007); derived dates for those years are approximate.
 */
export function derivedEntries(year: number): CalendarEntry[] {
  const law = year >= 2021 ? LC2019 : LC2012;
  const newYear = lunarNewYear(year);
  const holidays: CalendarEntry[] = [
    off(`${year}-01-01`, 'Tết Dương lịch', 'statutory', law),
    ...[-2, -1, 0, 1, 2].map((offset) => off(addDays(newYear, offset), 'Tết Nguyên Đán', 'assumed', DERIVED)),
    off(hungKingsDay(year), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'statutory', law),
    off(`${year}-04-30`, 'Ngày Chiến thắng', 'statutory', law),
    off(`${year}-05-01`, 'Quốc tế Lao động', 'statutory', law),
    off(`${year}-09-02`, 'Quốc khánh', 'statutory', law),
  ];
  if (year >= 2021) {
    // Index by day of week of 2/9: Sunday … Saturday.
    const adjacent = [+1, +1, -1, -1, +1, -1, -1][dayOfWeek(`${year}-09-02`)];
    holidays.push(off(addDays(`${year}-09-02`, adjacent), 'Quốc khánh (ngày liền kề)', 'assumed', DERIVED));
  }
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const taken = new Set(holidays.map((h) => h.date));
  const compensations: CalendarEntry[] = [];
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    compensations.push(off(day, `Nghỉ bù ${holiday.name}`, holiday.basis, year >= 2021 ? NGHI_BU : NGHI_BU_2012));
  }
  // Weekend days of the Tết block are off anyway; only the weekday ones and the compensations matter.
  return [...holidays.filter((h) => !isWeekend(h.date) || h.name !== 'Tết Nguyên Đán'), ...compensations].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}

const byYear = new Map<number, Map<IsoDate, CalendarEntry>>();

/** The entries of one year keyed by date: the literal table inside 2020–2030, the derived forecast outside. */
export function entriesOfYear(year: number): ReadonlyMap<IsoDate, CalendarEntry> {
  let entries = byYear.get(year);
  if (!entries) {
    const list =
      year >= TABLE_FIRST_YEAR && year <= TABLE_LAST_YEAR
        ? HOLIDAY_TABLE.filter((entry) => entry.date.startsWith(`${year}-`))
        : derivedEntries(year);
    entries = new Map(list.map((entry) => [entry.date, entry]));
    byYear.set(year, entries);
  }
  return entries;
}

export function calendarEntry(date: IsoDate): CalendarEntry | undefined {
  return entriesOfYear(Number(date.slice(0, 4))).get(date);
}
