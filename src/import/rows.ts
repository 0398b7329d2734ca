/**
 * One import row → the events of domain.md that record the acts it dates, in the order the journey takes them. The
 * preparation of the background check (2-KNĐ … 5-KNĐ and the verification) happens in any order in practice, so those
 * acts are ordered by their dates; every other act has its place in the journey. Nothing is judged here beyond the shape
 * of the cells: the workflow decides the rules (R-AGE, R-CERT, R-DATE order …) when the events are recorded, and
 * `checkShape` runs the HTTP DTOs over each event's fields exactly as for a clerk's request.
 */
import {
  CANDIDATE_CATEGORIES,
  EDUCATION_LEVELS,
  HARDSHIP_AREAS,
  NOMINATOR_KINDS,
  RELATIONS,
  type AdmissionEvent,
  type CandidateCategory,
  type CheckSubject,
  type Relative,
  type Sponsor,
} from '../../workflows/admission';
import { ValidationFailedError } from '../engine/errors';
import { nameUuid } from '../engine/name-uuid';
import { checkEventBody } from '../http/dossiers/event-dtos';
import { type ColumnKey, normaliseHeader } from './columns';
import { Cells, RawRow, RowProblem, vocabulary } from './values';

export interface ImportRow {
  dossierId: string;
  cellId: string;
  events: AdmissionEvent[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const codes = <T extends string>(all: readonly T[], names: Partial<Record<T, string[]>>) =>
  vocabulary(Object.fromEntries(all.map((code) => [code, names[code] ?? []])) as Record<T, string[]>);

const GENDER = vocabulary({ male: ['nam'], female: ['nữ', 'nu'] });
const EDUCATION = codes(EDUCATION_LEVELS, {
  primary: ['tiểu học'],
  lower_secondary: ['trung học cơ sở', 'thcs'],
  upper_secondary: ['trung học phổ thông', 'thpt'],
  vocational: ['trung cấp'],
  college: ['cao đẳng'],
  university: ['đại học'],
  postgraduate: ['sau đại học', 'thạc sĩ', 'tiến sĩ'],
});
const CATEGORY = codes(CANDIDATE_CATEGORIES, {
  youth_union: ['đoàn viên', 'đoàn viên thanh niên'],
  trade_union: ['công đoàn viên', 'đoàn viên công đoàn'],
  business_owner: ['chủ doanh nghiệp'],
  worker: ['công nhân', 'người lao động'],
  student: ['học sinh', 'sinh viên'],
  civil_servant: ['công chức', 'viên chức'],
  armed_forces: ['lực lượng vũ trang', 'quân đội', 'công an'],
  other: ['khác'],
});
const HARDSHIP = codes(HARDSHIP_AREAS, {
  mountain: ['miền núi'],
  border: ['biên giới'],
  island: ['hải đảo'],
  ethnic_minority_area: ['vùng đồng bào dân tộc thiểu số', 'vùng dân tộc thiểu số'],
  fishermen_at_sea: ['ngư dân', 'ngư dân trên biển'],
});
const NOMINATOR = codes(NOMINATOR_KINDS, {
  youth_union: ['đoàn thanh niên', 'đoàn'],
  trade_union: ['công đoàn'],
  party_member: ['đảng viên'],
  outreach_cadre: ['cán bộ dân vận', 'cán bộ vận động quần chúng'],
});
const RELATION = codes(RELATIONS, {
  father: ['cha', 'bố', 'cha đẻ', 'bố đẻ'],
  mother: ['mẹ', 'mẹ đẻ'],
  father_in_law: ['bố vợ', 'bố chồng', 'cha vợ', 'cha chồng'],
  mother_in_law: ['mẹ vợ', 'mẹ chồng'],
  guardian: ['người giám hộ', 'người nuôi dưỡng'],
  spouse: ['vợ', 'chồng'],
  sibling: ['anh ruột', 'chị ruột', 'em ruột', 'anh chị em ruột', 'anh', 'chị', 'em'],
  child: ['con', 'con đẻ'],
});
const PARTY_MEMBER = vocabulary({ yes: ['đảng viên', 'party_member', 'party', 'dv'] });
const CHECK_RESULT = vocabulary({ pass: ['đạt'], fail: ['không đạt'] });
const COMMITTEE = vocabulary({
  youth_union_committee: ['ban chấp hành đoàn', 'đoàn thanh niên', 'đoàn'],
  trade_union_committee: ['ban chấp hành công đoàn', 'công đoàn'],
});
const ENDING = vocabulary({
  rejected: ['không kết nạp', 'không được kết nạp'],
  dropped: ['đưa ra khỏi danh sách', 'loại khỏi danh sách'],
  withdrawn: ['xin rút', 'rút'],
  removed: ['xóa tên'],
});

/** The identity a dossier id derives from when the row brings none: the same person, cell and nomination date. */
function derivedId(fullName: string, dateOfBirth: string, cellId: string, nominatedOn: string): string {
  const name = fullName.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return nameUuid(`ketnap-import/v1\n${name}\n${dateOfBirth}\n${cellId}\n${nominatedOn}`);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(/[;\n]/).map((part) => part.trim()).filter(Boolean);
}

type Dated = { event: AdmissionEvent; order: number };

/** The cells that name the row's dossier, read (and their problems noted) in the order of the error report. */
function identityOf(cells: Cells) {
  const id = cells.text('id');
  if (id !== undefined && !UUID.test(id)) cells.problem({ code: 'VALIDATION_FAILED', field: 'id', message: `id must be a UUID, not "${id}"`, messageVi: `Mã hồ sơ phải là UUID: "${id}"` });
  const cellId = cells.required('cell_id');
  const fullName = cells.required('full_name');
  const dateOfBirth = cells.date('date_of_birth', {}) ?? '';
  const nominatedOn = cells.date('nominated_on', {}) ?? '';
  return { dossierId: id?.toLowerCase() ?? derivedId(fullName, dateOfBirth, cellId, nominatedOn), cellId, fullName, dateOfBirth, nominatedOn };
}

/**
 * The dossier a row opens, as parseRow names it, read from those cells alone (so that an import can look for it in the
 * store before deciding the row); undefined when they cannot be read (parseRow then refuses the row).
 */
export function dossierIdOf(raw: RawRow): string | undefined {
  const cells = new Cells(raw);
  const { dossierId } = identityOf(cells);
  return cells.problems.length === 0 ? dossierId : undefined;
}

/** The row's events, or every problem found in its cells (nothing is recorded for such a row). */
export function parseRow(raw: RawRow): ImportRow | { problems: RowProblem[] } {
  const cells = new Cells(raw);
  const { dossierId, cellId, fullName, dateOfBirth, nominatedOn } = identityOf(cells);
  const events: Dated[] = [];
  const at = (order: number, event: AdmissionEvent) => events.push({ event, order });

  const categories = list(cells.text('categories')).flatMap((name) => cells.code('categories', name, CATEGORY) ?? []);
  const optional = <K extends string>(key: K, value: string | undefined) => (value === undefined ? {} : { [key]: value });
  at(0, {
    type: 'CandidateNominated',
    occurredOn: nominatedOn,
    cellId,
    candidate: {
      fullName,
      dateOfBirth,
      gender: cells.choice('gender', GENDER, {}) ?? 'male',
      ...optional('ethnicity', cells.text('ethnicity')),
      ...optional('religion', cells.text('religion')),
      education: cells.choice('education', EDUCATION, {}) ?? 'primary',
      ...optional('occupation', cells.text('occupation')),
      categories: [...new Set<CandidateCategory>(categories)],
      ...optional('hardshipArea', cells.choice('hardship_area', HARDSHIP)),
    },
    nominatedBy: { kind: cells.choice('nominated_by_kind', NOMINATOR, {}) ?? 'party_member', name: cells.required('nominated_by_name') },
    helper: { name: cells.required('helper_name') },
  } as AdmissionEvent);

  /** An act: its date column, the columns that belong to it, and how to build its event once the date is there. */
  const act = (order: number, dateKey: ColumnKey, companions: ColumnKey[], build: (on: string) => AdmissionEvent | undefined) => {
    cells.orphans(companions, dateKey);
    const on = cells.date(dateKey);
    const event = on && build(on);
    if (event) at(order, event);
  };
  const need = (key: ColumnKey, because: ColumnKey) => cells.required(key, because);

  act(1, 'class_enrolled_on', ['class_name', 'class_starts_on'], (on) => ({
    type: 'AwarenessClassEnrolled',
    occurredOn: on,
    className: need('class_name', 'class_enrolled_on'),
    startsOn: cells.date('class_starts_on') ?? on,
  }));
  act(2, 'certificate_issued_on', ['certificate_no', 'certificate_issuer'], (on) => ({
    type: 'AwarenessCertificateIssued',
    occurredOn: on,
    issuedOn: on,
    certificateNo: need('certificate_no', 'certificate_issued_on'),
    issuer: need('certificate_issuer', 'certificate_issued_on'),
  }));
  act(3, 'application_on', [], (on) => ({ type: 'ApplicationSubmitted', occurredOn: on }));

  // The preparation of the background check: ordered by date among themselves (order 4, stable by this listing).
  const relatives = parseRelatives(cells);
  act(4, 'history_declared_on', ['relatives'], (on) => ({ type: 'PersonalHistoryDeclared', occurredOn: on, relatives }));
  act(4, 'check_requested_on', ['check_addressed_to'], (on) => ({
    type: 'BackgroundCheckRequested',
    occurredOn: on,
    subjects: [...new Set<CheckSubject>(['candidate', ...relatives.map((r) => r.relation)])],
    addressedTo: need('check_addressed_to', 'check_requested_on'),
  }));
  act(4, 'check_concluded_on', ['check_result', 'check_concluded_by'], (on) => ({
    type: 'BackgroundCheckConcluded',
    occurredOn: on,
    result: cells.choice('check_result', CHECK_RESULT, { because: 'check_concluded_on' }) ?? 'pass',
    concludedBy: need('check_concluded_by', 'check_concluded_on'),
  }));
  const sponsorColumns: ColumnKey[] = [
    'sponsor1_name', 'sponsor1_official_since', 'sponsor1_known_since', 'sponsor1_replacement',
    'sponsor2_name', 'sponsor2_official_since', 'sponsor2_known_since', 'sponsor2_replacement',
    'sponsor_committee', 'sponsor_committee_resolution',
  ];
  act(4, 'sponsors_assigned_on', sponsorColumns, (on) => ({ type: 'SponsorsAssigned', occurredOn: on, sponsors: parseSponsors(cells) }));
  act(4, 'opinions_on', [], (on) => ({ type: 'MassOrganizationOpinionsCollected', occurredOn: on }));

  const approval = { by: cells.text('special_approval_by'), ref: cells.text('special_approval_ref') };
  act(5, 'cell_vote_on', ['cell_official_members', 'cell_excluded', 'cell_votes_for', 'cell_resolution_no', 'special_approval_by', 'special_approval_ref'], (on) => ({
    type: 'CellAdmissionVoteHeld',
    occurredOn: on,
    officialMembers: cells.whole('cell_official_members', { because: 'cell_vote_on' }),
    excluded: cells.whole('cell_excluded', { because: 'cell_vote_on', emptyIs: 0 }),
    votesFor: cells.whole('cell_votes_for', { because: 'cell_vote_on' }),
    ...optional('resolutionNo', cells.text('cell_resolution_no')),
    ...(approval.by || approval.ref
      ? { specialApproval: { by: need('special_approval_by', 'special_approval_ref'), ref: need('special_approval_ref', 'special_approval_by') } }
      : {}),
  }));
  act(6, 'grassroots_resolved_on', ['grassroots_approve', 'grassroots_resolution_no'], (on) => ({
    type: 'GrassrootsCommitteeResolved',
    occurredOn: on,
    approve: cells.yesNo('grassroots_approve', { because: 'grassroots_resolved_on' }) ?? false,
    ...optional('resolutionNo', cells.text('grassroots_resolution_no')),
  }));
  act(7, 'decision_on', ['decision_no', 'decided_by', 'decision_received_on'], (on) => ({
    type: 'AdmissionDecided',
    occurredOn: on,
    decisionNo: need('decision_no', 'decision_on'),
    decidedBy: need('decided_by', 'decision_on'),
    receivedOn: cells.date('decision_received_on') ?? on,
  }));
  act(8, 'delay_approved_on', ['delay_approved_by', 'delay_until'], (on) => ({
    type: 'CeremonyDelayApproved',
    occurredOn: on,
    approvedBy: need('delay_approved_by', 'delay_approved_on'),
    until: cells.date('delay_until', { because: 'delay_approved_on' }) ?? on,
  }));
  act(9, 'ceremony_on', [], (on) => ({ type: 'AdmissionCeremonyHeld', occurredOn: on }));
  act(10, 'theory_class_on', ['theory_certificate_no'], (on) => ({
    type: 'TheoryClassCompleted',
    occurredOn: on,
    certificateNo: need('theory_certificate_no', 'theory_class_on'),
  }));
  act(11, 'recognition_vote_on', ['recognition_official_members', 'recognition_excluded', 'recognition_votes_for', 'recognition_votes_removal'], (on) => ({
    type: 'RecognitionVoteHeld',
    occurredOn: on,
    officialMembers: cells.whole('recognition_official_members', { because: 'recognition_vote_on' }),
    excluded: cells.whole('recognition_excluded', { because: 'recognition_vote_on', emptyIs: 0 }),
    votesForRecognition: cells.whole('recognition_votes_for', { because: 'recognition_vote_on' }),
    votesForRemoval: cells.whole('recognition_votes_removal', { because: 'recognition_vote_on', emptyIs: 0 }),
  }));
  act(12, 'grassroots_recognition_on', ['grassroots_recognition_approve', 'grassroots_recognition_resolution_no'], (on) => ({
    type: 'GrassrootsRecognitionResolved',
    occurredOn: on,
    approve: cells.yesNo('grassroots_recognition_approve', { because: 'grassroots_recognition_on' }) ?? false,
    ...optional('resolutionNo', cells.text('grassroots_recognition_resolution_no')),
  }));
  act(13, 'recognized_on', ['recognition_decision_no', 'recognition_decided_by'], (on) => ({
    type: 'OfficialMembershipRecognized',
    occurredOn: on,
    decisionNo: need('recognition_decision_no', 'recognized_on'),
    decidedBy: need('recognition_decided_by', 'recognized_on'),
  }));
  act(14, 'ended_on', ['ended', 'end_reason', 'end_decided_by', 'end_decision_no'], (on) => ending(cells, on));
  cells.orphans(['ended_on'], 'ended');

  if (cells.problems.length > 0) return { problems: cells.problems };
  // Stable: acts of the same place keep the listing order when their dates are equal.
  const ordered = events
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.order - b.order || (a.order === 4 ? a.event.occurredOn.localeCompare(b.event.occurredOn) : 0) || a.i - b.i)
    .map((e) => e.event);
  return { dossierId, cellId, events: ordered };
}

function parseRelatives(cells: Cells): Relative[] {
  return list(cells.text('relatives')).flatMap((entry): Relative[] => {
    const [relation, fullName, member] = entry.split(':').map((part) => part.trim());
    const code = RELATION.get(normaliseHeader(relation));
    const memberMark = member ? PARTY_MEMBER.get(normaliseHeader(member)) : undefined;
    if (!code || !fullName || (member && !memberMark)) {
      cells.problem({
        code: 'VALIDATION_FAILED',
        field: 'relatives',
        message: `relatives: "${entry}" is not "relation:full name" or "relation:full name:đảng viên"`,
        messageVi: `Người thân: "${entry}" phải viết "quan hệ:họ và tên" hoặc "quan hệ:họ và tên:đảng viên"`,
      });
      return [];
    }
    return [{ relation: code, fullName, isPartyMember: memberMark === 'yes' }];
  });
}

function parseSponsors(cells: Cells): Sponsor[] {
  const member = (n: 1 | 2): Sponsor => {
    const name = `sponsor${n}_name` as const;
    const replacement = cells.yesNo(`sponsor${n}_replacement`);
    return {
      kind: 'party_member',
      fullName: cells.required(name, 'sponsors_assigned_on'),
      officialSince: cells.date(`sponsor${n}_official_since`, { because: name }) ?? '',
      knownSince: cells.date(`sponsor${n}_known_since`, { because: name }) ?? '',
      ...(replacement ? { replacement } : {}),
    };
  };
  const sponsors = [member(1)];
  if (cells.text('sponsor2_name')) sponsors.push(member(2));
  const committee = cells.choice('sponsor_committee', COMMITTEE);
  if (committee) sponsors.push({ kind: committee, resolutionNo: cells.required('sponsor_committee_resolution', 'sponsor_committee') });
  // One sponsor only, or three: the workflow refuses it by R-SPONSOR, with its own words.
  return sponsors;
}

function ending(cells: Cells, on: string): AdmissionEvent | undefined {
  const kind = cells.choice('ended', ENDING, { because: 'ended_on' });
  const reason = cells.required('end_reason', 'ended');
  switch (kind) {
    case 'rejected':
      return { type: 'AdmissionRejected', occurredOn: on, decidedBy: cells.required('end_decided_by', 'ended'), reason };
    case 'dropped':
      return { type: 'CandidateDropped', occurredOn: on, reason };
    case 'withdrawn':
      return { type: 'CandidateWithdrawn', occurredOn: on, reason };
    case 'removed':
      return {
        type: 'ProbationaryMemberRemoved',
        occurredOn: on,
        decisionNo: cells.required('end_decision_no', 'ended'),
        decidedBy: cells.required('end_decided_by', 'ended'),
        reason,
      };
    default:
      return undefined;
  }
}

/**
 * The events' fields as the HTTP API checks them (lengths, characters, bounds): one rule for both doors. An act with
 * nothing but its date (1-KNĐ, 5-KNĐ, the ceremony) has had that date checked when the row was read.
 */
export function checkShape(events: readonly AdmissionEvent[]): RowProblem[] {
  return events.flatMap((event) => {
    if (Object.keys(event).length <= 2) return [];
    try {
      checkEventBody(event);
      return [];
    } catch (error) {
      if (!(error instanceof ValidationFailedError)) throw error;
      return error.errors.map(({ field, message }) => ({ code: 'VALIDATION_FAILED', field: `${event.type}.${field}`, message }));
    }
  });
}
