import { addDays, addMonths, addWorkingDays } from '../../../workflows/calendar';
import { AdmissionEvent, allowedEvents, decide, deadlinesOf, Sponsor } from '../../../workflows/admission';
import { before, candidate, ev, member, until } from './support/events';
import { given, replay, TODAY } from './support/given';

/** The baseline up to the cell vote with another candidate: prerequisites done by 2023-04-14. */
const readyToVote = (who = candidate()): AdmissionEvent[] => [
  ev.nominated('2023-01-05', { candidate: who }),
  ...before('CellAdmissionVoteHeld').slice(1),
];

describe('R-AGE: 216 to 720 whole months at the cell vote', () => {
  it('born 2006-02-15: refused on 2024-02-14, accepted from 2024-02-15', () => {
    const young = readyToVote(candidate({ dateOfBirth: '2006-02-15' }));
    const refusal = given(young).when(ev.cellVote('2024-02-14')).thenRefused('R-AGE', 'UNDER_AGE');
    expect(refusal.detail).toContain('2024-02-15');
    given(young).when(ev.cellVote('2024-02-15')).thenState('backgroundCheck.grassrootsResolution');
  });

  it('born 1964-03-10: accepted until 2024-04-09; from 2024-04-10 only with the provincial approval', () => {
    const older = readyToVote(candidate({ dateOfBirth: '1964-03-10' }));
    given(older).when(ev.cellVote('2024-04-09')).thenState('backgroundCheck.grassrootsResolution');
    given(older).when(ev.cellVote('2024-04-10')).thenRefused('R-AGE', 'OVER_AGE_WITHOUT_APPROVAL');
    given(older)
      .when(ev.cellVote('2024-04-10', { specialApproval: { by: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '567-CV/TU' } }))
      .thenState('backgroundCheck.grassrootsResolution');
  });

  it('applies to a vote that fails as well: an under-age candidate is not voted on at all', () => {
    given(readyToVote(candidate({ dateOfBirth: '2006-02-15' })))
      .when(ev.cellVote('2024-02-14', { votesFor: 1 }))
      .thenRefused('R-AGE');
  });
});

describe('R-EDU: at least lower secondary; primary in hardship areas', () => {
  it('refuses a primary-educated candidate outside a hardship area at the door', () => {
    given([]).when(ev.nominated('2023-01-05', { candidate: candidate({ education: 'primary' }) })).thenRefused('R-EDU', 'EDUCATION_TOO_LOW');
  });

  it('accepts primary education in a hardship area, and lower secondary anywhere', () => {
    given([]).when(ev.nominated('2023-01-05', { candidate: candidate({ education: 'primary', hardshipArea: 'fishermen_at_sea' }) })).thenState('nominated');
    given([]).when(ev.nominated('2023-01-05', { candidate: candidate({ education: 'lower_secondary' }) })).thenState('nominated');
    const mountain = readyToVote(candidate({ education: 'primary', hardshipArea: 'mountain' }));
    given(mountain).when(ev.cellVote()).thenState('backgroundCheck.grassrootsResolution');
  });
});

describe('R-CERT: valid on every day before the 60-month anniversary', () => {
  // Issued 2019-01-10 → last valid day 2024-01-09.
  const ready: AdmissionEvent[] = [
    ev.nominated('2018-10-01'),
    ev.enrolled('2018-11-01'),
    ev.certified('2019-01-10'),
    ev.applied('2019-02-01'),
    ev.history('2019-02-05'),
    ev.checkRequested('2019-02-10'),
    ev.checkConcluded('2019-04-01'),
    ev.sponsors('2019-04-05', [member({ knownSince: '2017-06-01' }), member({ fullName: 'Võ Thị Thu', knownSince: '2016-01-15' })]),
    ev.opinions('2019-04-08'),
  ];

  it('accepts the vote on the last valid day, refuses it the day after', () => {
    given(ready).when(ev.cellVote('2024-01-09')).thenState('backgroundCheck.grassrootsResolution');
    const refusal = given(ready).when(ev.cellVote('2024-01-10')).thenRefused('R-CERT', 'CERTIFICATE_EXPIRED');
    expect(refusal.detail).toContain('2024-01-09');
  });

  it('reports the lapse as the R-T-CERT deadline', () => {
    const state = replay(ready)!;
    expect(deadlinesOf(state, { today: '2024-01-09' })).toContainEqual(
      expect.objectContaining({ rule: 'R-T-CERT', startedOn: '2019-01-10', dueOn: '2024-01-09', status: 'open' }),
    );
    expect(deadlinesOf(state, { today: '2024-01-10' })).toContainEqual(
      expect.objectContaining({ rule: 'R-T-CERT', status: 'missed', metOn: null }),
    );
  });
});

