/**
 * The data a dossier accumulates: the XState machine's context. Plain JSON (no undefined, no classes, no Dates), because
 * the engine caches the folded state and the fold must give the same bytes on every replay.
 *
 * `recordEvent` copies what each accepted event says into the context. It judges nothing (the rules did that before the
 * event was accepted); the only computation is the outcome of a vote, which the machine needs for routing.
 */
import type { IsoDate } from '../calendar';
import type {
  AdmissionEvent,
  Candidate,
  CandidateNominated,
  CheckSubject,
  NominatorKind,
  Readmission,
  Relative,
  SpecialApproval,
  Sponsor,
} from './events';
import { cellVotePassed, RecognitionOutcome, recognitionOutcome } from './voting';

export interface CellVoteRecord {
  on: IsoDate;
  officialMembers: number;
  excluded: number;
  votesFor: number;
  passed: boolean;
  resolutionNo: string | null;
  specialApproval: SpecialApproval | null;
}

export interface RecognitionVoteRecord {
  on: IsoDate;
  officialMembers: number;
  excluded: number;
  votesForRecognition: number;
  votesForRemoval: number;
  outcome: RecognitionOutcome;
}

/** A decision clock (R-T-DECIDE, R-T-RECOGNISE) with its one optional extension. */
export interface DecisionClock {
  startedOn: IsoDate;
  extension: { on: IsoDate; workingDays: number; reason: string } | null;
}

export type EndingType =
  | 'AdmissionRejected'
  | 'CandidateDropped'
  | 'CandidateWithdrawn'
  | 'BackgroundCheckConcluded'
  | 'ProbationaryMemberRemoved';

export interface AdmissionContext {
  candidate: Candidate;
  cellId: string;
  nominatedOn: IsoDate;
  nominatedBy: { kind: NominatorKind; name: string };
  helper: { name: string };
  /** R-READMIT: absent from first admissions (and from every dossier opened before readmission was modelled) */
  readmission?: Readmission;
  /** R-READMIT: the provincial standing committee's written consent */
  readmissionConsent?: { on: IsoDate; consentedBy: string; ref: string };
  transfers: { on: IsoDate; fromCellId: string; toCellId: string }[];
  enrolments: { on: IsoDate; className: string; startsOn: IsoDate }[];
  /** every certificate, oldest first; the last one is the one that counts (R-CERT) */
  certificates: { on: IsoDate; certificateNo: string; issuedOn: IsoDate; issuer: string }[];
  applicationSubmittedOn: IsoDate | null;
  personalHistory: { declaredOn: IsoDate; relatives: Relative[] } | null;
  checkRequests: { on: IsoDate; subjects: CheckSubject[]; addressedTo: string }[];
  checkConclusion: { on: IsoDate; result: 'pass' | 'fail'; concludedBy: string } | null;
  sponsors: { assignedOn: IsoDate; sponsors: Sponsor[] } | null;
  opinionsCollectedOn: IsoDate | null;
  cellVotes: CellVoteRecord[];
  grassrootsResolutions: { on: IsoDate; approve: boolean; resolutionNo: string | null }[];
  /**
   * R-T-DECIDE: started by the latest passed cell vote (the chi bộ's resolution, 6-KNĐ): Quy định 24-QĐ/TW 4.3.1 and
   * 232-QĐ/TW 4.3.1 count the 60 working days "kể từ ngày chi bộ có nghị quyết đề nghị kết nạp". The grassroots
   * resolution falls inside the window and does not restart it; a declining one closes it (nothing is before the
   * competent committee any more) and the next passed vote opens a new one.
   */
  decisionClock: DecisionClock | null;
  admission: { decidedOn: IsoDate; decisionNo: string; decidedBy: string; receivedOn: IsoDate } | null;
  ceremonyDelays: { on: IsoDate; approvedBy: string; until: IsoDate }[];
  ceremonyOn: IsoDate | null;
  theoryClass: { completedOn: IsoDate; certificateNo: string } | null;
  recognitionVotes: RecognitionVoteRecord[];
  /** R-DEADLOCK: the day of the vote that escalated recognition to the competent committee */
  escalatedOn: IsoDate | null;
  /** R-T-RECOGNISE: started by a vote that passed for recognition */
  recognitionClock: DecisionClock | null;
  recognition: { on: IsoDate; decisionNo: string; decidedBy: string } | null;
  /** 15-KNĐ: the grassroots committee's resolutions on recognition, oldest first (absent from older dossiers) */
  grassrootsRecognitions?: { on: IsoDate; approve: boolean; resolutionNo: string | null }[];
  /** how a dossier that ended other than `official` ended */
  ending: { type: EndingType; on: IsoDate; by: string | null; decisionNo: string | null; reason: string | null } | null;
}

