import { addDays, addWorkingDays } from '../../../workflows/calendar';
import {
  certificateExpired,
  currentStep,
  datesOf,
  Deadline,
  deadlinesOf,
  partyAgeMonths,
} from '../../../workflows/admission';
import { ev, happyPath, until } from './support/events';
import { replay } from './support/given';

const deadline = (events: Parameters<typeof replay>[0], today: string, rule: Deadline['rule']) =>
  deadlinesOf(replay(events)!, { today }).find((d) => d.rule === rule);

describe('deadlines as data', () => {
  it('on the happy path every clock was met', () => {
    const all = deadlinesOf(replay(happyPath)!, { today: '2026-06-30' });
    expect(all.map((d) => [d.rule, d.status])).toEqual([
      ['R-T-CERT', 'met'],
      ['R-T-DECIDE', 'met'],
      ['R-T-CEREMONY', 'met'],
      ['R-T-REVIEW', 'met'],
      ['R-T-RECOGNISE', 'met'],
    ]);
  });

  it('a nomination has no deadline yet', () => {
    expect(deadlinesOf(replay(until('CandidateNominated'))!, { today: '2023-02-01' })).toEqual([]);
  });

  it('R-T-DECIDE (from the cell vote of 2023-06-26) is open through its due day, missed the day after, and late when decided afterwards', () => {
    const awaiting = until('GrassrootsCommitteeResolved');
    const due = addWorkingDays('2023-06-26', 60);
    expect(due).toBe('2023-09-20');
    expect(deadline(awaiting, '2023-09-20', 'R-T-DECIDE')).toEqual({
      rule: 'R-T-DECIDE',
      startedOn: '2023-06-26',
      dueOn: '2023-09-20',
      status: 'open',
      metOn: null,
      extended: false,
    });
    expect(deadline(awaiting, '2023-09-21', 'R-T-DECIDE')).toMatchObject({ status: 'missed', metOn: null });
    expect(deadline([...awaiting, ev.decided('2023-10-02', '2023-10-03')], '2023-10-03', 'R-T-DECIDE')).toMatchObject({
      status: 'missed',
      metOn: '2023-10-02',
    });
    expect(deadline([...awaiting, ev.rejected('2023-09-20')], '2024-01-01', 'R-T-DECIDE')).toMatchObject({ status: 'met' });
    expect(deadline([...awaiting, ev.rejected('2023-09-21')], '2024-01-01', 'R-T-DECIDE')).toMatchObject({ status: 'missed', metOn: '2023-09-21' });
  });

  it('is cancelled when the dossier closes before its due day', () => {
    const withdrawn = [...until('GrassrootsCommitteeResolved'), ev.withdrawn('2023-08-01')];
    expect(deadline(withdrawn, '2024-01-01', 'R-T-DECIDE')).toMatchObject({ status: 'cancelled', metOn: null });
  });

  it('R-T-CEREMONY moves to the approved delay', () => {
    const admitted = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')];
    expect(deadline(admitted, '2024-03-01', 'R-T-CEREMONY')).toMatchObject({ dueOn: '2024-03-14', status: 'open', extended: false });
    const approved = [...admitted, ev.delayApproved('2024-03-11', '2024-03-29')];
    expect(deadline(approved, '2024-03-20', 'R-T-CEREMONY')).toMatchObject({ dueOn: '2024-03-29', status: 'open', extended: true });
    expect(deadline([...approved, ev.ceremony('2024-03-28')], '2024-04-01', 'R-T-CEREMONY')).toMatchObject({
      status: 'met',
      metOn: '2024-03-28',
    });
  });

  it('R-T-REVIEW runs 30 working days from the end of probation to the recognition vote', () => {
    const waiting = until('TheoryClassCompleted');
    expect(deadline(waiting, '2024-11-01', 'R-T-REVIEW')).toMatchObject({ startedOn: '2024-09-20', dueOn: '2024-11-01', status: 'open' });
    expect(deadline(waiting, '2024-11-04', 'R-T-REVIEW')).toMatchObject({ status: 'missed' });
  });

  it('R-T-RECOGNISE starts with a vote for recognition, not with an inconclusive one', () => {
    const inconclusive = [...until('TheoryClassCompleted'), ev.recognitionVote('2024-09-20', { votesForRecognition: 5, votesForRemoval: 4 })];
    expect(deadlinesOf(replay(inconclusive)!, { today: '2024-09-21' }).map((d) => d.rule)).not.toContain('R-T-RECOGNISE');
    expect(deadline(until('RecognitionVoteHeld'), '2024-09-21', 'R-T-RECOGNISE')).toMatchObject({
      startedOn: '2024-09-20',
      dueOn: addWorkingDays('2024-09-20', 30),
      status: 'open',
    });
  });

  it('R-T-CERT is met by the vote and open again when the grassroots committee sends the dossier back', () => {
    expect(deadline(until('CellAdmissionVoteHeld'), '2023-07-01', 'R-T-CERT')).toMatchObject({ status: 'met', metOn: '2023-06-26' });
    const declined = [...until('CellAdmissionVoteHeld'), ev.grassroots('2023-07-03', false)];
    expect(deadline(declined, '2023-07-04', 'R-T-CERT')).toMatchObject({ dueOn: '2028-02-19', status: 'open', metOn: null });
  });
});

