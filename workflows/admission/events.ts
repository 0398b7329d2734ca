/**
 * The facts a clerk records about one candidate's dossier (domain.md, "Events"), as a discriminated union on `type`.
 * Each event is plain JSON: `{ type, occurredOn, ...data }` with the data fields named as in the domain table. The engine
 * adds its own metadata (actor, orgId, recordedAt, ruleSet, machineVersion…) beside the event, not inside it.
 */
import type { IsoDate } from '../calendar';

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** In ascending order: R-EDU compares positions in this list. */
export const EDUCATION_LEVELS = [
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college',
  'university',
  'postgraduate',
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

export const CANDIDATE_CATEGORIES = [
  'youth_union',
  'trade_union',
  'business_owner',
  'worker',
  'student',
  'civil_servant',
  'armed_forces',
  'other',
] as const;
export type CandidateCategory = (typeof CANDIDATE_CATEGORIES)[number];

/**
 * The areas where primary education suffices (R-EDU; Quy định 24-QĐ/TW, 1.2): mountain, border, island, ethnic-minority
 * areas, and fishermen working at sea. domain.md names them in prose only; these codes are ours.
 */
export const HARDSHIP_AREAS = ['mountain', 'border', 'island', 'ethnic_minority_area', 'fishermen_at_sea'] as const;
export type HardshipArea = (typeof HARDSHIP_AREAS)[number];

export interface Candidate {
  fullName: string;
  dateOfBirth: IsoDate;
  gender: Gender;
  ethnicity?: string;
  religion?: string;
  education: Education;
  occupation?: string;
  categories: CandidateCategory[];
  hardshipArea?: HardshipArea;
}

export const NOMINATOR_KINDS = ['youth_union', 'trade_union', 'party_member', 'outreach_cadre'] as const;
export type NominatorKind = (typeof NOMINATOR_KINDS)[number];

/**
 * The relatives a personal history (2-KNĐ) declares. `sibling` (anh, chị, em ruột) is not verified itself (01-HD/TW 3.4 a
 * does not list siblings), but a sibling who is a party member spares the verification of the candidate's side (3.4 c).
 */
export const RELATIONS = ['father', 'mother', 'father_in_law', 'mother_in_law', 'guardian', 'spouse', 'sibling', 'child'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Relative {
  relation: Relation;
  fullName: string;
  isPartyMember: boolean;
}

/** Whom a batch of verification letters is about. */
export type CheckSubject = Relation | 'candidate';

export interface MemberSponsor {
  kind: 'party_member';
  fullName: string;
  /** the day the sponsor became an official (not probationary) member */
  officialSince: IsoDate;
  /** since when the sponsor has worked, studied or lived with the candidate */
  knownSince: IsoDate;
  /** set when this sponsor replaces one who could not continue: the 12-month acquaintance is then not required */
  replacement?: boolean;
}

export interface CommitteeSponsor {
  kind: 'youth_union_committee' | 'trade_union_committee';
  resolutionNo: string;
}

export type Sponsor = MemberSponsor | CommitteeSponsor;

export interface SpecialApproval {
  /** the approving body (the provincial standing committee) */
  by: string;
  /** its document number */
  ref: string;
}

/**
 * How a former member left the Party (R-READMIT). Quy định 24-QĐ/TW 3.5.2 (kept by 232-QĐ/TW and 294-QĐ/TW 3.5.2):
 * nobody who left by abandoning party activity ("tự bỏ sinh hoạt đảng") or by a voluntary request to leave ("tự nguyện
 * làm đơn xin ra khỏi Đảng", except for especially difficult family reasons) is readmitted.
 */
export const LEFT_HOW = ['expelled', 'removed', 'resigned', 'resigned_family_hardship', 'abandoned_party_activity'] as const;
export type LeftHow = (typeof LEFT_HOW)[number];

/** Penal Code 2015, Điều 9: the four classes of offence. */
export const OFFENCE_SEVERITIES = ['less_serious', 'serious', 'very_serious', 'especially_serious'] as const;
export type OffenceSeverity = (typeof OFFENCE_SEVERITIES)[number];

/** A readmission (kết nạp lại, 24-QĐ/TW 3.5), declared by the cell on the nomination. */
export interface Readmission {
  /** the day the person left the Party: the 36 months run from it */
  leftOn: IsoDate;
  leftHow: LeftHow;
  /** 3.5.2: caused serious internal disunity ("gây mất đoàn kết nội bộ nghiêm trọng") */
  causedSeriousDisunity: boolean;
  /** a criminal conviction; for a less serious offence the 60 months run from `clearedOn` (xóa án tích) */
  conviction?: { severity: OffenceSeverity; corruption: boolean; clearedOn?: IsoDate };
  /** 3.5.1: readmission is possible once only */
  readmittedBefore: boolean;
}

interface Fact<T extends string> {
  type: T;
  /** the business date of the act (YYYY-MM-DD); may lie in the past when records are back-filled */
  occurredOn: IsoDate;
}

export interface CandidateNominated extends Fact<'CandidateNominated'> {
  candidate: Candidate;
  cellId: string;
  nominatedBy: { kind: NominatorKind; name: string };
  helper: { name: string };
  /** set when the candidate is a former member applying to be readmitted (R-READMIT) */
  readmission?: Readmission;
}
/**
 * 24-QĐ/TW 3.5.1: the written consent of the provincial standing committee ("ban thường vụ tỉnh ủy, thành ủy (hoặc
 * tương đương) đồng ý bằng văn bản") to a readmission, before the competent committee decides.
 */
export interface ReadmissionConsented extends Fact<'ReadmissionConsented'> {
  consentedBy: string;
  ref: string;
}
export interface AwarenessClassEnrolled extends Fact<'AwarenessClassEnrolled'> {
  className: string;
  startsOn: IsoDate;
}
export interface AwarenessCertificateIssued extends Fact<'AwarenessCertificateIssued'> {
  certificateNo: string;
  issuedOn: IsoDate;
  issuer: string;
}
export type ApplicationSubmitted = Fact<'ApplicationSubmitted'>;
export interface PersonalHistoryDeclared extends Fact<'PersonalHistoryDeclared'> {
  relatives: Relative[];
}
export interface BackgroundCheckRequested extends Fact<'BackgroundCheckRequested'> {
  subjects: CheckSubject[];
  addressedTo: string;
}
export interface BackgroundCheckConcluded extends Fact<'BackgroundCheckConcluded'> {
  result: 'pass' | 'fail';
  concludedBy: string;
}
export interface SponsorsAssigned extends Fact<'SponsorsAssigned'> {
  sponsors: Sponsor[];
}
export type MassOrganizationOpinionsCollected = Fact<'MassOrganizationOpinionsCollected'>;
export interface CellAdmissionVoteHeld extends Fact<'CellAdmissionVoteHeld'> {
  officialMembers: number;
  excluded: number;
  votesFor: number;
  resolutionNo?: string;
  /** required when the candidate is older than 60 years (720 months) on the vote date (R-AGE) */
  specialApproval?: SpecialApproval;
}
export interface GrassrootsCommitteeResolved extends Fact<'GrassrootsCommitteeResolved'> {
  approve: boolean;
  resolutionNo?: string;
}
export interface DecisionDeadlineExtended extends Fact<'DecisionDeadlineExtended'> {
  workingDays: number;
  reason: string;
}
export interface AdmissionDecided extends Fact<'AdmissionDecided'> {
  decisionNo: string;
  decidedBy: string;
  /** the day the cell received the decision: starts R-T-CEREMONY */
  receivedOn: IsoDate;
}
export interface AdmissionRejected extends Fact<'AdmissionRejected'> {
  decidedBy: string;
  reason: string;
}
export interface CeremonyDelayApproved extends Fact<'CeremonyDelayApproved'> {
  approvedBy: string;
  /** the last day on which the late ceremony may be held */
  until: IsoDate;
}
export type AdmissionCeremonyHeld = Fact<'AdmissionCeremonyHeld'>;
export interface TheoryClassCompleted extends Fact<'TheoryClassCompleted'> {
  certificateNo: string;
}
export interface RecognitionVoteHeld extends Fact<'RecognitionVoteHeld'> {
  officialMembers: number;
  excluded: number;
  votesForRecognition: number;
  votesForRemoval: number;
}
/**
 * 15-KNĐ (Hướng dẫn 12-HD/BTCTW): the grassroots committee's resolution on the cell's proposal to recognise a
 * probationary member (13-KNĐ), sent on to the competent committee, which decides (16-KNĐ).
 */
export interface GrassrootsRecognitionResolved extends Fact<'GrassrootsRecognitionResolved'> {
  approve: boolean;
  resolutionNo?: string;
}
export interface OfficialMembershipRecognized extends Fact<'OfficialMembershipRecognized'> {
  decisionNo: string;
  decidedBy: string;
}
export interface ProbationaryMemberRemoved extends Fact<'ProbationaryMemberRemoved'> {
  decisionNo: string;
  decidedBy: string;
  reason: string;
}
export interface CandidateDropped extends Fact<'CandidateDropped'> {
  reason: string;
}
export interface CandidateWithdrawn extends Fact<'CandidateWithdrawn'> {
  reason: string;
}
export interface DossierTransferred extends Fact<'DossierTransferred'> {
  toCellId: string;
}

export type AdmissionEvent =
  | CandidateNominated
  | ReadmissionConsented
  | AwarenessClassEnrolled
  | AwarenessCertificateIssued
  | ApplicationSubmitted
  | PersonalHistoryDeclared
  | BackgroundCheckRequested
  | BackgroundCheckConcluded
  | SponsorsAssigned
  | MassOrganizationOpinionsCollected
  | CellAdmissionVoteHeld
  | GrassrootsCommitteeResolved
  | DecisionDeadlineExtended
  | AdmissionDecided
  | AdmissionRejected
  | CeremonyDelayApproved
  | AdmissionCeremonyHeld
  | TheoryClassCompleted
  | RecognitionVoteHeld
  | GrassrootsRecognitionResolved
  | OfficialMembershipRecognized
  | ProbationaryMemberRemoved
  | CandidateDropped
  | CandidateWithdrawn
  | DossierTransferred;

export type AdmissionEventType = AdmissionEvent['type'];

export type EventOfType<T extends AdmissionEventType> = Extract<AdmissionEvent, { type: T }>;

/** Every event type, in the order of the domain table (for validation and for listing `allowed` in a stable order). */
export const EVENT_TYPES: readonly AdmissionEventType[] = [
  'CandidateNominated',
  'AwarenessClassEnrolled',
  'AwarenessCertificateIssued',
  'ApplicationSubmitted',
  'PersonalHistoryDeclared',
  'BackgroundCheckRequested',
  'BackgroundCheckConcluded',
  'SponsorsAssigned',
  'MassOrganizationOpinionsCollected',
  'CellAdmissionVoteHeld',
  'GrassrootsCommitteeResolved',
  'ReadmissionConsented',
  'DecisionDeadlineExtended',
  'AdmissionDecided',
  'AdmissionRejected',
  'CeremonyDelayApproved',
  'AdmissionCeremonyHeld',
  'TheoryClassCompleted',
  'RecognitionVoteHeld',
  'GrassrootsRecognitionResolved',
  'OfficialMembershipRecognized',
  'ProbationaryMemberRemoved',
  'CandidateDropped',
  'CandidateWithdrawn',
  'DossierTransferred',
];