export function openContext(event: CandidateNominated): AdmissionContext {
  return {
    candidate: { ...event.candidate, categories: [...event.candidate.categories] },
    cellId: event.cellId,
    nominatedOn: event.occurredOn,
    nominatedBy: { kind: event.nominatedBy.kind, name: event.nominatedBy.name },
    helper: { name: event.helper.name },
    ...(event.readmission ? { readmission: copyReadmission(event.readmission) } : {}),
    transfers: [],
    enrolments: [],
    certificates: [],
    applicationSubmittedOn: null,
    personalHistory: null,
    checkRequests: [],
    checkConclusion: null,
    sponsors: null,
    opinionsCollectedOn: null,
    cellVotes: [],
    grassrootsResolutions: [],
    decisionClock: null,
    admission: null,
    ceremonyDelays: [],
    ceremonyOn: null,
    theoryClass: null,
    recognitionVotes: [],
    escalatedOn: null,
    recognitionClock: null,
    recognition: null,
    ending: null,
  };
}

function copyReadmission(r: Readmission): Readmission {
  return {
    leftOn: r.leftOn,
    leftHow: r.leftHow,
    causedSeriousDisunity: r.causedSeriousDisunity,
    ...(r.conviction
      ? {
          conviction: {
            severity: r.conviction.severity,
            corruption: r.conviction.corruption,
            ...(r.conviction.clearedOn ? { clearedOn: r.conviction.clearedOn } : {}),
          },
        }
      : {}),
    readmittedBefore: r.readmittedBefore,
  };
}

/** Consecutive inconclusive recognition votes at the end of the list (R-DEADLOCK counts "in a row"). */
export function inconclusiveInARow(context: AdmissionContext): number {
  let count = 0;
  for (let i = context.recognitionVotes.length - 1; i >= 0 && context.recognitionVotes[i].outcome === 'inconclusive'; i--) {
    count++;
  }
  return count;
}

export function currentCertificate(context: AdmissionContext): AdmissionContext['certificates'][number] | null {
  return context.certificates.length > 0 ? context.certificates[context.certificates.length - 1] : null;
}

function end(
  context: AdmissionContext,
  type: EndingType,
  on: IsoDate,
  fields: { by?: string; decisionNo?: string; reason?: string },
): AdmissionContext {
  return {
    ...context,
    ending: { type, on, by: fields.by ?? null, decisionNo: fields.decisionNo ?? null, reason: fields.reason ?? null },
  };
}

