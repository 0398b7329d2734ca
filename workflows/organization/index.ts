/**
 * Organisations of the Party's tree and the rules for creating, moving and succeeding them. Pure: the caller
 * passes what it knows of the tree (the parent's kind, whether a node lies under another) and the day.
 *
 * Restructuring (domain.md "Restructuring"): from a succession's `effectiveOn` the predecessor is dissolved — what it
 * held lies in its successor's subtree, and it takes no new act, child or dossier dated on or after that day. A move
 * or succession takes effect on a day that lies on or after the organisation's founding (and its last move) and at
 * most `horizonDays` ahead of today: a decision is recorded around the day it takes effect, never years ahead.
 *
 * Which kind may sit under which follows the levels of domain.md: central → province → district | block | commune →
 * grassroots → branch (optional) → cell. ASSUMPTION (configurable here, not elsewhere): a block may also sit
 * directly under the centre (Đảng ủy Khối các cơ quan Trung ương), a grassroots organisation may sit directly under a
 * province or the centre (đảng bộ cơ sở trực thuộc), and any level above a branch may be the root of a deployment
 * that serves only part of the tree.
 */

import { addDays } from '../calendar';

export const ORG_KINDS = ['central', 'province', 'district', 'block', 'commune', 'grassroots', 'branch', 'cell'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const PARENT_KINDS: Readonly<Record<OrgKind, readonly OrgKind[]>> = {
  central: [],
  province: ['central'],
  district: ['province'],
  block: ['province', 'central'],
  commune: ['province'],
  grassroots: ['district', 'block', 'commune', 'province', 'central'],
  branch: ['grassroots'],
  cell: ['grassroots', 'branch'],
};

export const ROOT_KINDS: readonly OrgKind[] = ['central', 'province', 'district', 'block', 'commune', 'grassroots'];

/**
 * The day the two-level local government began: district-level party committees ended and commune-level ones
 * (đảng ủy xã/phường/đặc khu) took their place: Nghị quyết 60-NQ/TW (11th plenum of the 13th Central Committee,
 * 2025) ends the district level from the day the amended Constitution and the Law on the Organisation of Local
 * Government of 2025 take effect, 2025-07-01. No district exists from this day; no commune before it.
 */
export const TWO_LEVEL_GOVERNMENT_FROM = '2025-07-01';

/** Default of how far ahead of today a move or succession may take effect (configurable: KETNAP_ORG_HORIZON_DAYS). */
export const DEFAULT_HORIZON_DAYS = 31;

export interface OrganizationCreated {
  type: 'OrganizationCreated';
  id: string;
  name: string;
  kind: OrgKind;
  parentId?: string;
  authorisedToAdmit: boolean;
  /**
   * The day the organisation was founded (quyết định thành lập), when known. Organisations are often registered in
   * the system long after they were founded: `new_organizations` quotas count by this date, and no move or succession
   * may take effect before it. Absent: the founding date is unknown and the recording day stands in for it.
   */
  foundedOn?: string;
}
export interface OrganizationMoved {
  type: 'OrganizationMoved';
  id: string;
  newParent: string;
  effectiveOn: string;
}
export interface OrganizationSucceeded {
  type: 'OrganizationSucceeded';
  predecessor: string;
  successor: string;
  effectiveOn: string;
}
/**
 * The organisation's congress (đại hội đảng bộ/chi bộ) that opened a term ("2025-2030"): the term runs from
 * `openedOn` to the day before the opening of its next term (domain.md "Quotas"); see `decideCongress`.
 */
export interface CongressHeld {
  type: 'CongressHeld';
  id: string;
  term: string;
  openedOn: string;
}
export type OrganizationEvent = OrganizationCreated | OrganizationMoved | OrganizationSucceeded | CongressHeld;

export interface OrgFacts {
  id: string;
  kind: OrgKind;
  /** the date of its last change of place: its last move, else its founding (null: neither is recorded) */
  since: string | null;
  successorId?: string | null;
  /** the effective date of its succession: dissolved from that day on */
  succeededOn?: string | null;
}

/** What a decision needs to know of the day: today, and how far ahead an effective date may lie. */
export interface OrgDay {
  today: string;
  horizonDays: number;
}

export interface OrgRefusal {
  rule: 'R-ORG-KIND' | 'R-ORG-CYCLE' | 'R-ORG-SUCCESSION' | 'R-ORG-LEVEL' | 'R-ORG-DISSOLVED' | 'R-ORG-TERM' | 'R-DATE';
  /** which check of the rule failed (stable, SCREAMING_SNAKE; listed in workflows/README.md) */
  reason: string;
  detail: string;
  detailVi: string;
  /** for R-ORG-DISSOLVED: the organisation that took over */
  successorId?: string;
}

const KIND_VI: Record<OrgKind, string> = {
  central: 'Trung ương',
  province: 'tỉnh ủy/thành ủy',
  district: 'huyện ủy',
  block: 'đảng ủy khối',
  commune: 'đảng ủy xã/phường/đặc khu',
  grassroots: 'tổ chức cơ sở đảng',
  branch: 'đảng ủy bộ phận',
  cell: 'chi bộ',
};

function kindFits(kind: OrgKind, parent: OrgKind | undefined): OrgRefusal | undefined {
  if (parent === undefined) {
    if (ROOT_KINDS.includes(kind)) return undefined;
    return {
      rule: 'R-ORG-KIND',
      reason: 'ORG_NEEDS_PARENT',
      detail: `A ${kind} needs a parent organisation.`,
      detailVi: `${KIND_VI[kind]} phải trực thuộc một tổ chức cấp trên.`,
    };
  }
  if (PARENT_KINDS[kind].includes(parent)) return undefined;
  return {
    rule: 'R-ORG-KIND',
    reason: 'PARENT_KIND_NOT_ALLOWED',
    detail: `A ${kind} cannot sit under a ${parent}; allowed parents: ${PARENT_KINDS[kind].join(', ') || 'none'}.`,
    detailVi: `${KIND_VI[kind]} không thể trực thuộc ${KIND_VI[parent]}.`,
  };
}

/** R-ORG-LEVEL: districts exist before TWO_LEVEL_GOVERNMENT_FROM only, communes from it on. */
export function levelExistsOn(kind: OrgKind, day: string): OrgRefusal | undefined {
  if (kind === 'district' && day >= TWO_LEVEL_GOVERNMENT_FROM) {
    return {
      rule: 'R-ORG-LEVEL',
      reason: 'DISTRICT_ABOLISHED',
      detail: `District-level committees ended on ${TWO_LEVEL_GOVERNMENT_FROM}; none can be founded or receive an organisation on ${day}.`,
      detailVi: `Cấp huyện đã kết thúc hoạt động từ ngày ${TWO_LEVEL_GOVERNMENT_FROM}; không thể thành lập hay chuyển tổ chức về huyện ủy vào ngày ${day}.`,
    };
  }
  if (kind === 'commune' && day < TWO_LEVEL_GOVERNMENT_FROM) {
    return {
      rule: 'R-ORG-LEVEL',
      reason: 'COMMUNE_NOT_YET',
      detail: `Commune-level committees (đảng ủy xã/phường/đặc khu) exist from ${TWO_LEVEL_GOVERNMENT_FROM}, not on ${day}.`,
      detailVi: `Đảng ủy xã/phường/đặc khu chỉ có từ ngày ${TWO_LEVEL_GOVERNMENT_FROM}, chưa có vào ngày ${day}.`,
    };
  }
  return undefined;
}

/**
 * R-ORG-DISSOLVED: a dissolved organisation takes no new act, child or dossier dated on or after its succession.
 * `what` says what was refused, in both languages.
 */
export function dissolvedOn(org: OrgFacts, day: string, what: { en: string; vi: string }): OrgRefusal | undefined {
  if (!org.successorId || !org.succeededOn || day < org.succeededOn) return undefined;
  return {
    rule: 'R-ORG-DISSOLVED',
    reason: 'DISSOLVED',
    detail: `${org.id} was succeeded by ${org.successorId} on ${org.succeededOn} and is dissolved: it takes no ${what.en} dated ${day}.`,
    detailVi: `${org.id} đã hợp nhất/sáp nhập vào ${org.successorId} từ ngày ${org.succeededOn} và không còn hoạt động: không thể ${what.vi} vào ngày ${day}; hãy thực hiện tại ${org.successorId}.`,
    successorId: org.successorId,
  };
}

/** `today`: the business date of the recording; a founding date may not lie after it. */
export function decideCreate(event: OrganizationCreated, parent: OrgFacts | undefined, today?: string): OrgRefusal | undefined {
  if (event.foundedOn !== undefined && today !== undefined && event.foundedOn > today) {
    return {
      rule: 'R-DATE',
      reason: 'FOUNDED_IN_THE_FUTURE',
      detail: `The founding date ${event.foundedOn} lies in the future (today is ${today}).`,
      detailVi: `Ngày thành lập ${event.foundedOn} ở tương lai (hôm nay là ${today}).`,
    };
  }
  const foundedOn = event.foundedOn ?? today;
  if (foundedOn !== undefined) {
    const refusal = levelExistsOn(event.kind, foundedOn) ?? (parent && dissolvedOn(parent, foundedOn, CHILD));
    if (refusal) return refusal;
  }
  return kindFits(event.kind, parent?.kind);
}

const CHILD = { en: 'new subordinate organisation', vi: 'thành lập tổ chức trực thuộc' };

/** What a dissolved organisation refuses, for `dissolvedOn`'s messages. */
export const REFUSED = {
  act: { en: 'new act', vi: 'ghi nhận việc mới' },
  dossier: { en: 'new dossier', vi: 'nhận hồ sơ mới' },
  quota: { en: 'new quota', vi: 'nhận chỉ tiêu mới' },
} as const;

/** `parentIsInside`: the new parent lies in the moved organisation's own subtree (or is itself). */
export function decideMove(org: OrgFacts, newParent: OrgFacts, effectiveOn: string, parentIsInside: boolean, day?: OrgDay): OrgRefusal | undefined {
  if (parentIsInside) {
    return {
      rule: 'R-ORG-CYCLE',
      reason: 'MOVE_INTO_OWN_SUBTREE',
      detail: `${org.id} cannot move under itself or one of its own subordinates.`,
      detailVi: `Không thể chuyển ${org.id} về trực thuộc chính nó hoặc tổ chức cấp dưới của nó.`,
    };
  }
  return (
    effectiveDate(org, effectiveOn, day) ??
    dissolvedOn(org, effectiveOn, { en: 'move', vi: 'chuyển tổ chức' }) ??
    dissolvedOn(newParent, effectiveOn, { en: 'new subordinate organisation', vi: 'nhận tổ chức trực thuộc' }) ??
    levelExistsOn(org.kind, effectiveOn) ??
    levelExistsOn(newParent.kind, effectiveOn) ??
    kindFits(org.kind, newParent.kind)
  );
}

export function decideSuccession(
  org: OrgFacts,
  successor: OrgFacts,
  effectiveOn: string,
  successorIsInside: boolean,
  day?: OrgDay,
): OrgRefusal | undefined {
  if (org.successorId) {
    return {
      rule: 'R-ORG-SUCCESSION',
      reason: 'ALREADY_SUCCEEDED',
      detail: `${org.id} already has a successor (${org.successorId}).`,
      detailVi: `${org.id} đã có tổ chức kế thừa (${org.successorId}).`,
    };
  }
  if (successorIsInside) {
    return {
      rule: 'R-ORG-SUCCESSION',
      reason: 'SUCCESSOR_IN_OWN_SUBTREE',
      detail: `The successor of ${org.id} cannot be itself or one of its own subordinates.`,
      detailVi: `Tổ chức kế thừa của ${org.id} không thể là chính nó hoặc tổ chức cấp dưới của nó.`,
    };
  }
  if (successor.successorId) {
    return {
      rule: 'R-ORG-SUCCESSION',
      reason: 'SUCCESSOR_SUCCEEDED',
      detail: `${successor.id} has itself been succeeded; name its successor instead.`,
      detailVi: `${successor.id} đã được tổ chức khác kế thừa; hãy chọn tổ chức kế thừa cuối cùng.`,
    };
  }
  // The predecessor may be of a level that ends that day (a district succeeded by a commune on 2025-07-01); the
  // successor must exist then.
  return effectiveDate(org, effectiveOn, day) ?? levelExistsOn(successor.kind, effectiveOn);
}

/** R-DATE: on or after the organisation's founding or last move, at most `horizonDays` ahead of today. */
function effectiveDate(org: OrgFacts, effectiveOn: string, day: OrgDay | undefined): OrgRefusal | undefined {
  if (org.since && effectiveOn < org.since) {
    return {
      rule: 'R-DATE',
      reason: 'EFFECTIVE_BEFORE_FOUNDING',
      detail: `The effective date ${effectiveOn} lies before ${org.since}, when ${org.id} was founded or last moved.`,
      detailVi: `Ngày hiệu lực ${effectiveOn} trước ngày ${org.since} của ${org.id}.`,
    };
  }
  if (day && effectiveOn > addDays(day.today, day.horizonDays)) {
    return {
      rule: 'R-DATE',
      reason: 'EFFECTIVE_TOO_FAR_AHEAD',
      detail: `The effective date ${effectiveOn} lies more than ${day.horizonDays} days ahead of today (${day.today}); record a decision around the day it takes effect.`,
      detailVi: `Ngày hiệu lực ${effectiveOn} quá ${day.horizonDays} ngày so với hôm nay (${day.today}); hãy ghi nhận quyết định vào thời điểm gần ngày có hiệu lực.`,
    };
  }
  return undefined;
}

/** The longest term a congress opens: the charter's "thường lệ năm năm một lần"; a cell's term may be shorter. */
export const MAX_TERM_YEARS = 5;

/**
 * R-ORG-TERM, R-DATE, R-ORG-DISSOLVED for a congress: a term "A-B" has 1 to MAX_TERM_YEARS years and is opened in
 * its first year A, on a day not after today nor before the founding (when known), while the organisation exists;
 * one opening per term, and so one term opened in a year (`recorded`: the openings already recorded for it).
 */
export function decideCongress(
  org: OrgFacts & { foundedOn?: string | null },
  congress: { term: string; openedOn: string },
  recorded: readonly { term: string; openedOn: string }[],
  today: string,
): OrgRefusal | undefined {
  const { term, openedOn } = congress;
  const [first, last] = term.split('-').map(Number);
  if (!(last > first && last - first <= MAX_TERM_YEARS) || openedOn.slice(0, 4) !== String(first)) {
    return {
      rule: 'R-ORG-TERM',
      reason: 'TERM_NOT_OPENED_THAT_YEAR',
      detail: `A congress opening the term ${term} is held in ${first}, and a term lasts 1 to ${MAX_TERM_YEARS} years; ${openedOn} does not open ${term}.`,
      detailVi: `Đại hội nhiệm kỳ ${term} phải được tổ chức trong năm ${first} và một nhiệm kỳ kéo dài từ 1 đến ${MAX_TERM_YEARS} năm; ngày ${openedOn} không mở nhiệm kỳ ${term}.`,
    };
  }
  const same = recorded.find((r) => r.term.slice(0, 4) === term.slice(0, 4));
  if (same) {
    return {
      rule: 'R-ORG-TERM',
      reason: 'TERM_ALREADY_OPENED',
      detail: `The congress of ${org.id} that opened the term ${same.term} is already recorded (${same.openedOn}).`,
      detailVi: `Đại hội nhiệm kỳ ${same.term} của ${org.id} đã được ghi nhận (ngày ${same.openedOn}).`,
    };
  }
  if (openedOn > today) {
    return {
      rule: 'R-DATE',
      reason: 'CONGRESS_IN_THE_FUTURE',
      detail: `The congress date ${openedOn} lies in the future (today is ${today}).`,
      detailVi: `Ngày đại hội ${openedOn} ở tương lai (hôm nay là ${today}).`,
    };
  }
  if (org.foundedOn && openedOn < org.foundedOn) {
    return {
      rule: 'R-DATE',
      reason: 'CONGRESS_BEFORE_FOUNDING',
      detail: `The congress date ${openedOn} lies before ${org.id} was founded (${org.foundedOn}).`,
      detailVi: `Ngày đại hội ${openedOn} trước ngày thành lập ${org.id} (${org.foundedOn}).`,
    };
  }
  return dissolvedOn(org, openedOn, { en: 'congress', vi: 'tổ chức đại hội' });
}
