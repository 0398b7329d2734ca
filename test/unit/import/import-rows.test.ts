import { checkShape, ImportRow, parseRow } from '../../../src/import/rows';
import type { RawRow, RowProblem } from '../../../src/import/values';

/** One import row → the events of its acts, in the journey's order, with the shape the HTTP API would accept. */
const nomination: RawRow = {
  cell_id: 'chi-bo-a',
  full_name: 'Lê Thị Hoa',
  date_of_birth: '12/04/1998',
  gender: 'nữ',
  education: 'đại học',
  categories: 'đoàn viên; công nhân',
  nominated_on: '2019-03-01',
  nominated_by_kind: 'đoàn thanh niên',
  nominated_by_name: 'Đoàn cơ sở Công ty A',
  helper_name: 'Trần Văn Bình',
};
const official: RawRow = {
  ...nomination,
  class_enrolled_on: '2019-04-01',
  class_name: 'Lớp bồi dưỡng khóa 2/2019',
  certificate_issued_on: '2019-04-19',
  certificate_no: '125/GCN',
  certificate_issuer: 'Trung tâm Chính trị',
  application_on: '2019-05-06',
  // the preparation acts in another order than the forms': ordered by their dates
  sponsors_assigned_on: '2019-05-07',
  sponsor1_name: 'Trần Văn Hùng',
  sponsor1_official_since: '2015-09-02',
  sponsor1_known_since: '2017-03-01',
  sponsor_committee: 'ban chấp hành đoàn',
  sponsor_committee_resolution: '15-NQ/ĐTN',
  history_declared_on: '2019-05-08',
  relatives: 'cha:Lê Văn Nam:đảng viên; mẹ:Phạm Thị Thu; anh ruột:Lê Văn Hải:đảng viên',
  check_requested_on: '2019-05-10',
  check_addressed_to: 'Đảng ủy xã Phước Hòa',
  opinions_on: '2019-05-12',
  check_concluded_on: '2019-06-20',
  check_result: 'đạt',
  check_concluded_by: 'Đảng ủy cơ sở',
  cell_vote_on: '2019-07-05',
  cell_official_members: '9',
  cell_votes_for: '8',
  grassroots_resolved_on: '2019-07-15',
  grassroots_approve: 'có',
  decision_on: '2019-10-02',
  decision_no: '1250-QĐ/ĐUK',
  decided_by: 'Ban Thường vụ',
  ceremony_on: '2019-10-18',
  theory_class_on: '2020-03-14',
  theory_certificate_no: '318/LLCT',
  recognition_vote_on: '2020-10-20',
  recognition_official_members: '10',
  recognition_votes_for: '9',
  recognized_on: '2020-11-10',
  recognition_decision_no: '2104-QĐ/ĐUK',
  recognition_decided_by: 'Ban Thường vụ',
};
const parsed = (raw: RawRow) => {
  const result = parseRow(raw);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result;
};
const problemsOf = (raw: RawRow): RowProblem[] => {
  const result = parseRow(raw);
  return 'problems' in result ? result.problems : [];
};

