/**
 * Who owns each act (domain.md, "Who records which act"): every admission event is the act of one body — the cell
 * (chi bộ), the grassroots committee (đảng ủy cơ sở) or the competent committee (cấp ủy có thẩm quyền) — and only
 * people of that body, or of an organisation above it in the dossier's path, may record it. Pure: the caller passes
 * the dossier's organisation path on the act's date (root first, down to the dossier's cell), whether the candidate
 * is over 60, and who records.
 *
 * Sources (checked against the published texts; section numbers are those of 24-QĐ/TW, kept by 232-QĐ/TW and
 * 294-QĐ/TW):
 * - Điều lệ Đảng (2011), Điều 4 khoản 3: "chi bộ xét và đề nghị kết nạp; đảng ủy cơ sở xem xét, cấp ủy cấp trên
 *   trực tiếp của tổ chức cơ sở đảng xét, quyết định"; Điều 5 khoản 3: at the end of probation the cell votes on
 *   recognition and proposes it to the competent committee, which decides recognition or removal (xóa tên).
 * - Quy định 24-QĐ/TW (2021) 4.3.1: the competent committee decides within 60 working days of the cell's resolution
 *   (30 for recognition) and may extend "tối đa 30 ngày làm việc"; 4.3.2: a grassroots committee authorised to admit
 *   decides as a collective (a), otherwise the standing committee (ban thường vụ) of the level directly above the
 *   grassroots organisation decides (b); province-level committees by their standing body (c).
 * - Quy định 24-QĐ/TW 1.1.2 (232-QĐ/TW and 294-QĐ/TW alike): "Việc kết nạp vào Đảng những người trên 60 tuổi do cấp
 *   ủy trực thuộc Trung ương xem xét, quyết định".
 * - Quy định 232-QĐ/TW 4.1 (as 24-QĐ/TW 4.1): the cell holds the ceremony within 30 working days of receiving the
 *   decision; later only "được cấp ủy cấp trên trực tiếp đồng ý".
 * - Hướng dẫn 12-HD/BTCTW (2022), forms: 6-KNĐ the cell's resolution (chi bộ), 8-KNĐ the grassroots committee's
 *   resolution (đảng ủy cơ sở), 9-KNĐ the admission decision signed for the standing committee (T/M Ban Thường vụ)
 *   of the competent committee, or for the authorised grassroots committee.
 * - Quy định 294-QĐ/TW and Hướng dẫn 06-HD/TW (2025): three levels from 2025-07-01 (central, province, commune); no
 *   district can be the level above a grassroots organisation from then on.
 */
import type { IsoDate } from '../calendar';
import type { OrgKind } from '../organization';
import type { AdmissionContext } from './context';
import type { AdmissionEvent, AdmissionEventType } from './events';
import { DECIDER_FIELDS, namesBody } from './body-names';
import { rulesOn, ruleSetFor, RuleSetId, wholeMonthsUnder } from './rule-sets';

/** The body that owns an act. */
export type ActBody = 'cell' | 'grassroots' | 'competent' | 'province';

/**
 * The owner of every event type, by the table of domain.md. Acts the table does not name, and why:
 * - AwarenessCertificateIssued: the "certificate" of the table (the grassroots committee records the class result;
 *   the certificate itself is issued by a political centre or the committee's school, which has no clerk here).
 * - TheoryClassCompleted: the "theory class record" of the table, as the certificate.
 * - RecognitionVoteHeld: a cell vote (Điều lệ, Điều 5 khoản 3: the cell reviews and votes on recognition).
 * - DecisionDeadlineExtended: a "deadline extension" of the table: 4.3.1 gives the extension to the committee that
 *   must decide (both for the admission and for the recognition clock).
 * - RecognitionEscalated (R-DEADLOCK) is not an event a clerk records: the machine enters
 *   `probationary.recognitionEscalated` with the third inconclusive vote (a cell act); the competent committee then
 *   records OfficialMembershipRecognized or ProbationaryMemberRemoved, its own acts.
 */
