import { addMonthsUnder, wholeMonthsUnder } from '../../../workflows/admission/rule-sets';
import { decide, RULE_SETS, ruleSetFor } from '../../../workflows/admission';
import { ev, until } from './support/events';
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

describe('R-RELATIVES: a party member among the relatives spares verification, in every regime (01-HD/TW 2021 3.4 c)', () => {
  const declared = (relatives: Parameters<typeof ev.history>[1]) => [...until('ApplicationSubmitted'), ev.history('2023-03-02', relatives)];
  const father = { relation: 'father', fullName: 'Nguyễn Văn Tâm', isPartyMember: false } as const;
  const mother = { relation: 'mother', fullName: 'Phạm Thị Hoa', isPartyMember: false } as const;
  const spouse = { relation: 'spouse', fullName: 'Lê Văn Nam', isPartyMember: false } as const;
  const sibling = { relation: 'sibling', fullName: 'Nguyễn Văn Hải', isPartyMember: true } as const;
  // The day before and the day of each boundary between the regimes, and a day well inside R2021.
  const days: [string, string][] = [
    ['2023-04-10', 'R2021'],
    ['2025-01-19', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
  ];

  it.each(days)('on %s (%s) a sibling who is a party member spares the candidate\'s side: the check passes with no letter', (on, ruleSet) => {
    const outcome = given(declared([father, mother, sibling])).when(ev.checkConcluded(on));
    expect(outcome.decision).toEqual({ ok: true, ruleSet, machineVersion: 1 });
    outcome.thenState('backgroundCheck.sponsors');
  });

  it.each(days)('on %s (%s) a mother who is a party member spares her and the father; the spouse\'s side is still verified', (on, ruleSet) => {
    const history = declared([father, { ...mother, isPartyMember: true }, spouse]);
    const refusal = given(history).when(ev.checkConcluded(on)).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
    expect(refusal.detail).toBe(`Under ${ruleSet} the history of spouse must be verified (BackgroundCheckRequested) before the check can pass.`);
    given([...history, ev.checkRequested('2023-03-06', ['spouse'])]).when(ev.checkConcluded(on)).thenState('backgroundCheck.sponsors');
  });

  it.each(days)('on %s (%s) a parent-in-law who is a party member spares the spouse\'s side only', (on) => {
    const history = declared([father, mother, spouse, { relation: 'father_in_law', fullName: 'Lê Văn Bảy', isPartyMember: true }]);
    const asked = [...history, ev.checkRequested('2023-03-06', ['candidate', 'father'])];
    const refusal = given(asked).when(ev.checkConcluded(on)).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
    expect(refusal.detail).toContain('the history of mother must');
    given([...asked, ev.checkRequested('2023-03-07', ['mother'])]).when(ev.checkConcluded(on)).thenState('backgroundCheck.sponsors');
  });

  it.each(days)('on %s (%s) without a party member every listed relative is verified; a sibling is not one of them', (on) => {
    const history = declared([father, mother, { ...sibling, isPartyMember: false }]);
    const refusal = given([...history, ev.checkRequested('2023-03-06', ['candidate', 'father'])]).when(ev.checkConcluded(on)).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
    expect(refusal.detail).toContain('the history of mother must');
    given([...history, ev.checkRequested('2023-03-06', ['candidate', 'father', 'mother'])]).when(ev.checkConcluded(on)).thenState('backgroundCheck.sponsors');
  });

  it('a sibling may be named in a verification request (declared), though not required', () => {
    given(declared([father, mother, sibling])).when(ev.checkRequested('2023-03-06', ['sibling'])).thenState('backgroundCheck.verification');
  });
});

describe('open points are data', () => {
  it('R-RELATIVES is data, the same in every regime (01-HD/TW 2021 3.4 c, kept by 06-HD/TW)', () => {
    for (const rules of Object.values(RULE_SETS)) expect(rules.verification.partyMemberRelatives).toBe('side');
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
