/**
 * Where each accepted event takes a dossier, without XState: the machine state (`backgroundCheck.sponsors`) and the
 * derived dates, folded from a few flags that the read model keeps in its row.
 *
 * Why not the workflow's `evolve`: it restores an XState snapshot per event (~170 µs), which alone would make a rebuild
 * of a million events take minutes. Folding accepted events needs no rule checks (the workflow refused the bad ones
 * before they were written), and machine v1's routing depends only on the event's type, its vote counts, and whether
 * four preparation items are in. This file restates that routing (workflows/admission/machine-v1.ts) as a table;
 * `test/unit/projections/dossier-progress.test.ts` proves it equal to `evolve` after every event of every stored history
 * and of random accepted histories, and fails when a machine version is added without a table of its own here.
 *
 * The vote arithmetic and the month periods are the workflow's own functions, not copies.
 */
import { rulesOn, type AdmissionEvent, type Stage } from '../workflows/admission';
import { addMonthsUnder } from '../workflows/admission/rule-sets';
import { cellVotePassed, recognitionOutcome } from '../workflows/admission/voting';

/** What the fold needs to remember besides the state itself (context fields that v1's guards read). */
export interface Progress {
  /** dotted machine state, as `stateOf` of the workflow */
  state: string;
  hasHistory: boolean;
  checkPassed: boolean;
  hasSponsors: boolean;
  hasOpinions: boolean;
  /** inconclusive recognition votes at the end of the list (R-DEADLOCK) */
  inconclusiveInARow: number;
}

export interface DossierDates {
  nominatedOn: string;
  certificateIssuedOn: string | null;
  admissionDecidedOn: string | null;
  ceremonyOn: string | null;
  probationEndsOn: string | null;
  officialFrom: string | null;
}

/** Machine versions whose routing is restated here. */
export const DERIVED_MACHINE_VERSIONS: readonly number[] = [1];

export function stageOfState(state: string): Stage {
  const dot = state.indexOf('.');
  return (dot < 0 ? state : state.slice(0, dot)) as Stage;
}

export function opened(event: Extract<AdmissionEvent, { type: 'CandidateNominated' }>): { progress: Progress; dates: DossierDates } {
  return {
    progress: { state: 'nominated', hasHistory: false, checkPassed: false, hasSponsors: false, hasOpinions: false, inconclusiveInARow: 0 },
    dates: {
      nominatedOn: event.occurredOn,
      certificateIssuedOn: null,
      admissionDecidedOn: null,
      ceremonyOn: null,
      probationEndsOn: null,
      officialFrom: null,
    },
  };
}

/** machine v1's `routing`: the first preparation item still missing, in the order of the forms, else the cell vote. */
function routed(p: Progress): string {
  if (!p.hasHistory) return 'backgroundCheck.personalHistory';
  if (!p.checkPassed) return 'backgroundCheck.verification';
  if (!p.hasSponsors) return 'backgroundCheck.sponsors';
  if (!p.hasOpinions) return 'backgroundCheck.opinions';
  return 'backgroundCheck.cellVote';
}

/** The progress after one accepted event of machine v1 (an event the state does not route keeps the state). */
export function advance(p: Progress, event: AdmissionEvent): Progress {
  const to = (state: string, changes: Partial<Progress> = {}): Progress => ({ ...p, ...changes, state });
  const route = (changes: Partial<Progress>): Progress => {
    const next = { ...p, ...changes };
    return { ...next, state: routed(next) };
  };
  switch (event.type) {
    case 'CandidateNominated':
      return p;
    case 'AwarenessClassEnrolled':
      return to('awarenessClass.enrolled');
    case 'AwarenessCertificateIssued':
      return to('awarenessClass.certified');
    case 'ApplicationSubmitted':
    case 'BackgroundCheckRequested':
      return route({});
    case 'PersonalHistoryDeclared':
      return route({ hasHistory: true });
    case 'BackgroundCheckConcluded':
      return event.result === 'fail' ? to('dropped', { checkPassed: false }) : route({ checkPassed: true });
    case 'SponsorsAssigned':
      return route({ hasSponsors: true });
    case 'MassOrganizationOpinionsCollected':
      return route({ hasOpinions: true });
    case 'CellAdmissionVoteHeld':
      return cellVotePassed(event) ? to('backgroundCheck.grassrootsResolution') : route({});
    case 'GrassrootsCommitteeResolved':
      return event.approve ? to('backgroundCheck.awaitingDecision') : route({});
    case 'AdmissionDecided':
      return to('admitted');
    case 'AdmissionRejected':
      return to('rejected');
    case 'AdmissionCeremonyHeld':
      return to('probationary.theoryClass');
    case 'TheoryClassCompleted':
      return to('probationary.review');
    case 'RecognitionVoteHeld': {
      const outcome = recognitionOutcome(event);
      const inconclusiveInARow = outcome === 'inconclusive' ? p.inconclusiveInARow + 1 : 0;
      // Elsewhere than in review the machine only records the vote (and the rules refuse it before it gets there).
      if (p.state !== 'probationary.review') return { ...p, inconclusiveInARow };
      if (outcome === 'recognise') return to('probationary.awaitingRecognition', { inconclusiveInARow });
      if (outcome === 'remove') return to('probationary.awaitingRemoval', { inconclusiveInARow });
      // The machine's guard reads the count before this vote, plus one: the same as the count after it.
      if (inconclusiveInARow >= rulesOn(event.occurredOn).deadlockVotes) return to('probationary.recognitionEscalated', { inconclusiveInARow });
      return { ...p, inconclusiveInARow };
    }
    case 'GrassrootsRecognitionResolved':
      return to('probationary.recognitionResolved');
    case 'OfficialMembershipRecognized':
      return to('official');
    case 'ProbationaryMemberRemoved':
      return to('removed');
    case 'CandidateDropped':
      return to('dropped');
    case 'CandidateWithdrawn':
      return to('withdrawn');
    case 'DecisionDeadlineExtended':
    case 'ReadmissionConsented':
    case 'CeremonyDelayApproved':
    case 'DossierTransferred':
      return p;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The dates of GET /dossiers/{id} after one accepted event (the workflow's `datesOf`). */
export function datesAfter(dates: DossierDates, event: AdmissionEvent): DossierDates {
  switch (event.type) {
    case 'AwarenessCertificateIssued':
      // The latest certificate is the one that counts (R-CERT): a re-enrolment's certificate replaces the lapsed one.
      return { ...dates, certificateIssuedOn: event.issuedOn };
    case 'AdmissionDecided':
      return { ...dates, admissionDecidedOn: event.occurredOn };
    case 'AdmissionCeremonyHeld': {
      // Probation is measured under the rule set of the ceremony's date, as `probationEndsOn` of the workflow does.
      const rules = rulesOn(event.occurredOn);
      return { ...dates, ceremonyOn: event.occurredOn, probationEndsOn: addMonthsUnder(rules, event.occurredOn, rules.probationMonths) };
    }
    case 'OfficialMembershipRecognized':
      // Recognition is back-dated to the end of probation.
      return { ...dates, officialFrom: dates.probationEndsOn };
    default:
      return dates;
  }
}
