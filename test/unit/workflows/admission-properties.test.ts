/**
 * Random histories: each step proposes an event (usually one of the allowed types, sometimes any type) with random
 * data near the rules' edges, dated a random gap after the previous act. Properties:
 * - the dossier is always in one of the model's states, and its state stays plain JSON;
 * - a refusal is well-formed data and changes nothing; an accepted event never breaks a rule (checked here against
 *   independent restatements of the rules, not against the workflow's own checks);
 * - folding the accepted events with `evolve` alone, and deciding them again, reproduces the same state.
 */
import fc from 'fast-check';
import { addDays, addMonths, addWorkingDays, IsoDate, maxDate, wholeMonthsBetween } from '../../../workflows/calendar';
import {
  AdmissionEvent,
  AdmissionEventType,
  allowedEvents,
  CANDIDATE_CATEGORIES,
  decide,
  decideEach,
  DossierState,
  EDUCATION_LEVELS,
  EVENT_TYPES,
  evolve,
  fold,
  MACHINES,
  RELATIONS,
  ruleSetFor,
  stageOf,
  STAGES,
  stateOf,
} from '../../../workflows/admission';
import { TODAY } from './support/given';

/** The states of the model (domain.md's stages and their sub-steps); `backgroundCheck.routing` is transient. */
const MODEL = [
  'nominated',
  'awarenessClass.enrolled',
  'awarenessClass.certified',
  'backgroundCheck.personalHistory',
  'backgroundCheck.verification',
  'backgroundCheck.sponsors',
  'backgroundCheck.opinions',
  'backgroundCheck.cellVote',
  'backgroundCheck.grassrootsResolution',
  'backgroundCheck.awaitingDecision',
  'admitted',
  'probationary.theoryClass',
  'probationary.review',
  'probationary.awaitingRecognition',
  'probationary.recognitionResolved',
  'probationary.awaitingRemoval',
  'probationary.recognitionEscalated',
  'official',
  'rejected',
  'dropped',
  'withdrawn',
  'removed',
];

const RULE_IDS = ['R-AGE', 'R-EDU', 'R-CERT', 'R-SPONSOR', 'R-VOTE', 'R-ORDER', 'R-DEADLOCK', 'R-DATE', 'R-T-DECIDE', 'R-T-CEREMONY', 'R-T-RECOGNISE', 'R-READMIT'];

const RARE: AdmissionEventType[] = ['CandidateDropped', 'CandidateWithdrawn', 'AdmissionRejected', 'ProbationaryMemberRemoved', 'DossierTransferred'];

interface Step {
  /** 0–5: the journey's next event; 6–8: any allowed event (endings rarer); 9: any event type at all */
  mode: number;
  pick: number;
  gap: number;
  n: [number, number, number, number];
  flag: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  mode: fc.integer({ min: 0, max: 9 }),
  pick: fc.nat(10_000),
  // Mostly days or weeks; now and then a jump over a probation year or a certificate's lapse (or slightly backwards).
  gap: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 14 }), weight: 16 },
    { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 4 },
    { arbitrary: fc.integer({ min: -3, max: 400 }), weight: 1 },
  ),
  n: fc.tuple(fc.nat(12), fc.nat(12), fc.nat(12), fc.nat(12)),
  flag: fc.boolean(),
});

const runArb = fc.record({
  start: fc.integer({ min: 0, max: 6 * 365 }).map((d) => addDays('2016-01-01', d)),
  ageYears: fc.integer({ min: 15, max: 64 }),
  mood: fc.integer({ min: 0, max: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }),
});

