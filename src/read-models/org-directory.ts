/**
 * Queries over the organisation tree read model: lookups and the subtree test behind every scope check.
 */
import { organizationsProjection, ORG_TABLE } from '../../projections/organizations';
import { NotFoundError } from '../engine/errors';
import type { ReadModelDb } from './read-model-db';

export interface OrgRow {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  authorised_to_admit: number;
  successor_id: string | null;
  succeeded_on: string | null;
  since: string | null;
  founded_on: string | null;
}

/**
 * Every request checks scope, so organisation rows are kept in memory and dropped whenever the organisation
 * projection changes (a handful of times a day); the tree is small next to the dossiers.
 */
export class OrgDirectory {
  private readonly byId;
  private readonly childrenOf;
  private cache = new Map<string, OrgRow | undefined>();
  private cachedGeneration = -1;

  constructor(private readonly readModels: ReadModelDb) {
    this.byId = readModels.db.prepare<[string], OrgRow>(`SELECT * FROM ${ORG_TABLE} WHERE id = ?`);
    this.childrenOf = readModels.db.prepare<[string], OrgRow>(`SELECT * FROM ${ORG_TABLE} WHERE parent_id = ? ORDER BY id`);
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

  children(id: string): OrgRow[] {
    return this.childrenOf.all(id);
  }

  /** The organisation, if it exists and lies in the subtree of `scope` (null: every tree). */
  visible(id: string, scope: string | null): OrgRow | undefined {
    const org = this.get(id);
    if (!org) return undefined;
    if (scope === null) return org;
    const root = this.get(scope);
    return root && org.path.startsWith(root.path) ? org : undefined;
  }

  /** The organisation if the scope sees it; otherwise NotFoundError, as if it did not exist. */
  require(id: string, scope: string | null): OrgRow {
    const org = this.visible(id, scope);
    if (!org) throw new NotFoundError(`organisation ${id}`);
    return org;
  }

  /** Ids from the root down to the organisation itself. */
  static pathIds(org: Pick<OrgRow, 'path'>): string[] {
    return org.path.split('/').filter(Boolean);
  }
}