const ACTS_2021: Readonly<Record<AdmissionEventType, ActBody>> = {
  CandidateNominated: 'cell',
  AwarenessClassEnrolled: 'cell',
  AwarenessCertificateIssued: 'grassroots',
  ApplicationSubmitted: 'cell',
  PersonalHistoryDeclared: 'cell',
  BackgroundCheckRequested: 'grassroots',
  BackgroundCheckConcluded: 'grassroots',
  SponsorsAssigned: 'cell',
  MassOrganizationOpinionsCollected: 'cell',
  CellAdmissionVoteHeld: 'cell',
  GrassrootsCommitteeResolved: 'grassroots',
  // R-READMIT (24-QĐ/TW 3.5.1): "ban thường vụ tỉnh ủy, thành ủy (hoặc tương đương) đồng ý bằng văn bản". ASSUMPTION:
  // "or equivalent" is a committee directly under the Central Committee, found as for the over-60 decision.
  ReadmissionConsented: 'province',
  DecisionDeadlineExtended: 'competent',
  AdmissionDecided: 'competent',
  AdmissionRejected: 'competent',
  // ASSUMPTION: "cấp ủy cấp trên trực tiếp đồng ý" (232-QĐ/TW 4.1) is read as the committee that took the decision
  // whose ceremony is late (domain.md: the competent committee), not as the cell's own grassroots committee.
  CeremonyDelayApproved: 'competent',
  AdmissionCeremonyHeld: 'cell',
  TheoryClassCompleted: 'grassroots',
  RecognitionVoteHeld: 'cell',
  // 15-KNĐ: "nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức" (Hướng dẫn 12-HD/BTCTW, forms).
  GrassrootsRecognitionResolved: 'grassroots',
  OfficialMembershipRecognized: 'competent',
  ProbationaryMemberRemoved: 'competent',
  CandidateDropped: 'cell',
  CandidateWithdrawn: 'cell',
  // The transfer out is the releasing cell's act; the receiving cell must lie in the recorder's scope too (HTTP).
  DossierTransferred: 'cell',
};

export interface AuthorityRules {
  /** the owner of each act */
  acts: Readonly<Record<AdmissionEventType, ActBody>>;
  /**
   * Acts that, for a candidate over 60 (R-AGE), belong to a committee directly under the Central Committee whatever
   * the grassroots authorisation (24-QĐ/TW 1.1.2 speaks of the admission: "xem xét, quyết định", so the decision
   * either way). ASSUMPTION: the deadline extension, the ceremony delay and the recognition stay with the ordinary
   * competent committee (a province-level body, being above it, may record them too).
   */
  overAgeActs: readonly AdmissionEventType[];
  /** levels that can no longer be the competent committee under this rule set */
  abolishedLevels: readonly OrgKind[];
}

export const AUTHORITY: Readonly<Record<RuleSetId, AuthorityRules>> = {
  R2021: { acts: ACTS_2021, overAgeActs: ['AdmissionDecided', 'AdmissionRejected'], abolishedLevels: [] },
  // 232-QĐ/TW (2025) keeps 4.3 and 1.1.2 of 24-QĐ/TW as they were.
  R2025a: { acts: ACTS_2021, overAgeActs: ['AdmissionDecided', 'AdmissionRejected'], abolishedLevels: [] },
  // 294-QĐ/TW: no district level from 2025-07-01; a commune (or a block, or the province) is the level above.
  R2025b: { acts: ACTS_2021, overAgeActs: ['AdmissionDecided', 'AdmissionRejected'], abolishedLevels: ['district'] },
};

/** An organisation of the dossier's path on the act's date. */
export interface AuthorityNode {
  id: string;
  /** the organisation's name, as registered (e.g. "Đảng ủy Khối Doanh nghiệp"); used in messages and `decidedBy` */
  name?: string;
  kind: OrgKind | string;
  authorisedToAdmit: boolean;
  /** succeeded on or before the act's date: it takes no new act, and its successor (above it in the path) owns its place */
  dissolved: boolean;
}

/** Why no body owns the act on that date (the tree needs a restructuring recorded first). */
export type NoOwnerReason = 'NO_CELL' | 'NO_GRASSROOTS' | 'NO_COMPETENT_COMMITTEE' | 'LEVEL_ABOLISHED' | 'NO_PROVINCE_COMMITTEE';

export interface Owner {
  ok: true;
  /** the role of the act in the table */
  role: ActBody;
  /** the organisation that owns the act */
  body: AuthorityNode;
  /** how the body should be named, in Vietnamese (e.g. "Ban Thường vụ Đảng ủy Khối Doanh nghiệp") */
  title: string;
  /** why this body: the R-id of the table's row, for clients and tests */
  rule: AuthorityRuleId;
  ruleSet: RuleSetId;
}

/** `R-AUTHORITY`: the table; `R-AGE`: the over-60 case of the table. */
export type AuthorityRuleId = 'R-AUTHORITY' | 'R-AGE' | 'R-READMIT';

