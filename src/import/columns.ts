/**
 * The columns of an import file (docs/import.md, docs/import-template.csv): one row per candidate, with the dates of
 * the acts done so far and what each act needs. Every column has an English and a Vietnamese header; either may be
 * used, and headers match without regard to case, accents, spaces or punctuation ("Ngày sinh" = "ngay_sinh" =
 * "NGAY SINH"). JSON-lines rows use the same names as keys.
 */

export interface Column {
  /** the English header, also the key of the row's values */
  key: string;
  vi: string;
  /** what goes in it (English), for the documentation */
  what: string;
}

const c = (key: string, vi: string, what: string): Column => ({ key, vi, what });

export const COLUMNS = [
  c('id', 'Mã hồ sơ', 'optional dossier id (UUID); when empty, the id derives from name, birth date, cell and nomination date'),
  c('cell_id', 'Mã chi bộ', 'id of the cell (chi bộ) or grassroots cell that holds the dossier; it must exist'),
  c('full_name', 'Họ và tên', 'the candidate'),
  c('date_of_birth', 'Ngày sinh', 'date'),
  c('gender', 'Giới tính', 'male | female (nam | nữ)'),
  c('ethnicity', 'Dân tộc', 'optional'),
  c('religion', 'Tôn giáo', 'optional'),
  c('education', 'Trình độ học vấn', 'primary … postgraduate (tiểu học, trung học cơ sở, trung học phổ thông, trung cấp, cao đẳng, đại học, sau đại học)'),
  c('occupation', 'Nghề nghiệp', 'optional'),
  c('categories', 'Đối tượng', 'list separated by ";": youth_union, trade_union, business_owner, worker, student, civil_servant, armed_forces, other'),
  c('hardship_area', 'Vùng khó khăn', 'optional: mountain, border, island, ethnic_minority_area, fishermen_at_sea (R-EDU)'),
  c('nominated_on', 'Ngày giới thiệu', 'date the cell put the candidate on its list (CandidateNominated)'),
  c('nominated_by_kind', 'Loại đơn vị giới thiệu', 'youth_union | trade_union | party_member | outreach_cadre (đoàn thanh niên, công đoàn, đảng viên, cán bộ dân vận)'),
  c('nominated_by_name', 'Đơn vị giới thiệu', 'who proposed the candidate'),
  c('helper_name', 'Đảng viên giúp đỡ', 'the official member assigned to help'),
  c('class_enrolled_on', 'Ngày vào lớp bồi dưỡng', 'date (AwarenessClassEnrolled)'),
  c('class_name', 'Tên lớp bồi dưỡng', 'with the enrolment date'),
  c('class_starts_on', 'Ngày khai giảng', 'optional; default: the enrolment date'),
  c('certificate_issued_on', 'Ngày cấp giấy chứng nhận', 'date (AwarenessCertificateIssued)'),
  c('certificate_no', 'Số giấy chứng nhận', 'with the certificate date'),
  c('certificate_issuer', 'Nơi cấp giấy chứng nhận', 'with the certificate date'),
  c('application_on', 'Ngày nộp đơn', 'date of the application, 1-KNĐ (ApplicationSubmitted)'),
  c('history_declared_on', 'Ngày khai lý lịch', 'date of the personal history, 2-KNĐ (PersonalHistoryDeclared)'),
  c('relatives', 'Người thân', 'list separated by ";", each "relation:full name" with ":đảng viên" (or ":party_member") for a party member'),
  c('check_requested_on', 'Ngày gửi thẩm tra', 'date the verification letters went out about the candidate and every relative (BackgroundCheckRequested)'),
  c('check_addressed_to', 'Nơi thẩm tra', 'with the request date'),
  c('check_concluded_on', 'Ngày kết luận thẩm tra', 'date (BackgroundCheckConcluded)'),
  c('check_result', 'Kết quả thẩm tra', 'pass | fail (đạt | không đạt); "fail" drops the dossier'),
  c('check_concluded_by', 'Cấp ủy kết luận thẩm tra', 'with the conclusion date'),
  c('sponsors_assigned_on', 'Ngày phân công người giới thiệu', 'date, 3-KNĐ and 4-KNĐ (SponsorsAssigned)'),
  c('sponsor1_name', 'Người giới thiệu 1', 'an official party member'),
  c('sponsor1_official_since', 'Người giới thiệu 1 chính thức từ', 'date'),
  c('sponsor1_known_since', 'Người giới thiệu 1 biết từ', 'date since when the sponsor has known the candidate'),
  c('sponsor1_replacement', 'Người giới thiệu 1 thay thế', 'optional yes/no: a replacement sponsor needs no 12 months of acquaintance'),
  c('sponsor2_name', 'Người giới thiệu 2', 'a second official member, or leave empty and name a committee'),
  c('sponsor2_official_since', 'Người giới thiệu 2 chính thức từ', 'date'),
  c('sponsor2_known_since', 'Người giới thiệu 2 biết từ', 'date'),
  c('sponsor2_replacement', 'Người giới thiệu 2 thay thế', 'optional yes/no'),
  c('sponsor_committee', 'Đoàn thể giới thiệu', 'instead of a second member: youth_union_committee | trade_union_committee (ban chấp hành đoàn | ban chấp hành công đoàn)'),
  c('sponsor_committee_resolution', 'Số nghị quyết đoàn thể giới thiệu', 'with the committee'),
  c('opinions_on', 'Ngày lấy ý kiến đoàn thể', 'date of the mass organisations\' opinions, 5-KNĐ (MassOrganizationOpinionsCollected)'),
  c('cell_vote_on', 'Ngày chi bộ xét kết nạp', 'date of the cell vote, 6-KNĐ (CellAdmissionVoteHeld)'),
  c('cell_official_members', 'Số đảng viên chính thức', 'whole number, with the vote'),
  c('cell_excluded', 'Số đảng viên không tính', 'whole number, with the vote (R-VOTE)'),
  c('cell_votes_for', 'Số phiếu tán thành', 'whole number, with the vote'),
  c('cell_resolution_no', 'Số nghị quyết chi bộ', 'optional'),
  c('special_approval_by', 'Cơ quan đồng ý ngoài tuổi', 'for a candidate over 60 at the vote (R-AGE)'),
  c('special_approval_ref', 'Số văn bản đồng ý ngoài tuổi', 'with the approving body'),
  c('grassroots_resolved_on', 'Ngày đảng ủy cơ sở xét', 'date, 8-KNĐ (GrassrootsCommitteeResolved)'),
  c('grassroots_approve', 'Đảng ủy cơ sở đồng ý', 'yes | no (có | không), with the date'),
  c('grassroots_resolution_no', 'Số nghị quyết đảng ủy cơ sở', 'optional'),
  c('decision_on', 'Ngày quyết định kết nạp', 'date, 9-KNĐ (AdmissionDecided)'),
  c('decision_no', 'Số quyết định kết nạp', 'with the decision date'),
  c('decided_by', 'Cấp ủy quyết định kết nạp', 'with the decision date'),
  c('decision_received_on', 'Ngày nhận quyết định', 'optional; default: the decision date (R-T-CEREMONY counts from it)'),
  c('delay_approved_on', 'Ngày đồng ý lùi lễ kết nạp', 'date (CeremonyDelayApproved), for a late ceremony'),
  c('delay_approved_by', 'Cấp ủy đồng ý lùi lễ', 'with that date'),
  c('delay_until', 'Lùi lễ kết nạp đến ngày', 'with that date'),
  c('ceremony_on', 'Ngày lễ kết nạp', 'date of the admission ceremony (AdmissionCeremonyHeld)'),
  c('theory_class_on', 'Ngày hoàn thành lớp đảng viên mới', 'date (TheoryClassCompleted)'),
  c('theory_certificate_no', 'Số giấy chứng nhận lớp đảng viên mới', 'with that date'),
  c('recognition_vote_on', 'Ngày chi bộ xét công nhận chính thức', 'date (RecognitionVoteHeld)'),
  c('recognition_official_members', 'Số đảng viên chính thức khi xét công nhận', 'whole number, with the vote'),
  c('recognition_excluded', 'Số đảng viên không tính khi xét công nhận', 'whole number, with the vote'),
  c('recognition_votes_for', 'Số phiếu đề nghị công nhận', 'whole number, with the vote'),
  c('recognition_votes_removal', 'Số phiếu đề nghị xóa tên', 'whole number, with the vote'),
  c('grassroots_recognition_on', 'Ngày đảng ủy cơ sở xét công nhận chính thức', 'date, 15-KNĐ (GrassrootsRecognitionResolved); required for a recognition from 2025-07-01'),
  c('grassroots_recognition_approve', 'Đảng ủy cơ sở đồng ý công nhận', 'yes | no (có | không), with the date'),
  c('grassroots_recognition_resolution_no', 'Số nghị quyết đảng ủy cơ sở về công nhận', 'optional'),
  c('recognized_on', 'Ngày quyết định công nhận chính thức', 'date (OfficialMembershipRecognized)'),
  c('recognition_decision_no', 'Số quyết định công nhận', 'with that date'),
  c('recognition_decided_by', 'Cấp ủy công nhận', 'with that date'),
  c('ended', 'Kết thúc hồ sơ', 'how an unfinished dossier ended: rejected | dropped | withdrawn | removed (không kết nạp, đưa ra khỏi danh sách, xin rút, xóa tên)'),
  c('ended_on', 'Ngày kết thúc', 'date of that act'),
  c('end_reason', 'Lý do kết thúc', 'with the end'),
  c('end_decided_by', 'Cấp ủy quyết định kết thúc', 'for rejected and removed'),
  c('end_decision_no', 'Số quyết định kết thúc', 'for removed'),
] as const satisfies readonly Column[];

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** Row numbers that spreadsheets carry (STT): accepted and ignored. */
const IGNORED = new Set(['stt', 'no', 'row']);