describe('R-CERT dates: issued on or after the class starts, not after the day it is recorded', () => {
  // The class starts on the boundary day itself; nominated and enrolled before it.
  it.each([
    ['2025-01-19', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
  ])('class starting %s (%s): issued that day accepted, the day before refused; issued after the recording refused', (startsOn, ruleSet) => {
    const enrolled = [ev.nominated('2024-12-02'), ev.enrolled('2024-12-16', startsOn)];
    const outcome = given(enrolled).when(ev.certified(startsOn, startsOn));
    expect(outcome.decision).toMatchObject({ ok: true, ruleSet });
    outcome.thenState('awarenessClass.certified');
    given(enrolled).when(ev.certified(startsOn, addDays(startsOn, -1))).thenRefused('R-CERT', 'ISSUED_BEFORE_CLASS_START');
    given(enrolled).when(ev.certified(startsOn, addDays(startsOn, 1))).thenRefused('R-DATE', 'ISSUED_AFTER_RECORDED_ACT');
    given(enrolled).when(ev.certified(addDays(startsOn, 30), startsOn)).thenState('awarenessClass.certified'); // back-filled later
  });

  it('after a re-enrolment the new certificate follows the new class', () => {
    const lapsed = [
      ev.nominated('2018-10-01'),
      ev.enrolled('2018-11-01'),
      ev.certified('2019-01-10'),
      ev.enrolled('2024-01-10', '2024-01-15'),
    ];
    given(lapsed).when(ev.certified('2024-03-01', '2024-01-14')).thenRefused('R-CERT', 'ISSUED_BEFORE_CLASS_START');
    given(lapsed).when(ev.certified('2024-03-01', '2024-01-15')).thenState('awarenessClass.certified');
  });
});

describe('R-AGE at each rule set\'s boundaries', () => {
  // 216 months on the boundary day: born 18 years before it; 720 months end the day before the 61st month-anniversary.
  it.each([
    ['2025-01-19', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
  ])('voted %s (%s): 18 that day is accepted, a day younger refused; 60 and 11 months accepted, over 720 months only with approval', (on, ruleSet) => {
    const bornOn = (monthsBefore: number, days = 0) => addDays(addMonths(on, -monthsBefore), days);
    const ready = (dateOfBirth: string) => readyToVote(candidate({ dateOfBirth }));
    expect(decide(replay(ready(bornOn(216))), ev.cellVote(on), { today: TODAY })).toMatchObject({ ok: true, ruleSet });
    given(ready(bornOn(216, 1))).when(ev.cellVote(on)).thenRefused('R-AGE', 'UNDER_AGE');
    // 720 whole months through the day before the 721st month-anniversary (born 1964-03-10 → until 2024-04-09).
    const lastDayOf720 = addMonths(addDays(on, 1), -721);
    const olderByADay = addDays(lastDayOf720, -1);
    given(ready(lastDayOf720)).when(ev.cellVote(on)).thenState('backgroundCheck.grassrootsResolution');
    given(ready(olderByADay)).when(ev.cellVote(on)).thenRefused('R-AGE', 'OVER_AGE_WITHOUT_APPROVAL');
    given(ready(olderByADay))
      .when(ev.cellVote(on, { specialApproval: { by: 'Ban Thường vụ Tỉnh ủy Bình Dương', ref: '567-CV/TU' } }))
      .thenState('backgroundCheck.grassrootsResolution');
  });
});

describe('R-SPONSOR', () => {
  // Assignment on 2023-04-12.
  const assign = (sponsors: Sponsor[], who = candidate()) =>
    given([ev.nominated('2023-01-05', { candidate: who }), ...before('SponsorsAssigned').slice(1)]).when(ev.sponsors('2023-04-12', sponsors));
  const second = member({ fullName: 'Võ Thị Thu', knownSince: '2020-01-15' });

  it('a member sponsor who has known the candidate 12 months qualifies; at 11 months only as a replacement', () => {
    assign([member({ knownSince: '2022-04-12' }), second]).thenState('backgroundCheck.opinions');
    const refusal = assign([member({ knownSince: '2022-04-13' }), second]).thenRefused('R-SPONSOR', 'KNOWN_TOO_SHORT');
    expect(refusal.detail).toContain('11 whole months');
    // A replacement replaces someone: on the first assignment there is nobody to replace.
    assign([member({ knownSince: '2022-04-13', replacement: true }), second]).thenRefused('R-SPONSOR', 'REPLACEMENT_WITHOUT_PREDECESSOR');
    const assigned = [ev.nominated('2023-01-05'), ...before('SponsorsAssigned').slice(1), ev.sponsors('2023-04-12')];
    given(assigned)
      .when(ev.sponsors('2023-04-13', [member({ fullName: 'Đỗ Văn Tư', knownSince: '2022-04-14', replacement: true }), second]))
      .thenState('backgroundCheck.opinions');
  });

  /** Everything ready for the sponsors by 2023-04-10; the assignment on `on`. */
  const assignOn = (on: string, sponsors: Sponsor[], who = candidate()) =>
    given([ev.nominated('2023-01-05', { candidate: who }), ...before('SponsorsAssigned').slice(1)]).when(ev.sponsors(on, sponsors));
  const youthUnion: Sponsor = { kind: 'youth_union_committee', resolutionNo: '4-NQ/ĐTN' };
  const boundaries: [string, string][] = [
    ['2025-01-19', 'R2021'],
    ['2025-01-20', 'R2025a'],
    ['2025-06-30', 'R2025a'],
    ['2025-07-01', 'R2025b'],
  ];

  it.each(boundaries)('on %s (%s) a sponsor known 12 months to the day qualifies, one day less does not', (on, ruleSet) => {
    const yearBefore = addMonths(on, -12);
    const outcome = assignOn(on, [member({ knownSince: yearBefore }), second]);
    expect(outcome.decision).toMatchObject({ ok: true, ruleSet });
    assignOn(on, [member({ knownSince: addDays(yearBefore, 1) }), second]).thenRefused('R-SPONSOR', 'KNOWN_TOO_SHORT');
  });

  it.each(boundaries)('on %s (%s) knownSince lies between the candidate\'s birth and the assignment', (on) => {
    // born 1995-05-20
    assignOn(on, [member({ knownSince: '1995-05-19' }), second]).thenRefused('R-SPONSOR', 'KNOWN_BEFORE_BIRTH');
    assignOn(on, [member({ knownSince: '1995-05-20' }), second]).thenState('backgroundCheck.opinions');
    const dayAfter = addDays(on, 1);
    assignOn(on, [member({ knownSince: dayAfter }), second]).thenRefused('R-SPONSOR', 'KNOWN_AFTER_ASSIGNMENT');
    assignOn(on, [member({ knownSince: on }), second]).thenRefused('R-SPONSOR', 'KNOWN_TOO_SHORT');
  });

  it.each(boundaries)('on %s (%s) a sponsor official from that day qualifies, from the day after not', (on) => {
    assignOn(on, [member({ officialSince: on }), second]).thenState('backgroundCheck.opinions');
    const dayAfter = addDays(on, 1);
    assignOn(on, [member({ officialSince: dayAfter }), second]).thenRefused('R-SPONSOR', 'SPONSOR_NOT_OFFICIAL');
  });

  // A youth-union member of youth age (16–30 at the assignment) needs the youth-union committee and one member.
  it.each([
    ['1994-01-20', '2025-01-19', 'R2021'],
    ['1994-07-01', '2025-06-30', 'R2025a'],
  ])('born %s, assigned %s (%s): 30, of youth age: two members are refused, the youth-union committee and one member accepted', (born, on) => {
    const youth = candidate({ dateOfBirth: born, categories: ['youth_union', 'worker'] });
    const refusal = assignOn(on, [member(), second], youth).thenRefused('R-SPONSOR', 'YOUTH_UNION_COMMITTEE_REQUIRED');
    expect(refusal.detail).toContain('30');
    assignOn(on, [member(), youthUnion], youth).thenState('backgroundCheck.opinions');
  });

  it.each([
    ['1994-01-20', '2025-01-20', 'R2025a'],
    ['1994-07-01', '2025-07-01', 'R2025b'],
  ])('born %s, assigned %s (%s): 31, past youth age: two members are accepted', (born, on, ruleSet) => {
    const older = candidate({ dateOfBirth: born, categories: ['youth_union', 'worker'] });
    expect(assignOn(on, [member(), second], older).decision).toMatchObject({ ok: true, ruleSet });
  });

  it('a youth-age candidate who is not in the youth union may have two members (whether the workplace has a youth union is not recorded)', () => {
    assignOn('2025-01-19', [member(), second], candidate({ dateOfBirth: '1994-01-20', categories: ['trade_union'] })).thenState('backgroundCheck.opinions');
  });

  it('a sponsor must already be an official member', () => {
    assign([member({ officialSince: '2023-04-13' }), second]).thenRefused('R-SPONSOR', 'SPONSOR_NOT_OFFICIAL');
  });

  it('needs exactly two sponsors, at least one a party member, not the same person twice', () => {
    assign([member()]).thenRefused('R-SPONSOR', 'WRONG_SPONSORS');
    assign([member(), second, member({ fullName: 'Lý Văn Ba' })]).thenRefused('R-SPONSOR', 'WRONG_SPONSORS');
    const committees: Sponsor[] = [
      { kind: 'trade_union_committee', resolutionNo: '3-NQ/CĐ' },
      { kind: 'youth_union_committee', resolutionNo: '4-NQ/ĐTN' },
    ];
    assign(committees, candidate({ categories: ['youth_union'] })).thenRefused('R-SPONSOR', 'WRONG_SPONSORS');
    assign([member(), member({ fullName: ' trần văn minh ' })]).thenRefused('R-SPONSOR', 'SAME_SPONSOR_TWICE');
  });

  it('the youth-union committee may stand in for a youth-union member only', () => {
    const youth: Sponsor = { kind: 'youth_union_committee', resolutionNo: '4-NQ/ĐTN' };
    assign([member(), youth], candidate({ categories: ['youth_union', 'student'] })).thenState('backgroundCheck.opinions');
    assign([member(), youth], candidate({ categories: ['trade_union'] })).thenRefused('R-SPONSOR', 'YOUTH_UNION_COMMITTEE_NOT_ALLOWED');
  });

  it('the trade-union committee stands in for a trade-union member who is not in the youth union', () => {
    const union: Sponsor = { kind: 'trade_union_committee', resolutionNo: '3-NQ/CĐ' };
    assign([member(), union], candidate({ categories: ['trade_union', 'worker'] })).thenState('backgroundCheck.opinions');
    assign([member(), union], candidate({ categories: ['trade_union', 'youth_union'] })).thenRefused(
      'R-SPONSOR',
      'TRADE_UNION_COMMITTEE_NOT_ALLOWED',
    );
    assign([member(), union], candidate({ categories: ['business_owner'] })).thenRefused('R-SPONSOR', 'TRADE_UNION_COMMITTEE_NOT_ALLOWED');
  });
});

describe('R-VOTE: two thirds of official members minus excluded, not of those present', () => {
  const ready = before('CellAdmissionVoteHeld');

  it('11 official members, 2 excluded: 6 of 9 carries, 5 does not', () => {
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 11, excluded: 2, votesFor: 6 })).thenState(
      'backgroundCheck.grassrootsResolution',
    );
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 11, excluded: 2, votesFor: 5 })).thenState('backgroundCheck.cellVote');
  });

  it('without the exclusion the same 6 votes fall short (two thirds of 11 is 7.33)', () => {
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 11, excluded: 0, votesFor: 7 })).thenState('backgroundCheck.cellVote');
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 11, excluded: 0, votesFor: 8 })).thenState(
      'backgroundCheck.grassrootsResolution',
    );
  });

  it('a cell of 2 official members cannot vote (CELL_TOO_SMALL); 3 can', () => {
    const refusal = given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 2, votesFor: 2 })).thenRefused('R-VOTE', 'CELL_TOO_SMALL');
    expect(refusal.detailVi).toContain('ít nhất 3');
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 3, votesFor: 2 })).thenState('backgroundCheck.grassrootsResolution');
  });

  it('refuses counts that cannot be', () => {
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 9, excluded: 1, votesFor: 9 })).thenRefused('R-VOTE', 'INVALID_COUNTS');
    given(ready).when(ev.cellVote('2023-06-26', { officialMembers: 5, excluded: 5, votesFor: 0 })).thenRefused('R-VOTE', 'INVALID_COUNTS');
    given(ready).when(ev.cellVote('2023-06-26', { votesFor: -1 })).thenRefused('R-VOTE', 'INVALID_COUNTS');
    given(ready).when(ev.cellVote('2023-06-26', { votesFor: 6.5 })).thenRefused('R-VOTE', 'INVALID_COUNTS');
    given(before('RecognitionVoteHeld'))
      .when(ev.recognitionVote('2024-09-20', { votesForRecognition: 5, votesForRemoval: 5 }))
      .thenRefused('R-VOTE', 'INVALID_COUNTS');
  });
});