function buildEvent(
  type: AdmissionEventType,
  on: IsoDate,
  s: Step,
  state: DossierState | undefined,
  { ageYears, mood }: { ageYears: number; mood: number },
): AdmissionEvent {
  const [a, b, c, d] = s.n;
  const declared = state?.context.personalHistory?.relatives.map((r) => r.relation) ?? [];
  switch (type) {
    case 'CandidateNominated':
      return {
        type,
        occurredOn: on,
        candidate: {
          fullName: 'Phạm Văn Thử',
          dateOfBirth: addDays(on, -Math.round(ageYears * 365.25) - a * 17),
          gender: s.flag ? 'male' : 'female',
          education: EDUCATION_LEVELS[b % EDUCATION_LEVELS.length],
          categories: [CANDIDATE_CATEGORIES[c % CANDIDATE_CATEGORIES.length], CANDIDATE_CATEGORIES[d % 2]],
          ...(a % 3 === 0 ? { hardshipArea: 'border' as const } : {}),
        },
        cellId: 'cell-p',
        nominatedBy: { kind: 'youth_union', name: 'Đoàn cơ sở' },
        helper: { name: 'Hà Văn Giúp' },
      };
    case 'ReadmissionConsented':
      return { type, occurredOn: on, consentedBy: 'Ban Thường vụ Tỉnh ủy', ref: `${a}-CV/TU` };
    case 'AwarenessClassEnrolled':
      return { type, occurredOn: on, className: 'Lớp nhận thức', startsOn: addDays(on, a) };
    case 'AwarenessCertificateIssued':
      return { type, occurredOn: on, certificateNo: `GCN-${on}`, issuedOn: addDays(on, b === 0 ? 1 : -(a % 3)), issuer: 'Trung tâm' };
    case 'ApplicationSubmitted':
    case 'MassOrganizationOpinionsCollected':
    case 'AdmissionCeremonyHeld':
      return { type, occurredOn: on };
    case 'PersonalHistoryDeclared':
      return {
        type,
        occurredOn: on,
        relatives: RELATIONS.filter((_, i) => ((a * 13 + b) >> i) & 1).map((relation, i) => ({
          relation,
          fullName: `Người thân ${i}`,
          isPartyMember: (c + i) % 3 === 0,
        })),
      };
    case 'BackgroundCheckRequested':
      return {
        type,
        occurredOn: on,
        subjects: s.flag ? ['candidate', ...declared] : [...(['candidate', ...RELATIONS] as const)].filter((_, i) => (a >> i) & 1),
        addressedTo: 'Đảng ủy xã',
      };
    case 'BackgroundCheckConcluded':
      return { type, occurredOn: on, result: a % 6 === 0 ? 'fail' : 'pass', concludedBy: 'Đảng ủy cơ sở' };
    case 'SponsorsAssigned':
      return {
        type,
        occurredOn: on,
        sponsors: [
          { kind: 'party_member', fullName: 'Người giới thiệu 1', officialSince: addDays(on, b === 0 ? 1 : -2000), knownSince: addMonths(on, -(6 + a)), ...(s.flag ? { replacement: true } : {}) },
          c % 3 === 0
            ? { kind: d % 2 ? 'youth_union_committee' : 'trade_union_committee', resolutionNo: '1-NQ' }
            : { kind: 'party_member', fullName: 'Người giới thiệu 2', officialSince: '2005-01-01', knownSince: addMonths(on, -(10 + d)) },
        ],
      };
    case 'CellAdmissionVoteHeld': {
      const officialMembers = 1 + a;
      return {
        type,
        occurredOn: on,
        officialMembers,
        excluded: b % 3,
        votesFor: c % (officialMembers + 1),
        ...(s.flag ? { specialApproval: { by: 'Ban Thường vụ Tỉnh ủy', ref: '1-CV/TU' } } : {}),
      };
    }
    case 'GrassrootsCommitteeResolved':
      return { type, occurredOn: on, approve: a % 4 !== 0 };
    case 'DecisionDeadlineExtended':
      return { type, occurredOn: on, workingDays: a * 3, reason: 'lý do' };
    case 'AdmissionDecided':
      return { type, occurredOn: on, decisionNo: '1-QĐ', decidedBy: 'Ban Thường vụ', receivedOn: addDays(on, a % 4) };
    case 'AdmissionRejected':
      return { type, occurredOn: on, decidedBy: 'Ban Thường vụ', reason: 'lý do' };
    case 'CeremonyDelayApproved':
      return { type, occurredOn: on, approvedBy: 'Ban Thường vụ', until: addDays(on, a * 5 - 2) };
    case 'TheoryClassCompleted':
      return { type, occurredOn: on, certificateNo: 'LL-1' };
    case 'RecognitionVoteHeld': {
      const officialMembers = 3 + (a % 8);
      const eligible = officialMembers - (b % 2);
      // The cell's mood holds for the whole run: split (neither side reaches two thirds, so deadlocks happen), for
      // removal, for recognition, or random.
      const [forRecognition, forRemoval] = [
        [Math.floor(eligible / 2), Math.floor(eligible / 3)],
        [c % 2, eligible - (c % 2)],
        [eligible - (c % 2), 0],
        [c % (eligible + 1), d % (eligible - (c % (eligible + 1)) + 1)],
      ][mood];
      return { type, occurredOn: on, officialMembers, excluded: b % 2, votesForRecognition: forRecognition, votesForRemoval: forRemoval };
    }
    case 'GrassrootsRecognitionResolved':
      return { type, occurredOn: on, approve: a % 4 !== 0 };
    case 'OfficialMembershipRecognized':
      return { type, occurredOn: on, decisionNo: '2-QĐ', decidedBy: 'Ban Thường vụ' };
    case 'ProbationaryMemberRemoved':
      return { type, occurredOn: on, decisionNo: '3-QĐ', decidedBy: 'Ban Thường vụ', reason: 'lý do' };
    case 'CandidateDropped':
    case 'CandidateWithdrawn':
      return { type, occurredOn: on, reason: 'lý do' };
    case 'DossierTransferred':
      return { type, occurredOn: on, toCellId: `cell-${a}` };
  }
}

