/**
 * Queries over the organisation tree read model: lookups and the subtree test behind every scope check.
 */
import { dissolvedOn, OrgKind, OrgRefusal } from '../../workflows/organization';
import { ORG_ANCESTRY_TABLE, ORG_EDGES_TABLE } from '../../projections/org-history';
import { organizationsProjection, ORG_TABLE } from '../../projections/organizations';
import { CONGRESSES_TABLE } from '../../projections/quotas';
import { NotFoundError, OrganizationDissolvedError } from '../engine/errors';
import type { Statement } from 'better-sqlite3';
import type { ReadModelDb } from './read-model-db';

export interface OrgRow {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  authorised_to_admit: number;
  successor_id: string | null;
  succeeded_on: string | null;
  since: string | null;
  founded_on: string | null;
}

/** Where in the tree an organisation sits on a day: the path from the root down to it, root first. */
export type OrgPath = OrgRow[];

/**
 * Every request checks scope, so organisation rows are kept in memory and dropped whenever the organisation
 * projection changes (a handful of times a day); the tree is small next to the dossiers.
 */
export class OrgDirectory {
  private readonly byId;
  private cache = new Map<string, OrgRow | undefined>();
  private cachedGeneration = -1;
  private readonly parentOnDay;
  private readonly underOnDay;
  private readonly childrenOnDay;
  private readonly edgesAfter;
  private congresses: Statement<[string], { term: string; openedOn: string }> | undefined;

  constructor(
    private readonly readModels: ReadModelDb,
    /** today's business date: scope checks follow the tree of the day */
    readonly today: () => string,
  ) {
    this.byId = readModels.db.prepare<[string], OrgRow>(`SELECT * FROM ${ORG_TABLE} WHERE id = ?`);
    // The edge in force on the day: the latest one that took effect on or before it (projections/org-history.ts).
    // One indexed lookup for every scope check (org-history.ts keeps the closure of the edges with validity intervals).
    this.underOnDay = readModels.db.prepare<[string, string, string, string], { under: number }>(
      `SELECT 1 AS under FROM ${ORG_ANCESTRY_TABLE} WHERE org_id = ? AND ancestor_id = ? AND valid_from <= ? AND ? < valid_to`,
    );
    this.parentOnDay = readModels.db.prepare<[string, string], { parent_id: string | null }>(
      `SELECT parent_id FROM ${ORG_EDGES_TABLE} WHERE org_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1`,
    );
    this.childrenOnDay = readModels.db.prepare<{ parent: string; day: string }, { org_id: string }>(
      `SELECT e.org_id FROM ${ORG_EDGES_TABLE} e WHERE e.parent_id = @parent AND e.valid_from <= @day
         AND NOT EXISTS (SELECT 1 FROM ${ORG_EDGES_TABLE} l WHERE l.org_id = e.org_id AND l.valid_from > e.valid_from AND l.valid_from <= @day)
       ORDER BY e.org_id`,
    );
    this.edgesAfter = readModels.db.prepare<[string, string], { valid_from: string; parent_id: string; kind: string }>(
      `SELECT valid_from, parent_id, kind FROM ${ORG_EDGES_TABLE} WHERE org_id = ? AND valid_from > ? ORDER BY valid_from`,
    );
  }

  get(id: string): OrgRow | undefined {
    const generation = this.readModels.generation(organizationsProjection.name);
    if (generation !== this.cachedGeneration) {
      this.cache = new Map();
      this.cachedGeneration = generation;
    }
    if (!this.cache.has(id)) {
      if (this.cache.size >= 50_000) this.cache.clear();
      this.cache.set(id, this.byId.get(id));
    }
    return this.cache.get(id);
  }

  /** The organisations directly under `id` on `day` (an organisation it succeeded among them). */
  childrenOn(id: string, day: string): OrgRow[] {
    return this.childrenOnDay
      .all({ parent: id, day })
      .map((row) => this.get(row.org_id))
      .filter((org): org is OrgRow => org !== undefined);
  }

  /** Moves and the succession of `id` recorded to take effect after `day`. */
  scheduledAfter(id: string, day: string): { kind: 'move' | 'succession'; effectiveOn: string; to: string }[] {
    return this.edgesAfter.all(id, day).map((edge) => ({
      kind: edge.kind === 'succeeded' ? ('succession' as const) : ('move' as const),
      effectiveOn: edge.valid_from,
      to: edge.parent_id,
    }));
  }

  /** The congresses recorded for the organisation (projections/quotas.ts), earliest term first. */
  congressesOf(id: string): { term: string; openedOn: string }[] {
    // Prepared on first use: a read-model database without the quotas projection (a CLI's) never asks.
    this.congresses ??= this.readModels.db.prepare<[string], { term: string; openedOn: string }>(
      `SELECT term, opened_on AS openedOn FROM ${CONGRESSES_TABLE} WHERE org_id = ? ORDER BY term`,
    );
    return this.congresses.all(id);
  }

  /** The organisation's parent on `day` (a successor counts as the parent of the organisation it succeeded). */
  parentOn(id: string, day: string): string | null {
    return this.parentOnDay.get(id, day)?.parent_id ?? null;
  }

  /** The organisation and those above it on `day`, root first; empty when there is no such organisation. */
  pathOn(id: string, day: string): OrgPath {
    const path: OrgRow[] = [];
    const seen = new Set<string>();
    for (let at: string | null = id; at !== null && !seen.has(at); at = this.parentOn(at, day)) {
      const org = this.get(at);
      if (!org) break;
      seen.add(at);
      path.unshift(org);
    }
    return path;
  }

  /**
   * The organisation, if it exists and lies in the subtree of `scope` (null: every tree) on `day` (default today:
   * access follows the tree of the day).
   */
  visible(id: string, scope: string | null, day = this.today()): OrgRow | undefined {
    const org = this.get(id);
    if (!org || scope === null || scope === id) return org;
    return this.underOnDay.get(id, scope, day, day) ? org : undefined;
  }

  /** The organisation if the scope sees it; otherwise NotFoundError, as if it did not exist. */
  require(id: string, scope: string | null, day?: string): OrgRow {
    const org = this.visible(id, scope, day);
    if (!org) throw new NotFoundError(`organisation ${id}`);
    return org;
  }

  /** Whether the organisation was succeeded on or before `day`: from then on it is dissolved and takes no new act. */
  dissolvedOn(org: Pick<OrgRow, 'succeeded_on'>, day: string): boolean {
    return org.succeeded_on !== null && org.succeeded_on <= day;
  }

  /**
   * Refuses (OrganizationDissolvedError) `what` of organisation `id` dated `day` when the organisation is dissolved
   * then: people scoped to it, a cell holding dossiers, a parent of new organisations. `null` (the bootstrap admin's
   * scope) and unknown ids pass: scope checks answer those.
   */
  requireActive(id: string | null, day: string, what: { en: string; vi: string }): void {
    const refusal = id === null ? undefined : this.dissolution(id, day, what);
    if (refusal) throw new OrganizationDissolvedError(refusal.detail, refusal.detailVi, refusal.successorId ?? '');
  }

  /** Why `what` of organisation `id` dated `day` is refused, when the organisation is dissolved then (R-ORG-DISSOLVED). */
  dissolution(id: string, day: string, what: { en: string; vi: string }): OrgRefusal | undefined {
    const org = this.get(id);
    if (!org) return undefined;
    return dissolvedOn({ id: org.id, kind: org.kind as OrgKind, since: org.since, successorId: org.successor_id, succeededOn: org.succeeded_on }, day, what);
  }
}
