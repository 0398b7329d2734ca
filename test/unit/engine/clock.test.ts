import { businessDate, BusinessDay, startOfDay } from '../../../src/engine/clock';

const HCM = 'Asia/Ho_Chi_Minh'; // UTC+7, no daylight saving
const NEW_YORK = 'America/New_York'; // daylight saving: 2024-03-10 has 23 hours, 2024-11-03 has 25

describe('business dates', () => {
  it('changes at local midnight, not at UTC midnight (asked in and out of order, so a remembered day cannot leak)', () => {
    const instants: [string, string][] = [
      ['2024-02-29T16:59:59.999Z', '2024-02-29'],
      ['2024-02-29T17:00:00.000Z', '2024-03-01'],
      ['2024-03-01T16:59:59.999Z', '2024-03-01'],
      ['2024-02-29T16:59:59.999Z', '2024-02-29'],
      ['2024-03-01T17:00:00.000Z', '2024-03-02'],
      ['2024-03-01T12:00:00.000Z', '2024-03-01'],
    ];
    for (const [instant, date] of instants) expect(businessDate(new Date(instant), HCM)).toBe(date);
  });

  it('keeps zones apart', () => {
    const instant = new Date('2024-03-01T02:00:00Z');
    expect(businessDate(instant, HCM)).toBe('2024-03-01');
    expect(businessDate(instant, NEW_YORK)).toBe('2024-02-29');
    expect(businessDate(instant, HCM)).toBe('2024-03-01');
  });

  it('handles days of 23 and 25 hours', () => {
    expect(businessDate(new Date('2024-03-11T03:59:59Z'), NEW_YORK)).toBe('2024-03-10');
    expect(businessDate(new Date('2024-03-11T04:00:00Z'), NEW_YORK)).toBe('2024-03-11');
    expect(businessDate(new Date('2024-11-04T04:59:59Z'), NEW_YORK)).toBe('2024-11-03');
    expect(businessDate(new Date('2024-11-04T05:00:00Z'), NEW_YORK)).toBe('2024-11-04');
  });
});

describe('startOfDay', () => {
  it('is local midnight as a UTC instant, the same when asked again', () => {
    expect(startOfDay('2024-03-01', HCM).toISOString()).toBe('2024-02-29T17:00:00.000Z');
    expect(startOfDay('2024-03-01', HCM).toISOString()).toBe('2024-02-29T17:00:00.000Z');
    expect(startOfDay('2024-03-10', NEW_YORK).toISOString()).toBe('2024-03-10T05:00:00.000Z');
    expect(startOfDay('2024-03-11', NEW_YORK).toISOString()).toBe('2024-03-11T04:00:00.000Z');
  });

  it('hands out a fresh Date each time, so a caller changing it cannot change the next answer', () => {
    const first = startOfDay('2025-01-01', HCM);
    first.setTime(0);
    expect(startOfDay('2025-01-01', HCM).toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });
});

describe('BusinessDay', () => {
  it('reads today through its clock', () => {
    let now = new Date('2024-02-29T16:59:59Z');
    const day = new BusinessDay({ now: () => now }, HCM);
    expect(day.today()).toBe('2024-02-29');
    now = new Date('2024-02-29T17:00:00Z');
    expect(day.today()).toBe('2024-03-01');
    expect(day.startOf('2024-03-01').toISOString()).toBe('2024-02-29T17:00:00.000Z');
  });
});
