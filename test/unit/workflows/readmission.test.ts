/**
 * R-READMIT (Quy định 24-QĐ/TW 3.5, 232-QĐ/TW and 294-QĐ/TW 3.5): once only; not after leaving by abandoning party
 * activity or by a voluntary request, nor after serious disunity, a corruption conviction or a serious offence; 36
 * months after leaving (60 after a less serious conviction is cleared) at the cell vote; the provincial standing
 * committee's written consent before the decision; then the usual probation.
 */
import { addDays, addMonths } from '../../../workflows/calendar';
import { AdmissionEvent, datesOf, Readmission } from '../../../workflows/admission';
import { certainlyRefused } from '../../../workflows/admission/rules';
import { before, ev, readmission } from './support/events';
import { given, TODAY } from './support/given';

/** Prerequisites of the cell vote (done by 2023-04-14) for a readmission. */
const readyToVote = (r: Readmission): AdmissionEvent[] => [
  ev.nominated('2023-01-05', { readmission: r }),
  ...before('CellAdmissionVoteHeld').slice(1),
];

/** One cell-vote day in each rule set. */
const VOTE_DAYS = [
  ['R2021', '2023-06-26'],
  ['R2025a', '2025-03-10'],
  ['R2025b', '2025-08-29'],
] as const;

describe('R-READMIT at the nomination: once only, and not for the barred records (3.5.1, 3.5.2)', () => {
  it('refuses a person readmitted before', () => {
    given([]).when(ev.nominated('2023-01-05', { readmission: readmission({ readmittedBefore: true }) })).thenRefused('R-READMIT', 'ALREADY_READMITTED');
  });

  it.each([
    [{ leftHow: 'abandoned_party_activity' as const }, 'LEFT_BY_ABANDONING_ACTIVITY'],
    [{ leftHow: 'resigned' as const }, 'LEFT_BY_RESIGNING'],
    [{ causedSeriousDisunity: true }, 'SERIOUS_DISUNITY'],
    [{ conviction: { severity: 'less_serious' as const, corruption: true, clearedOn: '2019-01-01' } }, 'CORRUPTION_CONVICTION'],
    [{ conviction: { severity: 'serious' as const, corruption: false, clearedOn: '2019-01-01' } }, 'SERIOUS_CONVICTION'],
    [{ conviction: { severity: 'less_serious' as const, corruption: false } }, 'CONVICTION_NOT_CLEARED'],
    [{ leftOn: '2023-01-06' }, 'LEFT_AFTER_NOMINATION'],
  ])('refuses %j with %s', (overrides, reason) => {
    given([]).when(ev.nominated('2023-01-05', { readmission: readmission(overrides) })).thenRefused('R-READMIT', reason);
  });

  it('accepts the expelled, the removed and those who left for especially difficult family reasons', () => {
    for (const leftHow of ['expelled', 'removed', 'resigned_family_hardship'] as const) {
      given([]).when(ev.nominated('2023-01-05', { readmission: readmission({ leftHow }) })).thenState('nominated');
    }
  });
});

describe.each(VOTE_DAYS)('R-READMIT waiting periods under %s (cell vote on %s)', (ruleSet, vote) => {
  it('36 months after leaving: refused the day before the anniversary, accepted on it', () => {
    const ready = readyToVote(readmission({ leftOn: addMonths(vote, -36) }));
    const refusal = given(ready).when(ev.cellVote(addDays(vote, -1))).thenRefused('R-READMIT', 'WAIT_NOT_OVER');
    expect(refusal.detail).toContain(vote);
    const outcome = given(ready).when(ev.cellVote(vote));
    expect(outcome.decision).toMatchObject({ ok: true, ruleSet });
    outcome.thenState('backgroundCheck.grassrootsResolution');
  });

  it('60 months after a less serious conviction is cleared', () => {
    const ready = readyToVote(
      readmission({ leftOn: addMonths(vote, -72), conviction: { severity: 'less_serious', corruption: false, clearedOn: addMonths(vote, -60) } }),
    );
    given(ready).when(ev.cellVote(addDays(vote, -1))).thenRefused('R-READMIT', 'CONVICTION_WAIT_NOT_OVER');
    given(ready).when(ev.cellVote(vote)).thenState('backgroundCheck.grassrootsResolution');
  });
});

