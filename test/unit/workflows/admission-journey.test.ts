import {
  allowedEvents,
  certificateExpired,
  decide,
  evolve,
  fold,
  MACHINE_VERSION,
  MACHINES,
  stageOf,
  stateOf,
} from '../../../workflows/admission';
import { before, candidate, ev, happyPath, until } from './support/events';
import { given, replay, TODAY } from './support/given';

describe('the journey nominated → official', () => {
  const expected: [string, string][] = [
    ['CandidateNominated', 'nominated'],
    ['AwarenessClassEnrolled', 'awarenessClass.enrolled'],
    ['AwarenessCertificateIssued', 'awarenessClass.certified'],
    ['ApplicationSubmitted', 'backgroundCheck.personalHistory'],
    ['PersonalHistoryDeclared', 'backgroundCheck.verification'],
    ['BackgroundCheckRequested', 'backgroundCheck.verification'],
    ['BackgroundCheckConcluded', 'backgroundCheck.sponsors'],
    ['SponsorsAssigned', 'backgroundCheck.opinions'],
    ['MassOrganizationOpinionsCollected', 'backgroundCheck.cellVote'],
    ['CellAdmissionVoteHeld', 'backgroundCheck.grassrootsResolution'],
    ['GrassrootsCommitteeResolved', 'backgroundCheck.awaitingDecision'],
    ['AdmissionDecided', 'admitted'],
    ['AdmissionCeremonyHeld', 'probationary.theoryClass'],
    ['TheoryClassCompleted', 'probationary.review'],
    ['RecognitionVoteHeld', 'probationary.awaitingRecognition'],
    ['OfficialMembershipRecognized', 'official'],
  ];

  it.each(expected.map(([type, state], i) => [i, type, state] as const))('step %i: when %s, then %s', (i, _type, state) => {
    given(happyPath.slice(0, i)).when(happyPath[i]).thenState(state);
  });

  it('ends official, and a closed dossier accepts nothing more', () => {
    const state = replay(happyPath)!;
    expect(stageOf(state)).toBe('official');
    expect(allowedEvents(state, { today: TODAY })).toEqual([]);
    given(happyPath).when(ev.transferred('2025-01-02')).thenNotAllowed();
  });

  it('remembers when the dossier entered its stage and its sub-step (for stall reminders)', () => {
    const state = replay(until('BackgroundCheckRequested'))!;
    expect(state.stageEnteredOn).toBe('2023-03-01'); // application: background check stage
    expect(state.stepEnteredOn).toBe('2023-03-02'); // history declared: waiting for verification since then
    expect(state.lastEventOn).toBe('2023-03-06');
  });

  it('keeps the state as plain JSON that folds on identically after a round trip', () => {
    const state = replay(until('SponsorsAssigned'))!;
    const copy = JSON.parse(JSON.stringify(state));
    expect(copy).toEqual(state);
    const next = ev.opinions();
    expect(evolve(copy, next, { machineVersion: 1 })).toEqual(evolve(state, next, { machineVersion: 1 }));
  });

  it('takes the preparation of the background check in any order, waiting for the first item missing', () => {
    const prefix = until('ApplicationSubmitted');
    const afterOpinions = given(prefix).when(ev.opinions('2023-03-02')).thenState('backgroundCheck.personalHistory');
    const afterSponsors = evolve(afterOpinions, ev.sponsors('2023-03-03'), { machineVersion: 1 });
    expect(stateOf(afterSponsors)).toBe('backgroundCheck.personalHistory');
    const events = [...prefix, ev.opinions('2023-03-02'), ev.sponsors('2023-03-03'), ev.history('2023-03-04'), ev.checkRequested('2023-03-05')];
    given(events).when(ev.checkConcluded('2023-04-10')).thenState('backgroundCheck.cellVote');
  });
});

describe('votes that do not carry', () => {
  it('a failed cell vote is recorded and the dossier stays ready for another vote', () => {
    const failed = given(before('CellAdmissionVoteHeld'))
      .when(ev.cellVote('2023-06-26', { votesFor: 5 }))
      .thenState('backgroundCheck.cellVote');
    expect(failed.context.cellVotes).toMatchObject([{ passed: false, votesFor: 5 }]);
    given([...before('CellAdmissionVoteHeld'), ev.cellVote('2023-06-26', { votesFor: 5 })])
      .when(ev.cellVote('2023-07-24'))
      .thenState('backgroundCheck.grassrootsResolution');
  });

  it('a grassroots committee that does not approve sends the dossier back to the cell vote', () => {
    const declined = [...until('CellAdmissionVoteHeld'), ev.grassroots('2023-07-03', false)];
    given(until('CellAdmissionVoteHeld')).when(ev.grassroots('2023-07-03', false)).thenState('backgroundCheck.cellVote');
    given(declined).when(ev.cellVote('2023-08-01')).thenState('backgroundCheck.grassrootsResolution');
    given(declined).when(ev.decided('2023-08-01', '2023-08-02')).thenNotAllowed();
  });
});

