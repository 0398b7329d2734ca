/**
 * From deadline rows to wake-ups, and what a wake-up finds (src/timers/wake-ups.ts, judge.ts): pure functions,
 * tested on histories the workflow accepts.
 */
import { judge } from '../../../src/timers/judge';
import { fireOn, startOfDay, wakeUpFor } from '../../../src/timers/wake-ups';
import { DEFAULT_STALL_DAYS } from '../../../src/config/config';
import { ev, until } from '../workflows/support/events';
import { replay } from '../workflows/support/given';

const HCM = 'Asia/Ho_Chi_Minh';
const admitted = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')];

describe('startOfDay', () => {
  it('is local midnight: 7 hours before UTC midnight in Việt Nam, and follows a DST change elsewhere', () => {
    expect(startOfDay('2024-03-15', HCM).toISOString()).toBe('2024-03-14T17:00:00.000Z');
    expect(startOfDay('2024-03-31', 'Europe/Berlin').toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(startOfDay('2024-04-01', 'Europe/Berlin').toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(startOfDay('2024-02-29', 'UTC').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('wake-ups of deadline rows', () => {
  const row = {
    dossier_id: 'd1',
    rule: 'R-T-CEREMONY',
    step: null,
    started_on: '2024-01-25',
    due_on: '2024-03-14',
    deadline_key: 'R-T-CEREMONY@2024-03-14',
    status: 'open' as const,
    last_recorded_at: '2024-01-25T03:00:00.000Z',
    position: 7,
  };
  const options = { stallDays: DEFAULT_STALL_DAYS, timeZone: HCM, quietMs: 3600_000 };

  it('a statutory deadline wakes at the start of the day after its last day', () => {
    expect(fireOn(row, DEFAULT_STALL_DAYS)).toBe('2024-03-15');
    expect(wakeUpFor(row, options)).toEqual({ id: 'd1/R-T-CEREMONY', dossierId: 'd1', rule: 'R-T-CEREMONY', dueAt: new Date('2024-03-14T17:00:00.000Z') });
  });

  it('not while its dossier is being written: an hour after the last write at the earliest', () => {
    expect(wakeUpFor({ ...row, last_recorded_at: '2024-03-14T16:30:00.000Z' }, options)?.dueAt).toEqual(new Date('2024-03-14T17:30:00.000Z'));
  });

  it('a stall wakes the day it reaches its threshold, only for configured steps', () => {
    const stall = { ...row, rule: 'STALL', step: 'nominated', started_on: '2024-01-05', due_on: null };
    expect(fireOn(stall, DEFAULT_STALL_DAYS)).toBe('2024-04-04');
    expect(fireOn({ ...stall, step: 'admitted' }, DEFAULT_STALL_DAYS)).toBeUndefined();
    expect(wakeUpFor({ ...stall, step: 'admitted' }, options)).toBeUndefined();
  });
});

describe('judge', () => {
  it('R-T-CEREMONY across Tết: too early on its last day, missed the day after, nothing once the ceremony is held', () => {
    const state = replay(admitted)!;
    expect(judge(state, 'R-T-CEREMONY', '2024-03-14', DEFAULT_STALL_DAYS)).toEqual({ act: 'early', fireOn: '2024-03-15' });
    expect(judge(state, 'R-T-CEREMONY', '2024-03-15', DEFAULT_STALL_DAYS)).toEqual({
      act: 'remind',
      kind: 'deadline-missed',
      rule: 'R-T-CEREMONY',
      step: null,
      dueOn: '2024-03-14',
      deadlineKey: 'R-T-CEREMONY@2024-03-14',
    });
    const held = replay([...admitted, ev.ceremony('2024-03-01')])!;
    expect(judge(held, 'R-T-CEREMONY', '2024-03-15', DEFAULT_STALL_DAYS)).toEqual({ act: 'nothing', reason: 'the deadline is met' });
  });

  it('a dossier closed before or after the due day records nothing', () => {
    const withdrawnLate = replay([...admitted, ev.withdrawn('2024-03-20')])!;
    expect(judge(withdrawnLate, 'R-T-CEREMONY', '2024-03-21', DEFAULT_STALL_DAYS)).toMatchObject({ act: 'nothing' });
    const withdrawnEarly = replay([...admitted, ev.withdrawn('2024-02-01')])!;
    expect(judge(withdrawnEarly, 'R-T-CEREMONY', '2024-03-21', DEFAULT_STALL_DAYS)).toEqual({ act: 'nothing', reason: 'the deadline is cancelled' });
  });

  it('a lapsed certificate before the cell vote is a reminder; after the vote it is nothing', () => {
    const certified = [ev.nominated('2018-10-01'), ev.enrolled('2018-11-01'), ev.certified('2019-01-10')];
    const state = replay(certified, '2019-01-10')!;
    expect(judge(state, 'R-T-CERT', '2024-01-09', DEFAULT_STALL_DAYS)).toEqual({ act: 'early', fireOn: '2024-01-10' });
    expect(judge(state, 'R-T-CERT', '2024-01-10', DEFAULT_STALL_DAYS)).toMatchObject({ act: 'remind', kind: 'certificate-expired', dueOn: '2024-01-09' });
    expect(judge(replay(until('CellAdmissionVoteHeld'))!, 'R-T-CERT', '2030-01-01', DEFAULT_STALL_DAYS)).toMatchObject({ act: 'nothing' });
  });

  it('a stall is judged on the step the dossier rests in now', () => {
    const nominated = replay([ev.nominated('2023-01-05')], '2023-01-05')!;
    expect(judge(nominated, 'STALL', '2023-04-04', DEFAULT_STALL_DAYS)).toEqual({ act: 'early', fireOn: '2023-04-05' });
    expect(judge(nominated, 'STALL', '2023-04-05', DEFAULT_STALL_DAYS)).toEqual({
      act: 'remind',
      kind: 'stall',
      rule: null,
      step: 'nominated',
      dueOn: '2023-04-05',
      deadlineKey: 'STALL:nominated@2023-01-05',
    });
    expect(judge(nominated, 'STALL', '2023-04-05', {})).toEqual({ act: 'nothing', reason: 'no stall threshold for this step' });
    const enrolled = replay(until('AwarenessClassEnrolled'))!;
    expect(judge(enrolled, 'STALL', '2023-04-05', DEFAULT_STALL_DAYS)).toEqual({ act: 'early', fireOn: '2023-04-07' });
  });
});