/** Headers and coded cells already normalised: a file repeats the same few codes on every row. */
const normalised = new Map<string, string>();
const NORMALISED_KEPT = 10_000;

/** "Ngày sinh", "ngay_sinh", "NGÀY SINH" → "ngay_sinh": case, accents, spaces and punctuation do not matter. */
export function normaliseHeader(header: string): string {
  let name = normalised.get(header);
  if (name === undefined) {
    name = header
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (normalised.size < NORMALISED_KEPT) normalised.set(header, name);
  }
  return name;
}

const BY_NAME = new Map<string, ColumnKey>(COLUMNS.flatMap((col) => [[normaliseHeader(col.key), col.key] as const, [normaliseHeader(col.vi), col.key] as const]));

/** The column a header names; `null` for an ignored row-number column; `undefined` when unknown. */
export function columnOf(header: string): ColumnKey | null | undefined {
  const name = normaliseHeader(header);
  if (IGNORED.has(name)) return null;
  return BY_NAME.get(name);
}

/** Every header written in both languages points at one column only (checked by a unit test). */
export function headerClashes(): string[] {
  const seen = new Map<string, string>();
  const clashes: string[] = [];
  for (const col of COLUMNS) {
    for (const header of [col.key, col.vi]) {
      const name = normaliseHeader(header);
      const owner = seen.get(name);
      if (owner !== undefined && owner !== col.key) clashes.push(`${header} (${owner} and ${col.key})`);
      seen.set(name, col.key);
    }
  }
  return clashes;
}