/** Independent restatements of the rules an accepted event must satisfy (domain.md), in plain calendar terms. */
function assertRulesHeld(before: DossierState | undefined, event: AdmissionEvent): void {
  expect(event.occurredOn <= TODAY).toBe(true);
  if (before) expect(event.occurredOn >= before.lastEventOn).toBe(true);
  const ctx = before?.context;
  if (!ctx) return;
  switch (event.type) {
    case 'CellAdmissionVoteHeld': {
      const months = wholeMonthsBetween(ctx.candidate.dateOfBirth, event.occurredOn);
      expect(months).toBeGreaterThanOrEqual(216);
      if (months > 720) expect(event.specialApproval).toEqual(expect.objectContaining({ by: expect.any(String) }));
      expect(event.officialMembers).toBeGreaterThanOrEqual(3);
      const certificate = ctx.certificates[ctx.certificates.length - 1];
      expect(event.occurredOn < addMonths(certificate.issuedOn, 60)).toBe(true);
      expect([ctx.sponsors !== null, ctx.opinionsCollectedOn !== null, ctx.checkConclusion?.result]).toEqual([true, true, 'pass']);
      expect(EDUCATION_LEVELS.indexOf(ctx.candidate.education)).toBeGreaterThanOrEqual(ctx.candidate.hardshipArea ? 0 : 1);
      break;
    }
    case 'SponsorsAssigned':
      expect(event.sponsors).toHaveLength(2);
      for (const s of event.sponsors) {
        if (s.kind === 'party_member' && !s.replacement) expect(wholeMonthsBetween(s.knownSince, event.occurredOn)).toBeGreaterThanOrEqual(12);
        if (s.kind === 'party_member') expect(s.officialSince <= event.occurredOn).toBe(true);
      }
      break;
    case 'AdmissionCeremonyHeld': {
      const admission = ctx.admission!;
      const due = addWorkingDays(admission.receivedOn, 30);
      const approved = ctx.ceremonyDelays.some((d) => event.occurredOn <= d.until);
      expect(event.occurredOn >= admission.receivedOn && (event.occurredOn <= due || approved)).toBe(true);
      break;
    }
    case 'RecognitionVoteHeld':
      expect(ctx.theoryClass).not.toBeNull();
      expect(event.occurredOn >= addMonths(ctx.ceremonyOn!, 12)).toBe(true);
      expect(ctx.escalatedOn).toBeNull();
      break;
    case 'DecisionDeadlineExtended':
      expect(event.workingDays >= 1 && event.workingDays <= 30).toBe(true);
      break;
    default:
      break;
  }
}