describe('R-ORDER', () => {
  it('the cell vote needs every item of the dossier, and says which are missing', () => {
    const refusal = given(until('BackgroundCheckConcluded')).when(ev.cellVote('2023-04-11')).thenRefused('R-ORDER', 'PREREQUISITES_MISSING');
    expect(refusal.detail).toContain('sponsors (3-KNĐ, 4-KNĐ), opinions of mass organisations (5-KNĐ)');
    expect(refusal.detailVi).toContain('người giới thiệu');
  });

  it('verification follows the declared history, and covers the candidate and every relative before it passes', () => {
    given(until('ApplicationSubmitted')).when(ev.checkRequested('2023-03-02')).thenRefused('R-ORDER', 'HISTORY_NOT_DECLARED');
    given(until('PersonalHistoryDeclared')).when(ev.checkRequested('2023-03-06', ['candidate', 'spouse'])).thenRefused('R-ORDER', 'UNKNOWN_SUBJECT');
    // Nobody in this history is a party member: the candidate and both parents are verified (R-RELATIVES).
    const noMember = [
      ...until('ApplicationSubmitted'),
      ev.history('2023-03-02', [
        { relation: 'father', fullName: 'Nguyễn Văn Tâm', isPartyMember: false },
        { relation: 'mother', fullName: 'Phạm Thị Hoa', isPartyMember: false },
      ]),
    ];
    const partial = [...noMember, ev.checkRequested('2023-03-06', ['candidate', 'father'])];
    const refusal = given(partial).when(ev.checkConcluded()).thenRefused('R-ORDER', 'VERIFICATION_INCOMPLETE');
    expect(refusal.detail).toContain('mother');
    given(partial).when(ev.checkConcluded('2023-04-10', 'fail')).thenState('dropped');
  });

  it('a concluded check is not concluded again, nor the history declared anew', () => {
    given(until('BackgroundCheckConcluded')).when(ev.checkConcluded('2023-04-11')).thenRefused('R-ORDER', 'ALREADY_CONCLUDED');
    given(until('BackgroundCheckConcluded')).when(ev.history('2023-04-11')).thenRefused('R-ORDER', 'HISTORY_ALREADY_VERIFIED');
  });

  it('recognition needs the theory class and the end of probation: ceremony 2023-09-20 → vote from 2024-09-20', () => {
    given(until('AdmissionCeremonyHeld')).when(ev.recognitionVote()).thenRefused('R-ORDER', 'THEORY_CLASS_NOT_COMPLETED');
    given(before('RecognitionVoteHeld')).when(ev.recognitionVote('2024-09-19')).thenRefused('R-ORDER', 'PROBATION_NOT_ENDED');
    given(before('RecognitionVoteHeld')).when(ev.recognitionVote('2024-09-20')).thenState('probationary.awaitingRecognition');
  });

  it('the ceremony cannot precede the receipt of the decision', () => {
    given(until('AdmissionDecided')).when(ev.ceremony('2023-09-07')).thenRefused('R-ORDER', 'CEREMONY_BEFORE_RECEIPT');
  });
});

