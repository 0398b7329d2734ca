/**
 * Organisations of the Party's tree and the rules for creating, moving and succeeding them. Pure: the caller
 * passes what it knows of the tree (the parent's kind, whether a node lies under another).
 *
 * Which kind may sit under which follows the levels of domain.md: central → province → district | block | commune →
 * grassroots → branch (optional) → cell. ASSUMPTION (configurable here, not elsewhere): a block may also sit
 * directly under the centre (Đảng ủy Khối các cơ quan Trung ương), a grassroots organisation may sit directly under a
 * province or the centre (đảng bộ cơ sở trực thuộc), and any level above a branch may be the root of a deployment
 * that serves only part of the tree.
 */

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
export type OrganizationEvent = OrganizationCreated | OrganizationMoved | OrganizationSucceeded;

export interface OrgFacts {
  id: string;
  kind: OrgKind;
  /** the date of its last change of place: its last move, else its founding (null: neither is recorded) */
  since: string | null;
  successorId?: string | null;
}

export interface OrgRefusal {
  rule: 'R-ORG-KIND' | 'R-ORG-CYCLE' | 'R-ORG-SUCCESSION' | 'R-DATE';
  detail: string;
  detailVi: string;
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
      detail: `A ${kind} needs a parent organisation.`,
      detailVi: `${KIND_VI[kind]} phải trực thuộc một tổ chức cấp trên.`,
    };
  }
  if (PARENT_KINDS[kind].includes(parent)) return undefined;
  return {
    rule: 'R-ORG-KIND',
    detail: `A ${kind} cannot sit under a ${parent}; allowed parents: ${PARENT_KINDS[kind].join(', ') || 'none'}.`,
    detailVi: `${KIND_VI[kind]} không thể trực thuộc ${KIND_VI[parent]}.`,
  };
}

/** `today`: the business date of the recording; a founding date may not lie after it. */
export function decideCreate(event: OrganizationCreated, parent: OrgFacts | undefined, today?: string): OrgRefusal | undefined {
  if (event.foundedOn !== undefined && today !== undefined && event.foundedOn > today) {
    return {
      rule: 'R-DATE',
      detail: `The founding date ${event.foundedOn} lies in the future (today is ${today}).`,
      detailVi: `Ngày thành lập ${event.foundedOn} ở tương lai (hôm nay là ${today}).`,
    };
  }
  return kindFits(event.kind, parent?.kind);
}

/** `parentIsInside`: the new parent lies in the moved organisation's own subtree (or is itself). */
export function decideMove(org: OrgFacts, newParent: OrgFacts, effectiveOn: string, parentIsInside: boolean): OrgRefusal | undefined {
  if (parentIsInside) {
    return {
      rule: 'R-ORG-CYCLE',
      detail: `${org.id} cannot move under itself or one of its own subordinates.`,
      detailVi: `Không thể chuyển ${org.id} về trực thuộc chính nó hoặc tổ chức cấp dưới của nó.`,
    };
  }
  if (org.since && effectiveOn < org.since) return notBefore(org, effectiveOn);
  return kindFits(org.kind, newParent.kind);
}

export function decideSuccession(org: OrgFacts, successor: OrgFacts, effectiveOn: string, successorIsInside: boolean): OrgRefusal | undefined {
  if (org.successorId) {
    return {
      rule: 'R-ORG-SUCCESSION',
      detail: `${org.id} already has a successor (${org.successorId}).`,
      detailVi: `${org.id} đã có tổ chức kế thừa (${org.successorId}).`,
    };
  }
  if (successorIsInside) {
    return {
      rule: 'R-ORG-SUCCESSION',
      detail: `The successor of ${org.id} cannot be itself or one of its own subordinates.`,
      detailVi: `Tổ chức kế thừa của ${org.id} không thể là chính nó hoặc tổ chức cấp dưới của nó.`,
    };
  }
  if (successor.successorId) {
    return {
      rule: 'R-ORG-SUCCESSION',
      detail: `${successor.id} has itself been succeeded; name its successor instead.`,
      detailVi: `${successor.id} đã được tổ chức khác kế thừa; hãy chọn tổ chức kế thừa cuối cùng.`,
    };
  }
  if (org.since && effectiveOn < org.since) return notBefore(org, effectiveOn);
  return undefined;
}

function notBefore(org: OrgFacts, effectiveOn: string): OrgRefusal {
  return {
    rule: 'R-DATE',
    detail: `The effective date ${effectiveOn} lies before ${org.since}, when ${org.id} was founded or last moved.`,
    detailVi: `Ngày hiệu lực ${effectiveOn} trước ngày ${org.since} của ${org.id}.`,
  };
}
