import { addMonthsUnder, wholeMonthsUnder } from '../../../workflows/admission/rule-sets';
import { decide, RULE_SETS, ruleSetFor } from '../../../workflows/admission';
import { ev } from './support/events';
import { given, replay, TODAY } from './support/given';

describe('rule sets are chosen by the date of each act', () => {
  it.each([
    ['2016-05-01', 'R2021'],
    ['2025-01-19', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
    ['2030-01-01', 'R2025b'],
  ])('%s → %s', (date, id) => {
    expect(ruleSetFor(date)).toBe(id);
  });

  it('stamps each accepted act with the rule set of its own date, not of the dossier', () => {
    const nominated = replay([ev.nominated('2025-01-10')])!;
    expect(decide(nominated, ev.enrolled('2025-01-19'), { today: TODAY })).toMatchObject({ ok: true, ruleSet: 'R2021' });
    expect(decide(nominated, ev.enrolled('2025-01-20'), { today: TODAY })).toMatchObject({ ok: true, ruleSet: 'R2025a' });
    expect(decide(nominated, ev.enrolled('2025-07-01'), { today: TODAY })).toMatchObject({ ok: true, ruleSet: 'R2025b' });
  });
});

describe('where the regimes differ, the act date decides', () => {
  // The mother is a party member; only the candidate and the father were sent verification letters.
  const history = [
    ev.nominated('2025-01-10'),
    ev.enrolled('2025-01-20'),
    ev.certified('2025-03-03'),
    ev.applied('2025-03-10'),
    ev.history('2025-03-12'),
    ev.checkRequested('2025-03-20', ['candidate', 'father']),
  ];

  it('until 2025-06-30 (R2025a) a relative who is a party member must still be verified', () => {
    const refusal = given(history).when(ev.checkConcluded('2025-06-30')).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
    expect(refusal.detail).toContain('R2025a');
    expect(refusal.detail).toContain('mother');
  });

  it('from 2025-07-01 (R2025b, Hướng dẫn 06-HD/TW) the party-member relative needs no verification', () => {
    const outcome = given(history).when(ev.checkConcluded('2025-07-01'));
    expect(outcome.decision).toEqual({ ok: true, ruleSet: 'R2025b', machineVersion: 1 });
    outcome.thenState('backgroundCheck.sponsors');
  });

  it('a relative who is not a party member is verified under every regime', () => {
    const fatherMissing = [...history.slice(0, -1), ev.checkRequested('2025-03-20', ['candidate', 'mother'])];
    given(fatherMissing).when(ev.checkConcluded('2025-07-01')).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
  });
});

describe('open points are data', () => {
  it('names the assumption on 06-HD/TW before 2025-07-01 as a switch of R2025a', () => {
    expect(RULE_SETS.R2025a.verification.partyMemberRelativesExempt).toBe(false);
    expect(RULE_SETS.R2025b.verification.partyMemberRelativesExempt).toBe(true);
    for (const rules of Object.values(RULE_SETS)) {
      expect(rules.texts.length).toBeGreaterThan(0);
      expect(rules.notes.competentCommittee.length).toBeGreaterThan(0);
      expect(rules.notes.certificateIssuer.length).toBeGreaterThan(0);
    }
  });

  it('offers a second month-end rule for periods in months', () => {
    const clamp = RULE_SETS.R2021;
    const nextMonth = { ...RULE_SETS.R2021, monthEndRule: 'next-month-start' as const };
    expect(addMonthsUnder(clamp, '2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsUnder(nextMonth, '2024-01-31', 1)).toBe('2024-03-01');
    expect(addMonthsUnder(nextMonth, '2024-01-15', 1)).toBe('2024-02-15');
    expect(wholeMonthsUnder(clamp, '2024-01-31', '2024-02-29')).toBe(1);
    expect(wholeMonthsUnder(nextMonth, '2024-01-31', '2024-02-29')).toBe(0);
    expect(wholeMonthsUnder(nextMonth, '2024-01-31', '2024-03-01')).toBe(1);
  });
});