describe('R-DEADLOCK: three inconclusive recognition votes in a row escalate', () => {
  const inconclusive = (on: string) => ev.recognitionVote(on, { votesForRecognition: 5, votesForRemoval: 4 });
  const twice = [...before('RecognitionVoteHeld'), inconclusive('2024-09-20'), inconclusive('2024-10-04')];

  it('stays in review after two, escalates on the third', () => {
    given([...before('RecognitionVoteHeld'), inconclusive('2024-09-20')]).when(inconclusive('2024-10-04')).thenState('probationary.review');
    const escalated = given(twice).when(inconclusive('2024-10-18')).thenState('probationary.recognitionEscalated');
    expect(escalated.context.escalatedOn).toBe('2024-10-18');
  });

  it('after escalation the cell does not vote again; the competent committee decides', () => {
    const thrice = [...twice, inconclusive('2024-10-18')];
    given(thrice).when(inconclusive('2024-11-01')).thenRefused('R-DEADLOCK', 'ESCALATED');
    given(thrice).when(ev.recognized('2024-11-15')).thenState('official');
    given(thrice).when(ev.removed('2024-11-15')).thenState('removed');
  });

  it('counts only votes in a row: a decisive third vote is not a deadlock', () => {
    given(twice).when(ev.recognitionVote('2024-10-18', { votesForRecognition: 6, votesForRemoval: 3 })).thenState(
      'probationary.awaitingRecognition',
    );
  });
});