describe('endings', () => {
  it('rejected: the competent committee says no', () => {
    given(until('GrassrootsCommitteeResolved')).when(ev.rejected()).thenState('rejected');
  });

  it('dropped: the cell removes the candidate from its list, at any stage before admission', () => {
    given(until('CandidateNominated')).when(ev.dropped('2023-02-01')).thenState('dropped');
    given(until('GrassrootsCommitteeResolved')).when(ev.dropped('2023-08-01')).thenState('dropped');
    given(until('AdmissionDecided')).when(ev.dropped('2023-09-10')).thenNotAllowed();
  });

  it('dropped: a failed background check ends the dossier', () => {
    const state = given(until('BackgroundCheckRequested')).when(ev.checkConcluded('2023-04-10', 'fail')).thenState('dropped');
    expect(state.context.ending).toMatchObject({ type: 'BackgroundCheckConcluded', on: '2023-04-10' });
  });

  it('withdrawn: the candidate withdraws, even after the decision but before the ceremony', () => {
    given(until('AwarenessClassEnrolled')).when(ev.withdrawn('2023-02-10')).thenState('withdrawn');
    given(until('AdmissionDecided')).when(ev.withdrawn('2023-09-10')).thenState('withdrawn');
    given(until('AdmissionCeremonyHeld')).when(ev.withdrawn('2023-10-01')).thenNotAllowed();
  });

  it('removed: a probationary member is struck off, during probation or after a vote for removal', () => {
    given(until('AdmissionCeremonyHeld')).when(ev.removed('2024-03-01')).thenState('removed');
    const removalVote = ev.recognitionVote('2024-09-20', { votesForRecognition: 2, votesForRemoval: 7 });
    given(before('RecognitionVoteHeld')).when(removalVote).thenState('probationary.awaitingRemoval');
    given([...before('RecognitionVoteHeld'), removalVote]).when(ev.removed('2024-10-01')).thenState('removed');
    given(until('CandidateNominated')).when(ev.removed('2023-02-01')).thenNotAllowed();
  });
});

describe('transfer to another cell', () => {
  it('moves ownership at any open stage and keeps the state and the history', () => {
    const state = given(until('SponsorsAssigned')).when(ev.transferred('2023-04-13', 'cell-b')).thenState('backgroundCheck.opinions');
    expect(state.context.cellId).toBe('cell-b');
    expect(state.context.transfers).toEqual([{ on: '2023-04-13', fromCellId: 'cell-a', toCellId: 'cell-b' }]);
    expect(state.stepEnteredOn).toBe('2023-04-12');
    given(until('AdmissionCeremonyHeld')).when(ev.transferred('2023-12-01')).thenState('probationary.theoryClass');
    given(until('AdmissionDecided')).when(ev.transferred('2023-09-10')).thenState('admitted');
  });

  it('is not possible once the dossier is closed', () => {
    given([...until('CandidateNominated'), ev.withdrawn('2023-01-10')]).when(ev.transferred('2023-01-11')).thenNotAllowed();
  });
});