interface Run {
  /** every event proposed, accepted or not, in order */
  proposed: AdmissionEvent[];
  accepted: AdmissionEvent[];
  visited: Set<string>;
  final: DossierState | undefined;
}

/** The event that moves the journey on from a state (the test's guide; the workflow does not know it). */
function nextOnJourney(state: DossierState | undefined, step: Step): AdmissionEventType | null {
  if (!state) return 'CandidateNominated';
  const next: Record<string, AdmissionEventType> = {
    nominated: 'AwarenessClassEnrolled',
    'awarenessClass.enrolled': 'AwarenessCertificateIssued',
    'awarenessClass.certified': 'ApplicationSubmitted',
    'backgroundCheck.personalHistory': 'PersonalHistoryDeclared',
    'backgroundCheck.verification': state.context.checkRequests.length === 0 ? 'BackgroundCheckRequested' : 'BackgroundCheckConcluded',
    'backgroundCheck.sponsors': 'SponsorsAssigned',
    'backgroundCheck.opinions': 'MassOrganizationOpinionsCollected',
    'backgroundCheck.cellVote': 'CellAdmissionVoteHeld',
    'backgroundCheck.grassrootsResolution': 'GrassrootsCommitteeResolved',
    'backgroundCheck.awaitingDecision': step.pick % 3 === 0 ? 'AdmissionRejected' : 'AdmissionDecided',
    admitted: 'AdmissionCeremonyHeld',
    'probationary.theoryClass': 'TheoryClassCompleted',
    'probationary.review': 'RecognitionVoteHeld',
    'probationary.awaitingRecognition': step.pick % 2 === 0 ? 'GrassrootsRecognitionResolved' : 'OfficialMembershipRecognized',
    'probationary.recognitionResolved': 'OfficialMembershipRecognized',
    'probationary.awaitingRemoval': 'ProbationaryMemberRemoved',
    'probationary.recognitionEscalated': 'OfficialMembershipRecognized',
  };
  return next[stateOf(state)] ?? null;
}

/** The act's date: a gap after the previous act, or for the time-bound steps a few days around their limit. */
function dateFor(type: AdmissionEventType, state: DossierState | undefined, last: IsoDate, step: Step, guided: boolean): IsoDate {
  const ctx = state?.context;
  if (guided && type === 'RecognitionVoteHeld' && ctx?.ceremonyOn) {
    return maxDate(last, addDays(addMonths(ctx.ceremonyOn, 12), (step.gap % 7) - 2));
  }
  if (guided && type === 'AdmissionCeremonyHeld' && ctx?.admission) {
    return maxDate(last, addWorkingDays(ctx.admission.receivedOn, 28 + (step.gap % 5)));
  }
  return addDays(last, step.gap);
}

function play({ start, ageYears, mood, steps }: { start: string; ageYears: number; mood: number; steps: Step[] }): Run {
  let state: DossierState | undefined;
  let last = start;
  const accepted: AdmissionEvent[] = [];
  const proposed: AdmissionEvent[] = [];
  const visited = new Set<string>();
  for (const step of steps) {
    const allowed = allowedEvents(state, { today: TODAY });
    const onward = allowed.filter((t) => !RARE.includes(t));
    const journey = nextOnJourney(state, step);
    let type: AdmissionEventType;
    if (step.mode <= 5 && journey) type = journey;
    else if (step.mode <= 8 && allowed.length > 0) {
      const pool = step.pick % 6 === 0 || onward.length === 0 ? allowed : onward;
      type = pool[step.pick % pool.length];
    } else type = EVENT_TYPES[step.pick % EVENT_TYPES.length];
    const on = state ? dateFor(type, state, last, step, step.mode <= 5) : start;
    const event = buildEvent(type, on, step, state, { ageYears, mood });
    proposed.push(event);
    const frozen = JSON.stringify(state);
    const decision = decide(state, event, { today: TODAY });
    expect(JSON.stringify(state)).toBe(frozen);
    if ('ok' in decision) {
      expect(decision).toEqual({ ok: true, ruleSet: ruleSetFor(event.occurredOn), machineVersion: 1 });
      assertRulesHeld(state, event);
      state = evolve(state, event, { machineVersion: 1 });
      accepted.push(event);
      last = event.occurredOn;
      expect(MODEL).toContain(stateOf(state));
      expect(STAGES).toContain(stageOf(state));
      visited.add(stateOf(state));
    } else if (decision.code === 'TRANSITION_NOT_ALLOWED') {
      expect(decision.allowed).toEqual(allowed);
      expect(allowed).not.toContain(event.type);
    } else {
      expect(RULE_IDS).toContain(decision.rule);
      expect(decision.reason).toMatch(/^[A-Z_]+$/);
      expect(decision.detail.length).toBeGreaterThan(10);
      expect(decision.detailVi.length).toBeGreaterThan(10);
    }
  }
  return { proposed, accepted, visited, final: state };
}