export interface NoOwner {
  ok: false;
  reason: NoOwnerReason;
  rule: AuthorityRuleId;
  detail: string;
  detailVi: string;
}

export interface ActQuestion {
  type: AdmissionEventType;
  /** the act's date: chooses the rule set and (for the caller) the path */
  on: IsoDate;
  /** the dossier's organisation path on `on`, root first, ending with the dossier's cell */
  path: readonly AuthorityNode[];
  /** the candidate is over 60 for this act (`overSixty`) */
  overAge?: boolean;
}

/** Candidates belong to a cell, or to a chi bộ cơ sở (a grassroots organisation that holds dossiers itself). */
const HOLDER_KINDS: readonly string[] = ['cell', 'grassroots'];
/** Committees directly under the Central Committee (24-QĐ/TW 4.3.2c: "tỉnh ủy, thành ủy, đảng ủy trực thuộc Trung ương"). */
const PROVINCE_LEVEL: readonly string[] = ['province', 'central'];

const label = (node: AuthorityNode): string => (node.name ? `${node.name} (${node.id})` : node.id);

/** The body that owns the act on its date, or why there is none. */
export function owningBody(question: ActQuestion): Owner | NoOwner {
  const ruleSet = ruleSetFor(question.on);
  const rules = AUTHORITY[ruleSet];
  const role = rules.acts[question.type];
  const owner = (body: AuthorityNode, title: string, rule: AuthorityRuleId = 'R-AUTHORITY'): Owner => ({ ok: true, role, body, title, rule, ruleSet });
  const bodies = bodiesOf(question.path, question.on, rules);

  if (role === 'cell') return bodies.cell ? owner(bodies.cell, nameOf(bodies.cell)) : bodies.missing!;
  if (role === 'grassroots') return bodies.grassroots ? owner(bodies.grassroots, nameOf(bodies.grassroots)) : bodies.missing!;
  if (role === 'province') {
    if (!bodies.grassroots) return bodies.missing!;
    const province = provinceLevelAbove(question.path, bodies.grassroots);
    if (province) return owner(province, standingCommitteeOf(province), 'R-READMIT');
    return noOwner(
      'NO_PROVINCE_COMMITTEE',
      'R-READMIT',
      `${question.type} belongs to the standing committee of a committee directly under the Central Committee (province level), and the dossier's path on ${question.on} has none. Record the organisation tree above ${label(bodies.grassroots)} first.`,
      `Việc đồng ý kết nạp lại do ban thường vụ tỉnh ủy, thành ủy (hoặc tương đương) quyết định, nhưng ngày ${question.on} hồ sơ chưa thuộc cấp ủy nào như vậy. Hãy ghi nhận cây tổ chức phía trên ${label(bodies.grassroots)} trước.`,
    );
  }
  if (question.overAge && rules.overAgeActs.includes(question.type)) {
    // Whatever the authorisation, and whatever stands directly above the grassroots organisation.
    if (!bodies.grassroots) return bodies.missing!;
    const province = provinceLevelAbove(question.path, bodies.grassroots);
    if (province) return owner(province, standingCommitteeOf(province), 'R-AGE');
    return noOwner(
      'NO_PROVINCE_COMMITTEE',
      'R-AGE',
      `The candidate is over 60: ${question.type} belongs to a committee directly under the Central Committee (province level or above), and the dossier's path on ${question.on} has none. Record the organisation tree above ${label(bodies.grassroots)} first.`,
      `Người vào Đảng trên 60 tuổi: việc này do cấp ủy trực thuộc Trung ương (tỉnh ủy, thành ủy trở lên) quyết định, nhưng ngày ${question.on} hồ sơ chưa thuộc cấp ủy nào như vậy. Hãy ghi nhận cây tổ chức phía trên ${label(bodies.grassroots)} trước.`,
    );
  }
  if (!bodies.competent) return bodies.missing!;
  const competent = bodies.competent;
  return owner(competent, competent === bodies.grassroots ? nameOf(competent) : standingCommitteeOf(competent));
}

/** The bodies found on the path, from the cell up; `missing` says why the search stopped before the competent one. */
export interface ActBodies {
  cell?: AuthorityNode;
  grassroots?: AuthorityNode;
  competent?: AuthorityNode;
  missing?: NoOwner;
}

/**
 * The three bodies of a dossier's path: its cell (the lowest holder that is not dissolved: a successor cell takes
 * over a dissolved one), its grassroots organisation (the lowest grassroots organisation at or above the cell, not
 * dissolved; a branch between them is passed by), and the competent committee (the grassroots organisation itself
 * where authorised, else the first organisation above it that is not dissolved, unless its level is abolished).
 */
