import fc from 'fast-check';
import { isCalendarDate } from '../../../src/http/validation';

/** The first definition, through a JavaScript Date: what every request and import row was checked with so far. */
function byDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

describe('isCalendarDate', () => {
  it('accepts exactly what the Date-based check accepted', () => {
    // Given dates and strings near them (other lengths and separators, early years, leap days), then the same answer.
    const char = fc.constantFrom(...'0123456789-/ x');
    const day = fc.integer({ min: -800_000, max: 3_000_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    const value = fc.oneof(
      day,
      fc.string({ unit: char, minLength: 9, maxLength: 11 }),
      fc.constantFrom('0000-01-01', '0099-12-31', '0100-01-01', '1900-02-29', '2000-02-29', '2023-02-29', '2024-02-29', '2024-04-31', '9999-12-31', '2024-1-01', ' 2024-01-01'),
      fc.anything(),
    );
    fc.assert(fc.property(value, (v) => expect(isCalendarDate(v)).toBe(byDate(v))), { numRuns: 5000 });
  });
});