describe('random histories', () => {
  it('stay inside the model, never accept a broken rule, and replay to the same state', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const { accepted, final } = play(run);
        expect(JSON.parse(JSON.stringify(final ?? null))).toEqual(final ?? null);
        expect(fold(accepted, { machineVersion: 1 })).toEqual(final);
        let again: DossierState | undefined;
        for (const event of accepted) {
          expect(decide(again, event, { today: TODAY })).toMatchObject({ ok: true });
          again = evolve(again, event, { machineVersion: 1 });
        }
        expect(again).toEqual(final);
      }),
      { numRuns: 60 },
    );
  });

  it('are decided by decideEach as by decide and evolve one event at a time, up to the first refusal', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const { proposed, accepted, final } = play(run);
        // Given a history, when decideEach decides it whole, then each answer and the state are those of the single steps.
        let state: DossierState | undefined;
        const steps: { event: AdmissionEvent; ruleSet: string; machineVersion: number }[] = [];
        let refused: { index: number; refusal: unknown; state: DossierState | undefined } | undefined;
        for (const [index, event] of proposed.entries()) {
          const decision = decide(state, event, { today: TODAY });
          if (!('ok' in decision)) {
            refused = { index, refusal: decision, state };
            break;
          }
          steps.push({ event, ruleSet: decision.ruleSet, machineVersion: decision.machineVersion });
          state = evolve(state, event, { machineVersion: decision.machineVersion });
        }
        expect(decideEach(undefined, proposed, { today: TODAY })).toEqual(refused ? { refused } : { accepted: steps, state });
        // An accepted history goes through whole, from a folded state as from nothing.
        expect(decideEach(undefined, accepted, { today: TODAY })).toEqual({ accepted: accepted.map((event) => expect.objectContaining({ event })), state: final });
        const half = Math.floor(accepted.length / 2);
        const start = fold(accepted.slice(0, half), { machineVersion: 1 });
        expect(decideEach(start, accepted.slice(half), { today: TODAY })).toMatchObject({ state: final });
      }),
      { numRuns: 60 },
    );
  });

  it('reach every state of the model (so the properties above are not vacuous)', () => {
    const visited = new Set<string>();
    fc.assert(
      fc.property(runArb, (run) => {
        play(run).visited.forEach((s) => visited.add(s));
      }),
      { numRuns: 150, seed: 20240215 },
    );
    expect([...visited].sort()).toEqual([...MODEL].sort());
  });

  it('the model list matches the machine: its leaf states minus the transient router', () => {
    type Node = { key: string; states: Record<string, Node> };
    const leaves = (node: Node, prefix: string): string[] => {
      const children = Object.values(node.states);
      const path = prefix ? `${prefix}.${node.key}` : node.key;
      return children.length === 0 ? [path] : children.flatMap((child) => leaves(child, node.key === 'admission' ? '' : path));
    };
    const machineLeaves = leaves(MACHINES[1].root as unknown as Node, '').filter((s) => s !== 'backgroundCheck.routing');
    expect(machineLeaves.sort()).toEqual([...MODEL].sort());
  });
});