function bodiesOf(path: readonly AuthorityNode[], on: IsoDate, rules: AuthorityRules): ActBodies {
  let at = path.length - 1;
  while (at >= 0 && (path[at].dissolved || !HOLDER_KINDS.includes(path[at].kind))) at--;
  if (at < 0) {
    return { missing: noOwner('NO_CELL', 'R-AUTHORITY', `The dossier's cell has no organisation in force on ${on}.`, `Ngày ${on} chi bộ của hồ sơ không còn tổ chức nào thay thế.`) };
  }
  const cell = path[at];
  while (at >= 0 && (path[at].dissolved || path[at].kind !== 'grassroots')) at--;
  if (at < 0) {
    return {
      cell,
      missing: noOwner(
        'NO_GRASSROOTS',
        'R-AUTHORITY',
        `The cell ${label(cell)} has no grassroots organisation (đảng ủy cơ sở) above it on ${on}.`,
        `Ngày ${on} chi bộ ${label(cell)} không trực thuộc tổ chức cơ sở đảng nào.`,
      ),
    };
  }
  const grassroots = path[at];
  if (grassroots.authorisedToAdmit) return { cell, grassroots, competent: grassroots };
  at--;
  while (at >= 0 && path[at].dissolved) at--;
  if (at < 0) {
    return {
      cell,
      grassroots,
      missing: noOwner(
        'NO_COMPETENT_COMMITTEE',
        'R-AUTHORITY',
        `${label(grassroots)} is not authorised to admit and has no committee above it on ${on}; record the organisation above it first.`,
        `Ngày ${on} ${label(grassroots)} không được ủy quyền kết nạp và chưa trực thuộc cấp ủy cấp trên nào; hãy ghi nhận tổ chức cấp trên trước.`,
      ),
    };
  }
  const competent = path[at];
  if (rules.abolishedLevels.includes(competent.kind as OrgKind)) {
    return {
      cell,
      grassroots,
      missing: noOwner(
        'LEVEL_ABOLISHED',
        'R-AUTHORITY',
        `On ${on} ${label(competent)} (a ${competent.kind}) can no longer be the competent committee: that level was abolished on 2025-07-01 (Quy định 294-QĐ/TW). Record the restructuring (its succession, or the move of ${label(grassroots)}) first.`,
        `Từ ngày 01/7/2025 không còn cấp huyện (Quy định 294-QĐ/TW): ngày ${on} ${label(competent)} không thể là cấp ủy có thẩm quyền. Hãy ghi nhận việc sắp xếp tổ chức (tổ chức kế thừa, hoặc chuyển ${label(grassroots)} về cấp ủy mới) trước.`,
      ),
    };
  }
  return { cell, grassroots, competent };
}

/** The bodies of a path on a date, for callers that need all three (the reminders' escalation ladder). */
export function bodiesOn(path: readonly AuthorityNode[], on: IsoDate): ActBodies {
  return bodiesOf(path, on, AUTHORITY[ruleSetFor(on)]);
}

/** The lowest committee directly under the Central Committee above the grassroots organisation. */
function provinceLevelAbove(path: readonly AuthorityNode[], grassroots: AuthorityNode): AuthorityNode | undefined {
  for (let at = path.indexOf(grassroots) - 1; at >= 0; at--) {
    const node = path[at];
    if (node.dissolved) continue;
    // ASSUMPTION: a block directly under the centre (Đảng ủy Khối các cơ quan Trung ương) is "trực thuộc Trung ương".
    if (PROVINCE_LEVEL.includes(node.kind) || (node.kind === 'block' && path[at - 1]?.kind === 'central')) return node;
  }
  return undefined;
}

function noOwner(reason: NoOwnerReason, rule: AuthorityRuleId, detail: string, detailVi: string): NoOwner {
  return { ok: false, reason, rule, detail, detailVi };
}

const nameOf = (node: AuthorityNode): string => node.name ?? node.id;

/** 24-QĐ/TW 4.3.2b, c: a committee above the grassroots level decides by its standing committee. */
function standingCommitteeOf(node: AuthorityNode): string {
  return node.name ? `Ban Thường vụ ${node.name}` : node.id;
}

/**
 * Whether an organisation may record an act that `owner` owns: the bootstrap admin (`null`) always; otherwise the
 * recorder must be the body itself or lie above it in the dossier's path. (That people of a dissolved organisation
 * record nothing dated on or after its end is R-ORG-DISSOLVED, checked for every act of every kind before this:
 * workflows/organization `dissolvedOn`.)
 */
