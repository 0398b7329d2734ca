export * from './dates';
export { lunarNewYear, hungKingsDay, lunarToSolar } from './lunar';
export {
  HOLIDAY_TABLE,
  TABLE_FIRST_YEAR,
  TABLE_LAST_YEAR,
  derivedEntries,
  calendarEntry,
  type CalendarEntry,
  type EntryBasis,
} from './holidays';
export { isWorkingDay, addWorkingDays, workingDaysBetween } from './working-days';
