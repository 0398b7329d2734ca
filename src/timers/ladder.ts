/**
 * The escalation ladder of a reminder: level 0 the cell (chi bộ) that holds the dossier, 1 its grassroots committee
 * (đảng ủy cơ sở), 2 the competent committee — the level above the grassroots organisation, or the grassroots
 * committee itself when it is authorised to admit (domain.md). Targets are resolved when a reminder reaches a
 * level, from the organisation tree as it stands then; an incomplete tree gives null, never a guess.
 */
import type { EscalationLevel } from '../../projections/reminders';

export interface OrgNode {
  id: string;
  kind: string;
  parent_id: string | null;
  authorised_to_admit: number;
}

export interface OrgLookup {
  get(id: string): OrgNode | undefined;
}

/**
 * Where a reminder starts. ASSUMPTION: R-T-DECIDE and R-T-RECOGNISE wait on the competent committee's own decision,
 * so their reminders go to it first (domain.md: "reminder to the competent committee"); all others to the cell.
 */
export function firstLevel(rule: string | null): EscalationLevel {
  return rule === 'R-T-DECIDE' || rule === 'R-T-RECOGNISE' ? 2 : 0;
}

export function targetOf(cellId: string, level: EscalationLevel, orgs: OrgLookup): string | null {
  if (level === 0) return cellId;
  let grassroots = orgs.get(cellId);
  // A chi bộ cơ sở is its own grassroots organisation; a cell under a branch (đảng ủy bộ phận) climbs past it.
  for (let hops = 0; grassroots && grassroots.kind !== 'grassroots' && hops < 16; hops++) {
    grassroots = grassroots.parent_id ? orgs.get(grassroots.parent_id) : undefined;
  }
  if (!grassroots || grassroots.kind !== 'grassroots') return null;
  if (level === 1 || grassroots.authorised_to_admit) return grassroots.id;
  return grassroots.parent_id;
}