export function mayRecord(path: readonly AuthorityNode[], body: AuthorityNode, recorder: string | null): boolean {
  if (recorder === null) return true;
  const bodyAt = path.findIndex((node) => node.id === body.id);
  const recorderAt = path.findIndex((node) => node.id === recorder);
  return recorderAt >= 0 && bodyAt >= 0 && recorderAt <= bodyAt;
}

/**
 * R-AGE's over-60 case for an act: the cell's passed vote recorded `specialApproval`, or the candidate is older than
 * 720 whole months (60 years) on the act's date (the decision may come after a birthday the vote did not see).
 */
export function overSixty(context: Pick<AdmissionContext, 'candidate' | 'cellVotes'> | undefined, on: IsoDate): boolean {
  if (!context) return false;
  const passed = [...context.cellVotes].reverse().find((vote) => vote.passed);
  if (passed?.specialApproval) return true;
  const rules = rulesOn(on);
  return wholeMonthsUnder(rules, context.candidate.dateOfBirth, on) > rules.age.maxMonthsWithoutApproval;
}

/** A refusal for lack of authority: someone else's act (HTTP 403 NOT_COMPETENT). */
export interface NotCompetent {
  code: 'NOT_COMPETENT';
  owner: Owner;
  detail: string;
  detailVi: string;
}

/** A refusal because the act cannot be the act of any body as recorded (HTTP 422 RULE_VIOLATION). */
export interface AuthorityViolation {
  code: 'RULE_VIOLATION';
  rule: AuthorityRuleId;
  /** NO_CELL, NO_GRASSROOTS, NO_COMPETENT_COMMITTEE, LEVEL_ABOLISHED, NO_PROVINCE_COMMITTEE or DECIDER_MISMATCH */
  reason: NoOwnerReason | 'DECIDER_MISMATCH';
  detail: string;
  detailVi: string;
}

export type AuthorityDecision = { ok: true; owner: Owner } | NotCompetent | AuthorityViolation;

/**
 * May `recorder` (an organisation id; null: the bootstrap admin, above every path) record `event` on a dossier
 * whose path on the event's date is `path`? In this order: some body must own the act on that date (else a
 * RULE_VIOLATION asking for the restructuring to be recorded), the recorder must be that body or above it
 * (NOT_COMPETENT), and a decision's `decidedBy`/`approvedBy` must name that body (RULE_VIOLATION). The admin is
 * spared the second check only: the first and the third are about the act, not about who types it in.
 *
 * `heldToday(bodyId)`: whether that body lies under the recorder in today's tree. An organisation that has taken over
 * another by a restructuring holds its records and may record its past acts (domain.md "Restructuring": the
 * successor's people act on everything that moved to it), though it was not in the dossier's path on their date.
 */
export function authorise(input: {
  event: AdmissionEvent;
  path: readonly AuthorityNode[];
  overAge: boolean;
  recorder: string | null;
  heldToday?: (bodyId: string) => boolean;
}): AuthorityDecision {
  const { event, path, recorder } = input;
  const owner = owningBody({ type: event.type, on: event.occurredOn, path, overAge: input.overAge });
  if (!owner.ok) return { code: 'RULE_VIOLATION', rule: owner.rule, reason: owner.reason, detail: owner.detail, detailVi: owner.detailVi };
  const where = `${owner.title} (${owner.body.id})`;
  if (!mayRecord(path, owner.body, recorder) && !(recorder !== null && input.heldToday?.(owner.body.id))) {
    return {
      code: 'NOT_COMPETENT',
      owner,
      detail: `${event.type} of ${event.occurredOn} is the act of ${where}; only it, or an organisation above it in the dossier's path, may record it.`,
      detailVi: `Việc này do ${where} ghi nhận.`,
    };
  }
  const field = DECIDER_FIELDS[event.type];
  const named = field ? (event as unknown as Record<string, unknown>)[field] : undefined;
  if (field && typeof named === 'string' && !namesBody(named, owner)) {
    return {
      code: 'RULE_VIOLATION',
      rule: owner.rule,
      reason: 'DECIDER_MISMATCH',
      detail: `${field} must name ${where}, the body that owns ${event.type} on ${event.occurredOn}: write "${owner.title}" or "${owner.body.id}" (found "${named}").`,
      detailVi: `${field} phải ghi đúng cấp ủy có thẩm quyền: "${owner.title}" hoặc "${owner.body.id}" (đang ghi "${named}").`,
    };
  }
  return { ok: true, owner };
}