export function recordEvent(context: AdmissionContext, event: AdmissionEvent): AdmissionContext {
  const on = event.occurredOn;
  switch (event.type) {
    case 'CandidateNominated':
      return context;
    case 'ReadmissionConsented':
      return { ...context, readmissionConsent: { on, consentedBy: event.consentedBy, ref: event.ref } };
    case 'AwarenessClassEnrolled':
      return {
        ...context,
        enrolments: [...context.enrolments, { on, className: event.className, startsOn: event.startsOn }],
      };
    case 'AwarenessCertificateIssued':
      return {
        ...context,
        certificates: [
          ...context.certificates,
          { on, certificateNo: event.certificateNo, issuedOn: event.issuedOn, issuer: event.issuer },
        ],
      };
    case 'ApplicationSubmitted':
      return { ...context, applicationSubmittedOn: on };
    case 'PersonalHistoryDeclared':
      return {
        ...context,
        personalHistory: {
          declaredOn: on,
          relatives: event.relatives.map((r) => ({ relation: r.relation, fullName: r.fullName, isPartyMember: r.isPartyMember })),
        },
      };
    case 'BackgroundCheckRequested':
      return {
        ...context,
        checkRequests: [...context.checkRequests, { on, subjects: [...event.subjects], addressedTo: event.addressedTo }],
      };
    case 'BackgroundCheckConcluded': {
      const next = { ...context, checkConclusion: { on, result: event.result, concludedBy: event.concludedBy } };
      return event.result === 'fail' ? end(next, 'BackgroundCheckConcluded', on, { by: event.concludedBy }) : next;
    }
    case 'SponsorsAssigned':
      return { ...context, sponsors: { assignedOn: on, sponsors: event.sponsors.map((s) => ({ ...s })) } };
    case 'MassOrganizationOpinionsCollected':
      return { ...context, opinionsCollectedOn: on };
    case 'CellAdmissionVoteHeld': {
      const passed = cellVotePassed(event);
      return {
        ...context,
        decisionClock: passed ? { startedOn: on, extension: null } : context.decisionClock,
        cellVotes: [
          ...context.cellVotes,
          {
            on,
            officialMembers: event.officialMembers,
            excluded: event.excluded,
            votesFor: event.votesFor,
            passed,
            resolutionNo: event.resolutionNo ?? null,
            specialApproval: event.specialApproval ? { by: event.specialApproval.by, ref: event.specialApproval.ref } : null,
          },
        ],
      };
    }
    case 'GrassrootsCommitteeResolved':
      return {
        ...context,
        grassrootsResolutions: [
          ...context.grassrootsResolutions,
          { on, approve: event.approve, resolutionNo: event.resolutionNo ?? null },
        ],
        decisionClock: event.approve ? context.decisionClock : null,
      };
    case 'DecisionDeadlineExtended': {
      // One event type extends whichever decision clock is running: recognition once it has started, else admission.
      const extension = { on, workingDays: event.workingDays, reason: event.reason };
      if (context.recognitionClock) return { ...context, recognitionClock: { ...context.recognitionClock, extension } };
      if (context.decisionClock) return { ...context, decisionClock: { ...context.decisionClock, extension } };
      return context;
    }
    case 'AdmissionDecided':
      return {
        ...context,
        admission: { decidedOn: on, decisionNo: event.decisionNo, decidedBy: event.decidedBy, receivedOn: event.receivedOn },
      };
    case 'AdmissionRejected':
      return end(context, 'AdmissionRejected', on, { by: event.decidedBy, reason: event.reason });
    case 'CeremonyDelayApproved':
      return { ...context, ceremonyDelays: [...context.ceremonyDelays, { on, approvedBy: event.approvedBy, until: event.until }] };
    case 'AdmissionCeremonyHeld':
      return { ...context, ceremonyOn: on };
    case 'TheoryClassCompleted':
      return { ...context, theoryClass: { completedOn: on, certificateNo: event.certificateNo } };
    case 'RecognitionVoteHeld': {
      const outcome = recognitionOutcome(event);
      const vote: RecognitionVoteRecord = {
        on,
        officialMembers: event.officialMembers,
        excluded: event.excluded,
        votesForRecognition: event.votesForRecognition,
        votesForRemoval: event.votesForRemoval,
        outcome,
      };
      return {
        ...context,
        recognitionVotes: [...context.recognitionVotes, vote],
        recognitionClock: outcome === 'recognise' ? { startedOn: on, extension: null } : context.recognitionClock,
      };
    }
    case 'GrassrootsRecognitionResolved':
      return {
        ...context,
        grassrootsRecognitions: [
          ...(context.grassrootsRecognitions ?? []),
          { on, approve: event.approve, resolutionNo: event.resolutionNo ?? null },
        ],
      };
    case 'OfficialMembershipRecognized':
      return { ...context, recognition: { on, decisionNo: event.decisionNo, decidedBy: event.decidedBy } };
    case 'ProbationaryMemberRemoved':
      return end(context, 'ProbationaryMemberRemoved', on, {
        by: event.decidedBy,
        decisionNo: event.decisionNo,
        reason: event.reason,
      });
    case 'CandidateDropped':
      return end(context, 'CandidateDropped', on, { reason: event.reason });
    case 'CandidateWithdrawn':
      return end(context, 'CandidateWithdrawn', on, { reason: event.reason });
    case 'DossierTransferred':
      return {
        ...context,
        cellId: event.toCellId,
        transfers: [...context.transfers, { on, fromCellId: context.cellId, toCellId: event.toCellId }],
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