describe('R-DATE', () => {
  const state = until('AwarenessClassEnrolled'); // last event 2023-02-06

  it('an event may not predate the previous one; the same day is fine', () => {
    given(state).when(ev.certified('2023-02-05')).thenRefused('R-DATE', 'BEFORE_PREVIOUS_EVENT');
    given(state).when(ev.certified('2023-02-06')).thenState('awarenessClass.certified');
  });

  it('nor lie after today', () => {
    given(state, '2023-03-01').when(ev.certified('2023-03-02')).thenRefused('R-DATE', 'IN_THE_FUTURE');
    given(state, '2023-03-01').when(ev.certified('2023-03-01')).thenState('awarenessClass.certified');
  });

  it('refuses dates that do not exist and data dates out of place', () => {
    given(state).when(ev.certified('2023-02-30')).thenRefused('R-DATE', 'INVALID_DATE');
    given(state).when(ev.certified('2023-02-20', '2023-02-21')).thenRefused('R-DATE', 'ISSUED_AFTER_RECORDED_ACT');
    given(until('GrassrootsCommitteeResolved')).when(ev.decided('2023-09-05', '2023-09-04')).thenRefused('R-DATE', 'RECEIPT_OUT_OF_RANGE');
    given([]).when(ev.nominated('2023-01-05', { candidate: candidate({ dateOfBirth: '2023-01-06' }) })).thenRefused('R-DATE');
    given(until('AdmissionDecided')).when(ev.delayApproved('2023-09-10', '2023-09-09')).thenRefused('R-DATE', 'UNTIL_BEFORE_APPROVAL');
  });
});

