/**
 * Event builders and one baseline history, dated so that every rule holds, that the tests bend at one point each.
 * The baseline mirrors domain.md's examples: certificate of 2023, ceremony 2023-09-20 → probation ends 2024-09-20.
 */
import type {
  AdmissionEvent,
  Candidate,
  CellAdmissionVoteHeld,
  EventOfType,
  MemberSponsor,
  Readmission,
  RecognitionVoteHeld,
} from '../../../../workflows/admission';

type Data<T extends AdmissionEvent['type']> = Omit<EventOfType<T>, 'type'>;

export const candidate = (overrides: Partial<Candidate> = {}): Candidate => ({
  fullName: 'Nguyễn Thị Lan',
  dateOfBirth: '1995-05-20',
  gender: 'female',
  education: 'university',
  categories: ['trade_union', 'worker'],
  ...overrides,
});

/** A former member who left on 2020-01-05 (removed): the cell may vote from 2023-01-05 (R-READMIT). */
export const readmission = (overrides: Partial<Readmission> = {}): Readmission => ({
  leftOn: '2020-01-05',
  leftHow: 'removed',
  causedSeriousDisunity: false,
  readmittedBefore: false,
  ...overrides,
});

export const member = (overrides: Partial<MemberSponsor> = {}): MemberSponsor => ({
  kind: 'party_member',
  fullName: 'Trần Văn Minh',
  officialSince: '2010-05-19',
  knownSince: '2021-06-01',
  ...overrides,
});

