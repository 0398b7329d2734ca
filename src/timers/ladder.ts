/**
 * The escalation ladder of a reminder: level 0 the cell (chi bộ) that holds the dossier, 1 its grassroots committee
 * (đảng ủy cơ sở), 2 the competent committee — the bodies that own the acts a reminder chases, found by the same
 * definition the HTTP check uses (`bodiesOn` of workflows/admission/authority.ts): a branch is passed by, an authorised
 * grassroots committee is itself competent, dissolved organisations give way to their successors, and from 2025-07-01
 * a district is nobody's competent committee. Targets are resolved when a reminder reaches a level, from the
 * organisation tree of that day; an incomplete tree gives null, never a guess.
 *
 * Not known here: whether the candidate is over 60 (the state is not read), so an R-T-DECIDE reminder for an older
 * candidate goes to the ordinary competent committee, not to the province that decides.
 */
import { bodiesOn, type AuthorityNode } from '../../workflows/admission';
import type { EscalationLevel } from '../../projections/reminders';

export interface OrgNode {
  id: string;
  kind: string;
  parent_id: string | null;
  authorised_to_admit: number;
  /** the day it was succeeded (dissolved from then on), when known */
  succeeded_on?: string | null;
}

export interface OrgLookup {
  get(id: string): OrgNode | undefined;
  /** the path root first on a day (OrgDirectory's); without it the ladder climbs today's parents */
  pathOn?(id: string, day: string): OrgNode[];
}

/**
 * Where a reminder starts. ASSUMPTION: R-T-DECIDE, R-T-RECOGNISE, R-T-REMOVE and R-T-DEADLOCK wait on the competent
 * committee's own decision, so their reminders go to it first (domain.md: "reminder to the competent committee"); all
 * others to the cell.
 */
const COMMITTEE_CLOCKS: readonly string[] = ['R-T-DECIDE', 'R-T-RECOGNISE', 'R-T-REMOVE', 'R-T-DEADLOCK'];

export function firstLevel(rule: string | null): EscalationLevel {
  return rule !== null && COMMITTEE_CLOCKS.includes(rule) ? 2 : 0;
}

/** The organisation a reminder of the dossier held by `cellId` goes to at `level`, on the day `on`. */
export function targetOf(cellId: string, level: EscalationLevel, orgs: OrgLookup, on: string): string | null {
  if (level === 0) return cellId;
  const path = (orgs.pathOn ? orgs.pathOn(cellId, on) : climb(cellId, orgs)).map(
    (org): AuthorityNode => ({
      id: org.id,
      kind: org.kind,
      authorisedToAdmit: Boolean(org.authorised_to_admit),
      dissolved: org.succeeded_on != null && org.succeeded_on <= on,
    }),
  );
  const bodies = bodiesOn(path, on);
  return (level === 1 ? bodies.grassroots?.id : bodies.competent?.id) ?? null;
}

/** The organisation and its parents as far as they are known, root first. */
function climb(id: string, orgs: OrgLookup): OrgNode[] {
  const path: OrgNode[] = [];
  for (let org = orgs.get(id); org && path.length < 16; org = org.parent_id ? orgs.get(org.parent_id) : undefined) path.unshift(org);
  return path;
}