describe('R-T-CEREMONY: 30 working days from receipt, across Tết 2024', () => {
  // Decision received Thursday 2024-01-25; Tết Giáp Thìn takes 8–14 February → working day 30 is 2024-03-14.
  const admitted = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')];

  it('accepts the ceremony on working day 30, refuses it on day 31 without approval', () => {
    expect(addWorkingDays('2024-01-25', 30)).toBe('2024-03-14');
    given(admitted).when(ev.ceremony('2024-03-14')).thenState('probationary.theoryClass');
    given(admitted).when(ev.ceremony('2024-03-15')).thenRefused('R-T-CEREMONY', 'LATE_WITHOUT_APPROVAL');
  });

  it('a prior CeremonyDelayApproved allows a late ceremony up to its date', () => {
    const approved = [...admitted, ev.delayApproved('2024-03-11', '2024-03-29')];
    given(approved).when(ev.ceremony('2024-03-15')).thenState('probationary.theoryClass');
    given(approved).when(ev.ceremony('2024-03-29')).thenState('probationary.theoryClass');
    given(approved).when(ev.ceremony('2024-04-01')).thenRefused('R-T-CEREMONY', 'AFTER_APPROVED_DELAY');
  });
});

describe('R-T-DECIDE: 60 working days from the cell\'s passed vote, extended once by at most 30', () => {
  // The clock starts with the chi bộ's resolution (24-QĐ/TW and 232-QĐ/TW 4.3.1): voted 2023-06-26 → due 2023-09-20.
  const awaiting = until('GrassrootsCommitteeResolved');
  const preparedBy = before('CellAdmissionVoteHeld'); // everything ready by 2023-04-14
  const decideOf = (state: ReturnType<typeof replay>, today: string) =>
    deadlinesOf(state!, { today }).find((d) => d.rule === 'R-T-DECIDE');

  it('voted 2023-10-16 → due 2024-01-09, and the grassroots resolution of 2024-01-15 does not restart it', () => {
    const voted = [...preparedBy, ev.cellVote('2023-10-16')];
    expect(decideOf(replay(voted), '2024-01-09')).toMatchObject({ startedOn: '2023-10-16', dueOn: '2024-01-09', status: 'open' });
    expect(decideOf(replay(voted), '2024-01-10')).toMatchObject({ dueOn: '2024-01-09', status: 'missed', metOn: null });
    const resolvedLate = [...voted, ev.grassroots('2024-01-15')];
    expect(decideOf(replay(resolvedLate), '2024-01-15')).toMatchObject({ startedOn: '2023-10-16', dueOn: '2024-01-09', status: 'missed' });
  });

  it('a decision on the due day meets it; one on the day after is late and stays missed', () => {
    const resolved = [...preparedBy, ev.cellVote('2023-10-16'), ev.grassroots('2023-11-20')];
    expect(decideOf(replay([...resolved, ev.decided('2024-01-09', '2024-01-10')]), '2024-02-01')).toMatchObject({ status: 'met', metOn: '2024-01-09' });
    expect(decideOf(replay([...resolved, ev.decided('2024-01-10', '2024-01-10')]), '2024-02-01')).toMatchObject({ status: 'missed', metOn: '2024-01-10' });
    expect(decideOf(replay([...resolved, ev.rejected('2024-01-10')]), '2024-02-01')).toMatchObject({ status: 'missed', metOn: '2024-01-10' });
  });

  it('a failed vote starts nothing; a declining grassroots resolution closes the clock and the next passed vote opens a new one', () => {
    expect(decideOf(replay([...preparedBy, ev.cellVote('2023-10-16', { votesFor: 5 })]), '2024-06-01')).toBeUndefined();
    const declined = [...preparedBy, ev.cellVote('2023-10-16'), ev.grassroots('2023-11-20', false)];
    expect(decideOf(replay(declined), '2024-06-01')).toBeUndefined();
    expect(decideOf(replay([...declined, ev.cellVote('2023-12-04')]), '2023-12-05')).toMatchObject({
      startedOn: '2023-12-04',
      dueOn: addWorkingDays('2023-12-04', 60),
      status: 'open',
    });
  });

  // The rule set is that of the vote's date; the figures are the same in the three.
  it.each([
    ['R2021', '2025-01-17'],
    ['R2025a', '2025-01-20'],
    ['R2025a', '2025-06-30'],
    ['R2025b', '2025-07-01'],
  ])('under %s, voted %s: due after 60 working days, met on the due day, missed the day after', (ruleSet, votedOn) => {
    const due = addWorkingDays(votedOn, 60);
    const resolved = [...preparedBy, ev.cellVote(votedOn), ev.grassroots(votedOn)];
    expect(decide(replay(resolved), ev.decided(due, due), { today: TODAY })).toMatchObject({ ok: true });
    expect(decide(replay(preparedBy), ev.cellVote(votedOn), { today: TODAY })).toMatchObject({ ok: true, ruleSet });
    expect(decideOf(replay([...resolved, ev.decided(due, due)]), TODAY)).toMatchObject({ startedOn: votedOn, dueOn: due, status: 'met' });
    const late = addWorkingDays(due, 1);
    expect(decideOf(replay([...resolved, ev.decided(late, late)]), TODAY)).toMatchObject({ dueOn: due, status: 'missed', metOn: late });
  });

  it('accepts one extension of up to 30 working days and moves the due date', () => {
    const state = given(awaiting).when(ev.extended('2023-09-20', 30)).thenState('backgroundCheck.awaitingDecision');
    expect(deadlinesOf(state, { today: '2023-09-28' })).toContainEqual(
      expect.objectContaining({ rule: 'R-T-DECIDE', dueOn: addWorkingDays('2023-06-26', 90), status: 'open', extended: true }),
    );
  });

  it('refuses 0 or 31 days, a second extension, and an extension after the deadline passed', () => {
    given(awaiting).when(ev.extended('2023-09-20', 31)).thenRefused('R-T-DECIDE', 'EXTENSION_OUT_OF_RANGE');
    given(awaiting).when(ev.extended('2023-09-20', 0)).thenRefused('R-T-DECIDE', 'EXTENSION_OUT_OF_RANGE');
    given([...awaiting, ev.extended('2023-09-19', 10)]).when(ev.extended('2023-09-20', 10)).thenRefused('R-T-DECIDE', 'ALREADY_EXTENDED');
    given(awaiting).when(ev.extended('2023-09-20', 5)).thenState('backgroundCheck.awaitingDecision');
    given(awaiting).when(ev.extended('2023-09-21', 5)).thenRefused('R-T-DECIDE', 'DEADLINE_ALREADY_PASSED');
  });

  it('extends R-T-DECIDE from the cell\'s passed vote on, before the grassroots resolution too; the due day moves with it', () => {
    const voted = until('CellAdmissionVoteHeld'); // passed on 2023-06-26
    const extended = given(voted).when(ev.extended('2023-07-03', 20)).thenState('backgroundCheck.grassrootsResolution');
    expect(deadlinesOf(extended, { today: '2023-07-03' })).toContainEqual(
      expect.objectContaining({ rule: 'R-T-DECIDE', startedOn: '2023-06-26', dueOn: addWorkingDays('2023-06-26', 80), extended: true }),
    );
    given([...voted, ev.extended('2023-07-03', 20), ev.grassroots('2023-07-10')]).when(ev.extended('2023-07-11', 5)).thenRefused('R-T-DECIDE', 'ALREADY_EXTENDED');
    given(until('SponsorsAssigned')).when(ev.extended('2023-06-20', 20)).thenNotAllowed();
  });

  it('extends the recognition decision the same way (R-T-RECOGNISE)', () => {
    const voted = until('RecognitionVoteHeld');
    given(voted).when(ev.extended('2024-10-01', 15)).thenState('probationary.awaitingRecognition');
    given([...voted, ev.extended('2024-10-01', 15)]).when(ev.extended('2024-10-02', 5)).thenRefused('R-T-RECOGNISE', 'ALREADY_EXTENDED');
  });
});