describe('R-READMIT: month arithmetic as R-CERT (clamped to the month end)', () => {
  it('left 2020-05-31 → from 2023-05-31; left 2020-06-30 → from 2023-06-30 (the day before refused)', () => {
    given(readyToVote(readmission({ leftOn: '2020-06-30' }))).when(ev.cellVote('2023-06-29')).thenRefused('R-READMIT', 'WAIT_NOT_OVER');
    given(readyToVote(readmission({ leftOn: '2020-06-30' }))).when(ev.cellVote('2023-06-30')).thenState('backgroundCheck.grassrootsResolution');
    given(readyToVote(readmission({ leftOn: '2020-05-31' }))).when(ev.cellVote('2023-05-31')).thenState('backgroundCheck.grassrootsResolution');
  });

  it('cleared on a 29 February → 60 months end on 28 February (clamped): the 27th refused, the 28th accepted', () => {
    const ready = readyToVote(readmission({ leftOn: '2019-01-02', conviction: { severity: 'less_serious', corruption: false, clearedOn: '2020-02-29' } }));
    given(ready).when(ev.cellVote('2025-02-27')).thenRefused('R-READMIT', 'CONVICTION_WAIT_NOT_OVER');
    given(ready).when(ev.cellVote('2025-02-28')).thenState('backgroundCheck.grassrootsResolution');
  });
});

describe('R-READMIT: the provincial consent before the decision; then the usual probation', () => {
  const throughGrassroots = (r = readmission()): AdmissionEvent[] => [...readyToVote(r), ev.cellVote(), ev.grassroots()];

  it('refuses the decision without the consent, and does not offer it', () => {
    const outcome = given(throughGrassroots());
    outcome.when(ev.decided()).thenRefused('R-READMIT', 'CONSENT_MISSING');
    expect(certainlyRefused(outcome.state!, 'AdmissionDecided', TODAY)).toBe(true);
    expect(certainlyRefused(outcome.state!, 'ReadmissionConsented', TODAY)).toBe(false);
  });

  it.each(['2023-01-20', '2023-07-05'])('accepts a consent recorded on %s (before or after the cell vote), then the decision', (on) => {
    const events = throughGrassroots();
    const at = events.findIndex((e) => e.occurredOn > on);
    const history = at < 0 ? [...events, ev.readmissionConsented(on)] : [...events.slice(0, at), ev.readmissionConsented(on), ...events.slice(at)];
    given(history).when(ev.decided()).thenState('admitted');
  });

  it('refuses a consent on a first admission, and a second consent', () => {
    given(before('GrassrootsCommitteeResolved')).when(ev.readmissionConsented()).thenRefused('R-READMIT', 'NOT_A_READMISSION');
    given([...throughGrassroots(), ev.readmissionConsented('2023-07-05')]).when(ev.readmissionConsented('2023-07-06')).thenRefused('R-READMIT', 'ALREADY_CONSENTED');
  });

  it('counts the new probation and party age from the new admission, not from the first membership', () => {
    const admitted = given([...throughGrassroots(), ev.readmissionConsented('2023-07-05'), ev.decided()]).when(ev.ceremony()).thenState('probationary.theoryClass');
    expect(datesOf(admitted)).toMatchObject({ admissionDecidedOn: '2023-09-05', probationEndsOn: '2024-09-20' });
  });

  it('first admissions are untouched: no consent asked', () => {
    given(before('AdmissionDecided')).when(ev.decided()).thenState('admitted');
  });
});