describe('certificateExpired', () => {
  const old = [ev.nominated('2018-10-01'), ev.enrolled('2018-11-01'), ev.certified('2019-01-10')];

  it('holds from the 60-month anniversary while the dossier still needs the certificate', () => {
    expect(certificateExpired(replay(old)!, '2024-01-09')).toBe(false);
    expect(certificateExpired(replay(old)!, '2024-01-10')).toBe(true);
  });

  it('does not hold once the cell has voted, nor before any certificate', () => {
    expect(certificateExpired(replay(until('CellAdmissionVoteHeld'))!, '2030-01-01')).toBe(false);
    expect(certificateExpired(replay(until('AwarenessClassEnrolled'))!, '2030-01-01')).toBe(false);
  });
});

describe('derived dates', () => {
  it('before the ceremony only the acts so far', () => {
    expect(datesOf(replay(until('AwarenessCertificateIssued'))!)).toEqual({
      nominatedOn: '2023-01-05',
      certificateIssuedOn: '2023-02-20',
      admissionDecidedOn: null,
      ceremonyOn: null,
      probationEndsOn: null,
      officialFrom: null,
    });
  });

  it('an official member is official from the end of probation, back-dated before the decision', () => {
    expect(datesOf(replay(happyPath)!)).toEqual({
      nominatedOn: '2023-01-05',
      certificateIssuedOn: '2023-02-20',
      admissionDecidedOn: '2023-09-05',
      ceremonyOn: '2023-09-20',
      probationEndsOn: '2024-09-20',
      officialFrom: '2024-09-20',
    });
  });

  it('a ceremony on 29 February ends probation on 28 February', () => {
    const ceremony = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-02-20', '2024-02-22'), ev.ceremony('2024-02-29')];
    expect(datesOf(replay(ceremony)!).probationEndsOn).toBe('2025-02-28');
  });

  it('party age counts whole months from the admission decision, for official members only', () => {
    expect(partyAgeMonths(replay(happyPath)!, '2026-09-04')).toBe(35);
    expect(partyAgeMonths(replay(happyPath)!, '2026-09-05')).toBe(36);
    expect(partyAgeMonths(replay(until('AdmissionCeremonyHeld'))!, '2026-09-05')).toBeNull();
  });

  it('exposes where the dossier stands and since when', () => {
    expect(currentStep(replay(until('SponsorsAssigned'))!)).toEqual({
      stage: 'backgroundCheck',
      state: 'backgroundCheck.opinions',
      stageEnteredOn: '2023-03-01',
      stepEnteredOn: '2023-04-12',
    });
  });
});

describe('the competent committee\'s clocks after a removal vote (R-T-REMOVE) and after a deadlock (R-T-DEADLOCK)', () => {
  const probation = until('TheoryClassCompleted'); // probation ended 2024-09-20
  const removalVote = (on: string) => ev.recognitionVote(on, { votesForRecognition: 0, votesForRemoval: 9 });
  const inconclusive = (on: string) => ev.recognitionVote(on, { votesForRecognition: 5, votesForRemoval: 4 });
  // The day before and the day of each boundary between the rule sets; 30 working days in each (rule-sets.ts default).
  const days: [string, string][] = [
    ['2025-01-17', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
  ];

  it.each(days)('a removal vote on %s (%s): 30 working days to the decision; met on the due day, missed the day after', (on) => {
    const voted = [...probation, removalVote(on)];
    const due = addWorkingDays(on, 30);
    expect(deadline(voted, due, 'R-T-REMOVE')).toEqual({ rule: 'R-T-REMOVE', startedOn: on, dueOn: due, status: 'open', metOn: null, extended: false });
    expect(deadline(voted, addDays(due, 1), 'R-T-REMOVE')).toMatchObject({ status: 'missed', metOn: null });
    expect(deadline([...voted, ev.removed(due)], '2026-06-30', 'R-T-REMOVE')).toMatchObject({ status: 'met', metOn: due });
    const late = addWorkingDays(due, 1);
    expect(deadline([...voted, ev.removed(late)], '2026-06-30', 'R-T-REMOVE')).toMatchObject({ status: 'missed', metOn: late });
    // The committee may recognise after all: that answers the clock too.
    expect(deadline([...voted, ev.recognized(due)], '2026-06-30', 'R-T-REMOVE')).toMatchObject({ status: 'met', metOn: due });
  });

  it.each(days)('three inconclusive votes, the third on %s (%s): 30 working days to the committee\'s decision', (on) => {
    const escalated = [...probation, inconclusive('2024-10-01'), inconclusive('2024-11-01'), inconclusive(on)];
    const due = addWorkingDays(on, 30);
    expect(deadline(escalated, due, 'R-T-DEADLOCK')).toMatchObject({ startedOn: on, dueOn: due, status: 'open' });
    expect(deadline(escalated, addDays(due, 1), 'R-T-DEADLOCK')).toMatchObject({ status: 'missed', metOn: null });
    expect(deadline([...escalated, ev.recognized(due)], '2026-06-30', 'R-T-DEADLOCK')).toMatchObject({ status: 'met', metOn: due });
    const late = addDays(due, 1);
    expect(deadline([...escalated, ev.removed(late)], '2026-06-30', 'R-T-DEADLOCK')).toMatchObject({ status: 'missed', metOn: late });
  });

  it('neither clock runs without its vote', () => {
    const rules = deadlinesOf(replay([...probation, inconclusive('2024-10-01'), inconclusive('2024-11-01')])!, { today: '2025-01-01' }).map((d) => d.rule);
    expect(rules).not.toContain('R-T-REMOVE');
    expect(rules).not.toContain('R-T-DEADLOCK');
  });
});