describe('the recognition path: cell (13-KNĐ) → grassroots committee (15-KNĐ) → competent committee (16-KNĐ)', () => {
  // The cell voted for recognition on 2024-09-20; the competent committee decides later.
  const voted = until('RecognitionVoteHeld');

  it('the grassroots resolution sits between the vote and the decision, for or against; once only', () => {
    given(voted).when(ev.grassrootsRecognition('2024-09-27')).thenState('probationary.recognitionResolved');
    given(voted).when(ev.grassrootsRecognition('2024-09-27', false)).thenState('probationary.recognitionResolved');
    const resolved = [...voted, ev.grassrootsRecognition('2024-09-27')];
    given(resolved).when(ev.recognized('2024-10-01')).thenState('official');
    given(resolved).when(ev.grassrootsRecognition('2024-09-30')).thenNotAllowed();
    given(resolved).when(ev.extended('2024-09-30', 10)).thenState('probationary.recognitionResolved');
  });

  it('is not a step before the cell has voted for recognition', () => {
    given(until('TheoryClassCompleted')).when(ev.grassrootsRecognition('2024-09-27')).thenNotAllowed();
  });

  // Required from R2025b (rule-sets.ts `recognitionNeedsGrassrootsResolution`); earlier regimes accept both paths so
  // that stored and back-filled histories keep replaying.
  it.each([
    ['2025-01-17', 'R2021', true],
    ['2025-01-20', 'R2025a', true],
    ['2025-06-30', 'R2025a', true],
    ['2025-07-01', 'R2025b', false],
  ])('a recognition on %s (%s) without the grassroots resolution: accepted %s', (on, ruleSet, accepted) => {
    const outcome = given(voted).when(ev.recognized(on));
    if (accepted) expect(outcome.decision).toMatchObject({ ok: true, ruleSet });
    else outcome.thenRefused('R-ORDER', 'GRASSROOTS_RECOGNITION_MISSING');
    expect(decide(replay([...voted, ev.grassrootsRecognition(on)]), ev.recognized(on), { today: TODAY })).toMatchObject({ ok: true, ruleSet });
  });

  it('the allowed steps offer the recognition without the grassroots resolution only where the rules of the earliest date it could bear accept it', () => {
    const votedOn = (on: string) => [...until('TheoryClassCompleted'), ev.recognitionVote(on)];
    const allowedAfter = (on: string) => allowedEvents(replay(votedOn(on), '2025-12-01')!, { today: '2025-12-01' });
    expect(allowedAfter('2025-06-30')).toEqual(expect.arrayContaining(['GrassrootsRecognitionResolved', 'OfficialMembershipRecognized']));
    expect(allowedAfter('2025-07-01')).toContain('GrassrootsRecognitionResolved');
    expect(allowedAfter('2025-07-01')).not.toContain('OfficialMembershipRecognized');
  });

  it('after a removal vote or a deadlock the competent committee decides without it', () => {
    const removal = [...until('TheoryClassCompleted'), ev.recognitionVote('2025-07-01', { votesForRecognition: 0, votesForRemoval: 9 })];
    given(removal).when(ev.recognized('2025-07-15')).thenState('official');
  });

  it('R-T-RECOGNISE runs from the cell\'s vote through the grassroots resolution to the decision', () => {
    const decided = replay([...voted, ev.grassrootsRecognition('2024-10-15'), ev.recognized('2024-11-01')])!;
    expect(deadlinesOf(decided, { today: TODAY })).toContainEqual(
      expect.objectContaining({ rule: 'R-T-RECOGNISE', startedOn: '2024-09-20', dueOn: addWorkingDays('2024-09-20', 30), status: 'met' }),
    );
  });
});