describe('an import row', () => {
  it('becomes the events of its acts, the preparation acts ordered by date, values read in either language', () => {
    const { events, cellId } = parsed(official);
    expect(cellId).toBe('chi-bo-a');
    expect(events.map((e) => `${e.type} ${e.occurredOn}`)).toEqual([
      'CandidateNominated 2019-03-01',
      'AwarenessClassEnrolled 2019-04-01',
      'AwarenessCertificateIssued 2019-04-19',
      'ApplicationSubmitted 2019-05-06',
      'SponsorsAssigned 2019-05-07',
      'PersonalHistoryDeclared 2019-05-08',
      'BackgroundCheckRequested 2019-05-10',
      'MassOrganizationOpinionsCollected 2019-05-12',
      'BackgroundCheckConcluded 2019-06-20',
      'CellAdmissionVoteHeld 2019-07-05',
      'GrassrootsCommitteeResolved 2019-07-15',
      'AdmissionDecided 2019-10-02',
      'AdmissionCeremonyHeld 2019-10-18',
      'TheoryClassCompleted 2020-03-14',
      'RecognitionVoteHeld 2020-10-20',
      'OfficialMembershipRecognized 2020-11-10',
    ]);
    expect(events[0]).toMatchObject({
      candidate: { fullName: 'Lê Thị Hoa', dateOfBirth: '1998-04-12', gender: 'female', education: 'university', categories: ['youth_union', 'worker'] },
      nominatedBy: { kind: 'youth_union', name: 'Đoàn cơ sở Công ty A' },
    });
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType.AwarenessClassEnrolled).toMatchObject({ startsOn: '2019-04-01' });
    expect(byType.SponsorsAssigned).toMatchObject({
      sponsors: [
        { kind: 'party_member', fullName: 'Trần Văn Hùng', officialSince: '2015-09-02', knownSince: '2017-03-01' },
        { kind: 'youth_union_committee', resolutionNo: '15-NQ/ĐTN' },
      ],
    });
    expect(byType.PersonalHistoryDeclared).toMatchObject({
      relatives: [
        { relation: 'father', fullName: 'Lê Văn Nam', isPartyMember: true },
        { relation: 'mother', fullName: 'Phạm Thị Thu', isPartyMember: false },
        { relation: 'sibling', fullName: 'Lê Văn Hải', isPartyMember: true },
      ],
    });
    expect(byType.BackgroundCheckRequested).toMatchObject({ subjects: ['candidate', 'father', 'mother', 'sibling'] });
    expect(byType.CellAdmissionVoteHeld).toEqual({ type: 'CellAdmissionVoteHeld', occurredOn: '2019-07-05', officialMembers: 9, excluded: 0, votesFor: 8 });
    expect(byType.GrassrootsCommitteeResolved).toMatchObject({ approve: true });
    expect(byType.AdmissionDecided).toMatchObject({ receivedOn: '2019-10-02' });
    expect(byType.RecognitionVoteHeld).toMatchObject({ votesForRecognition: 9, votesForRemoval: 0, excluded: 0 });
  });

  it.each([
    [{ ended: 'xin rút', ended_on: '2019-04-02', end_reason: 'Chuyển công tác' }, { type: 'CandidateWithdrawn', reason: 'Chuyển công tác' }],
    [{ ended: 'dropped', ended_on: '2019-04-02', end_reason: 'Nghỉ việc' }, { type: 'CandidateDropped', reason: 'Nghỉ việc' }],
    [
      { ended: 'không kết nạp', ended_on: '2019-04-02', end_reason: 'Chưa đủ tiêu chuẩn', end_decided_by: 'Ban Thường vụ' },
      { type: 'AdmissionRejected', decidedBy: 'Ban Thường vụ' },
    ],
    [
      { ended: 'xóa tên', ended_on: '2019-04-02', end_reason: 'Vi phạm', end_decided_by: 'Ban Thường vụ', end_decision_no: '12-QĐ' },
      { type: 'ProbationaryMemberRemoved', decisionNo: '12-QĐ' },
    ],
  ])('ends with the act its ending names (%o)', (ending, expected) => {
    const { events } = parsed({ ...nomination, ...ending });
    expect(events[events.length - 1]).toMatchObject({ ...expected, occurredOn: '2019-04-02' });
  });

  it('reads the grassroots committee\'s resolution on recognition (15-KNĐ) between the vote and the decision', () => {
    const { events } = parsed({ ...official, grassroots_recognition_on: '2020-10-30', grassroots_recognition_approve: 'có', grassroots_recognition_resolution_no: '57-NQ/ĐU' });
    const types = events.map((e) => e.type);
    expect(types.slice(-3)).toEqual(['RecognitionVoteHeld', 'GrassrootsRecognitionResolved', 'OfficialMembershipRecognized']);
    expect(events.find((e) => e.type === 'GrassrootsRecognitionResolved')).toEqual({
      type: 'GrassrootsRecognitionResolved',
      occurredOn: '2020-10-30',
      approve: true,
      resolutionNo: '57-NQ/ĐU',
    });
  });

  it('has an id derived from the candidate, cell and nomination date, unless it brings its own', () => {
    const id = parsed(nomination).dossierId;
    expect(parsed({ ...nomination, full_name: '  LÊ THỊ   HOA ', class_enrolled_on: '2019-04-01', class_name: 'Khóa 2' }).dossierId).toBe(id);
    expect(parsed({ ...nomination, nominated_on: '2019-03-02' }).dossierId).not.toBe(id);
    expect(parsed({ ...nomination, id: '3F6C2A9E-8D41-4B7A-9C0E-5A2D1F7B8E63' }).dossierId).toBe('3f6c2a9e-8d41-4b7a-9c0e-5a2d1f7b8e63');
  });

  it('reports every problem of its cells at once, each with its column', () => {
    const problems = problemsOf({
      ...nomination,
      id: 'not-a-uuid',
      date_of_birth: '31/04/1998',
      gender: 'khác',
      certificate_issued_on: '2019-04-19',
      certificate_issuer: 'Trung tâm',
      cell_official_members: '9',
      categories: 'đoàn viên; phi công',
    });
    expect(problems.map((p) => [p.field, p.rule ?? '', p.message])).toEqual([
      ['id', '', 'id must be a UUID, not "not-a-uuid"'],
      ['date_of_birth', 'R-DATE', 'date_of_birth is not a real date (YYYY-MM-DD or DD/MM/YYYY): 31/04/1998'],
      ['categories', '', expect.stringContaining('categories must be one of youth_union')],
      ['gender', '', 'gender must be one of male, female, not "khác"'],
      ['certificate_no', '', 'certificate_no is required when certificate_issued_on is given'],
      ['cell_official_members', '', 'cell_official_members is given but cell_vote_on is empty'],
    ]);
  });

  it('has its events checked field by field as the HTTP API checks them', () => {
    expect(checkShape(parsed(official).events)).toEqual([]);
    const problems = checkShape(parsed({ ...nomination, class_enrolled_on: '2019-04-01', class_name: 'x'.repeat(301) }).events);
    expect(problems).toEqual([
      { code: 'VALIDATION_FAILED', field: 'AwarenessClassEnrolled.className', message: 'className must be at most 300 characters long' },
    ]);
  });

  it('refuses relatives it cannot read, rather than dropping them', () => {
    expect(problemsOf({ ...nomination, history_declared_on: '2019-05-08', relatives: 'cha:Lê Văn Nam; hàng xóm:Ai Đó' })).toEqual([
      expect.objectContaining({ field: 'relatives', message: expect.stringContaining('"hàng xóm:Ai Đó"') }),
    ]);
  });

  it('leaves the rules to the workflow: one sponsor only still makes an event, which R-SPONSOR will refuse', () => {
    const { events } = parsed({ ...official, sponsor_committee: '', sponsor_committee_resolution: '' }) as ImportRow;
    expect(events.find((e) => e.type === 'SponsorsAssigned')).toMatchObject({ sponsors: [{ fullName: 'Trần Văn Hùng' }] });
  });
});