export const ev = {
  nominated: (on = '2023-01-05', data: Partial<Data<'CandidateNominated'>> = {}): EventOfType<'CandidateNominated'> => ({
    type: 'CandidateNominated',
    occurredOn: on,
    candidate: candidate(),
    cellId: 'cell-a',
    nominatedBy: { kind: 'trade_union', name: 'Công đoàn các KCN Bến Cát' },
    helper: { name: 'Lê Văn Hùng' },
    ...data,
  }),
  enrolled: (on = '2023-02-06', startsOn = on): EventOfType<'AwarenessClassEnrolled'> => ({
    type: 'AwarenessClassEnrolled',
    occurredOn: on,
    className: 'Lớp nhận thức về Đảng khóa 1/2023',
    startsOn,
  }),
  certified: (on = '2023-02-20', issuedOn = on): EventOfType<'AwarenessCertificateIssued'> => ({
    type: 'AwarenessCertificateIssued',
    occurredOn: on,
    certificateNo: `GCN-${issuedOn}`,
    issuedOn,
    issuer: 'Trung tâm Chính trị thị xã Bến Cát',
  }),
  applied: (on = '2023-03-01'): EventOfType<'ApplicationSubmitted'> => ({ type: 'ApplicationSubmitted', occurredOn: on }),
  history: (
    on = '2023-03-02',
    relatives: Data<'PersonalHistoryDeclared'>['relatives'] = [
      { relation: 'father', fullName: 'Nguyễn Văn Tâm', isPartyMember: false },
      { relation: 'mother', fullName: 'Phạm Thị Hoa', isPartyMember: true },
    ],
  ): EventOfType<'PersonalHistoryDeclared'> => ({ type: 'PersonalHistoryDeclared', occurredOn: on, relatives }),
  checkRequested: (
    on = '2023-03-06',
    subjects: Data<'BackgroundCheckRequested'>['subjects'] = ['candidate', 'father', 'mother'],
  ): EventOfType<'BackgroundCheckRequested'> => ({
    type: 'BackgroundCheckRequested',
    occurredOn: on,
    subjects,
    addressedTo: 'Đảng ủy xã Tân Định',
  }),
  checkConcluded: (on = '2023-04-10', result: 'pass' | 'fail' = 'pass'): EventOfType<'BackgroundCheckConcluded'> => ({
    type: 'BackgroundCheckConcluded',
    occurredOn: on,
    result,
    concludedBy: 'Đảng ủy KCN Mỹ Phước',
  }),
  sponsors: (
    on = '2023-04-12',
    sponsors: Data<'SponsorsAssigned'>['sponsors'] = [member(), member({ fullName: 'Võ Thị Thu', knownSince: '2020-01-15' })],
  ): EventOfType<'SponsorsAssigned'> => ({ type: 'SponsorsAssigned', occurredOn: on, sponsors }),
  opinions: (on = '2023-04-14'): EventOfType<'MassOrganizationOpinionsCollected'> => ({
    type: 'MassOrganizationOpinionsCollected',
    occurredOn: on,
  }),
  cellVote: (on = '2023-06-26', data: Partial<Omit<CellAdmissionVoteHeld, 'type' | 'occurredOn'>> = {}): CellAdmissionVoteHeld => ({
    type: 'CellAdmissionVoteHeld',
    occurredOn: on,
    officialMembers: 9,
    excluded: 0,
    votesFor: 9,
    resolutionNo: '12-NQ/CB',
    ...data,
  }),
  grassroots: (on = '2023-07-03', approve = true): EventOfType<'GrassrootsCommitteeResolved'> => ({
    type: 'GrassrootsCommitteeResolved',
    occurredOn: on,
    approve,
    resolutionNo: '45-NQ/ĐU',
  }),
  extended: (on: string, workingDays = 20): EventOfType<'DecisionDeadlineExtended'> => ({
    type: 'DecisionDeadlineExtended',
    occurredOn: on,
    workingDays,
    reason: 'hồ sơ cần bổ sung',
  }),
  decided: (on = '2023-09-05', receivedOn = '2023-09-08'): EventOfType<'AdmissionDecided'> => ({
    type: 'AdmissionDecided',
    occurredOn: on,
    decisionNo: '1234-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
    receivedOn,
  }),
  rejected: (on = '2023-09-05'): EventOfType<'AdmissionRejected'> => ({
    type: 'AdmissionRejected',
    occurredOn: on,
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
    reason: 'chưa đủ tiêu chuẩn',
  }),
  delayApproved: (on: string, until: string): EventOfType<'CeremonyDelayApproved'> => ({
    type: 'CeremonyDelayApproved',
    occurredOn: on,
    approvedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
    until,
  }),
  ceremony: (on = '2023-09-20'): EventOfType<'AdmissionCeremonyHeld'> => ({ type: 'AdmissionCeremonyHeld', occurredOn: on }),
  theoryClass: (on = '2024-01-15'): EventOfType<'TheoryClassCompleted'> => ({
    type: 'TheoryClassCompleted',
    occurredOn: on,
    certificateNo: 'LLCT-2024-77',
  }),
  recognitionVote: (
    on = '2024-09-20',
    data: Partial<Omit<RecognitionVoteHeld, 'type' | 'occurredOn'>> = {},
  ): RecognitionVoteHeld => ({
    type: 'RecognitionVoteHeld',
    occurredOn: on,
    officialMembers: 9,
    excluded: 0,
    votesForRecognition: 9,
    votesForRemoval: 0,
    ...data,
  }),
  readmissionConsented: (on = '2023-06-28', consentedBy = 'Ban Thường vụ Tỉnh ủy Bình Dương'): EventOfType<'ReadmissionConsented'> => ({
    type: 'ReadmissionConsented',
    occurredOn: on,
    consentedBy,
    ref: '1234-CV/TU',
  }),
  grassrootsRecognition: (on = '2024-09-27', approve = true): EventOfType<'GrassrootsRecognitionResolved'> => ({
    type: 'GrassrootsRecognitionResolved',
    occurredOn: on,
    approve,
    resolutionNo: '57-NQ/ĐU',
  }),
  recognized: (on = '2024-10-01'): EventOfType<'OfficialMembershipRecognized'> => ({
    type: 'OfficialMembershipRecognized',
    occurredOn: on,
    decisionNo: '2345-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
  }),
  removed: (on: string): EventOfType<'ProbationaryMemberRemoved'> => ({
    type: 'ProbationaryMemberRemoved',
    occurredOn: on,
    decisionNo: '99-QĐ/ĐUK',
    decidedBy: 'Ban Thường vụ Đảng ủy Khối Doanh nghiệp',
    reason: 'không đủ tư cách đảng viên',
  }),
  dropped: (on: string): EventOfType<'CandidateDropped'> => ({ type: 'CandidateDropped', occurredOn: on, reason: 'không còn phấn đấu' }),
  withdrawn: (on: string): EventOfType<'CandidateWithdrawn'> => ({
    type: 'CandidateWithdrawn',
    occurredOn: on,
    reason: 'chuyển công tác ra nước ngoài',
  }),
  transferred: (on: string, toCellId = 'cell-b'): EventOfType<'DossierTransferred'> => ({
    type: 'DossierTransferred',
    occurredOn: on,
    toCellId,
  }),
};

/** The baseline history, in order, up to and including each step. */
export const happyPath: AdmissionEvent[] = [
  ev.nominated(),
  ev.enrolled(),
  ev.certified(),
  ev.applied(),
  ev.history(),
  ev.checkRequested(),
  ev.checkConcluded(),
  ev.sponsors(),
  ev.opinions(),
  ev.cellVote(),
  ev.grassroots(),
  ev.decided(),
  ev.ceremony(),
  ev.theoryClass(),
  ev.recognitionVote(),
  ev.recognized(),
];

/** The baseline up to (and including) the first event of the given type. */
export function until(type: AdmissionEvent['type']): AdmissionEvent[] {
  const index = happyPath.findIndex((e) => e.type === type);
  if (index < 0) throw new Error(`no ${type} in the baseline`);
  return happyPath.slice(0, index + 1);
}

/** The baseline before the first event of the given type. */
export function before(type: AdmissionEvent['type']): AdmissionEvent[] {
  return until(type).slice(0, -1);
}