describe('re-enrolment after a lapsed certificate', () => {
  // Certificate issued 2019-01-10: valid through 2024-01-09 (R-CERT).
  const old = [
    ev.nominated('2018-10-01'),
    ev.enrolled('2018-11-01'),
    ev.certified('2019-01-10'),
    ev.applied('2019-02-01'),
    ev.history('2019-02-05'),
    ev.checkRequested('2019-02-10'),
    ev.checkConcluded('2019-04-01'),
    ev.sponsors('2019-04-05', [
      { kind: 'party_member', fullName: 'Trần Văn Minh', officialSince: '2010-05-19', knownSince: '2017-06-01' },
      { kind: 'party_member', fullName: 'Võ Thị Thu', officialSince: '2012-01-01', knownSince: '2016-01-15' },
    ]),
  ];

  it('shows certificateExpired from the 60-month anniversary while the vote is still ahead', () => {
    const state = replay(old)!;
    expect(certificateExpired(state, '2024-01-09')).toBe(false);
    expect(certificateExpired(state, '2024-01-10')).toBe(true);
    expect(allowedEvents(state, { today: '2024-01-09' })).not.toContain('AwarenessClassEnrolled');
    expect(allowedEvents(state, { today: '2024-01-10' })).toContain('AwarenessClassEnrolled');
  });

  it('goes back to the awareness class, and once certified again straight back to the background check', () => {
    given(old).when(ev.enrolled('2024-01-09')).thenRefused('R-CERT', 'CERTIFICATE_STILL_VALID');
    const reEnrolled = given(old).when(ev.enrolled('2024-01-10')).thenState('awarenessClass.enrolled');
    expect(certificateExpired(reEnrolled, '2024-06-01')).toBe(false);
    const renewed = [...old, ev.enrolled('2024-01-10'), ev.certified('2024-03-01')];
    given(renewed).when(ev.applied('2024-03-04')).thenState('backgroundCheck.opinions');
    given([...renewed, ev.applied('2024-03-04'), ev.opinions('2024-03-05')]).when(ev.cellVote('2024-03-20')).thenState(
      'backgroundCheck.grassrootsResolution',
    );
  });

  it('a certified candidate whose certificate lapsed before applying may re-enrol too', () => {
    const certified = old.slice(0, 3);
    given(certified).when(ev.enrolled('2024-01-10')).thenState('awarenessClass.enrolled');
  });
});

describe('refusals when the state does not fit', () => {
  it('lists what could be recorded instead, in both languages', () => {
    const refusal = given(until('CandidateNominated')).when(ev.ceremony('2023-02-01')).thenNotAllowed();
    expect(refusal.allowed).toEqual(['AwarenessClassEnrolled', 'CandidateDropped', 'CandidateWithdrawn', 'DossierTransferred']);
    expect(refusal.detail).toContain('nominated');
    expect(refusal.detailVi).toContain('nominated');
  });

  it('opens a dossier only with CandidateNominated, and only once', () => {
    expect(decide(undefined, ev.enrolled(), { today: TODAY })).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      allowed: ['CandidateNominated'],
    });
    given(until('CandidateNominated')).when(ev.nominated('2023-01-06')).thenNotAllowed();
  });

  it('leaves out of `allowed` what a rule would refuse whatever the date', () => {
    const state = replay(until('BackgroundCheckConcluded'))!;
    const allowed = allowedEvents(state, { today: TODAY });
    expect(allowed).toContain('SponsorsAssigned');
    expect(allowed).not.toContain('CellAdmissionVoteHeld'); // sponsors and opinions missing (R-ORDER)
    expect(allowed).not.toContain('AwarenessClassEnrolled'); // certificate still valid (R-CERT)
    expect(allowed).not.toContain('PersonalHistoryDeclared'); // history already verified (R-ORDER)
    expect(allowed).not.toContain('BackgroundCheckConcluded'); // already concluded (R-ORDER)
    expect(allowedEvents(replay(until('ApplicationSubmitted')), { today: TODAY })).not.toContain('BackgroundCheckRequested');
  });
});

describe('machine versions', () => {
  it('opens new dossiers with version 1 and keeps a pinned dossier on its own version', () => {
    expect(MACHINE_VERSION).toBe(1);
    expect(Object.keys(MACHINES)).toEqual(['1']);
    const state = replay(until('AwarenessClassEnrolled'))!;
    expect(state.machineVersion).toBe(1);
    expect(evolve(state, ev.certified(), { machineVersion: 7 }).machineVersion).toBe(1);
    expect(decide(state, ev.certified(), { today: TODAY })).toEqual({ ok: true, ruleSet: 'R2021', machineVersion: 1 });
  });

  it('refuses to fold through a version it does not have', () => {
    expect(() => evolve(undefined, ev.nominated(), { machineVersion: 2 })).toThrow(/unknown admission machine version 2/);
    expect(() => fold([ev.enrolled()], { machineVersion: 1 })).toThrow(/must start with CandidateNominated/);
  });

  it('folds an accepted history with evolve alone to the same state as decide + evolve', () => {
    expect(fold(happyPath, { machineVersion: 1 })).toEqual(replay(happyPath));
    expect(fold([ev.nominated('2023-01-05', { candidate: candidate({ fullName: 'Đỗ Văn An' }) })], { machineVersion: 1 })?.context
      .candidate.fullName).toBe('Đỗ Văn An');
  });
});
