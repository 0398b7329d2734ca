/**
 * The organisation tree through time, for every read model that answers "over the subtree of X": which organisations
 * lay under X on a given business date. This is where restructuring lives (domain.md: when an organisation is moved
 * or succeeded, dossiers, quotas and counts follow from `effectiveOn`; history stays as it was).
 *
 * Design: the facts are never rewritten. Dossier rows, counts and quotas name the organisation they were recorded
 * against (a cell, an org id); only this projection knows where that organisation sat when. Two tables:
 *
 * - `org_edges (org_id, valid_from, parent_id, kind)`: the parent of an organisation from `valid_from` until the next
 *   edge of the same organisation. `created` edges start at BEGINNING ('0000-01-01': an organisation stands where it was
 *   created for every earlier date, so back-filled dossiers of 2020 count under the tree they were recorded into);
 *   `moved` edges start at `effectiveOn`; a succession is an edge too (`succeeded`): from `effectiveOn` the predecessor
 *   hangs under its successor, so whatever the predecessor held — its cells, their dossiers and counts, its quotas —
 *   lies in the successor's subtree from that date, and in the old parent's subtree before it.
 * - `org_ancestry (org_id, ancestor_id, valid_from, valid_to)`: the closure of those edges with validity intervals
 *   (half-open, `[valid_from, valid_to)`, OPEN_END while valid; every organisation is its own ancestor for all time).
 *   "The subtree of X as of D" is one indexed lookup:
 *     SELECT org_id FROM org_ancestry WHERE ancestor_id = :x AND valid_from <= :d AND :d < valid_to
 *   and "counted under the tree of the act's own date" is a join on the count's day instead of :d. Intervals of one
 *   (org, ancestor) pair never overlap (adjacent ones are merged), so neither join can count a row twice.
 * - `org_created (org_id, kind, created_on)`: when each organisation was founded (`foundedOn` of its creation, else the
 *   day it was recorded), for the `new_organizations` quota.
 *
 * A move or succession dated at or before BEGINNING is ignored: it would rewrite where an organisation has always
 * been, and the per-organisation aggregates (org-aggregates.ts) rely on a span over all time never appearing after
 * the organisation's creation.
 *
 * Maintenance: an edge change of X recomputes the ancestry of X and of everything that has ever had X as an ancestor
 * (|subtree| × depth rows; restructuring is rare). Edges may arrive in any order of `effectiveOn`: each organisation's
 * list of edges is kept sorted and the closure recomputed from it. A cycle (which the organisation workflow refuses)
 * is cut where it is found rather than looping.
 *
 * The current-tree projection (organizations.ts, materialised paths of today's tree) stays as it is for lookups and
 * scope checks; this one answers the dated questions.
 */
import type { ProjectedEvent, Projection, Row, RowChange, RowReader } from './projection';
import { BEGINNING, occurredOn, OPEN_END, text } from './stored-events';

export const ORG_EDGES_TABLE = 'org_edges';
export const ORG_ANCESTRY_TABLE = 'org_ancestry';
export const ORG_CREATED_TABLE = 'org_created';

type EdgeKind = 'created' | 'moved' | 'succeeded';

interface Edge {
  validFrom: string;
  parentId: string | null;
  kind: EdgeKind;
}

interface Span {
  ancestorId: string;
  validFrom: string;
  validTo: string;
}

export const orgHistoryProjection: Projection = {
  name: 'org-history',
  version: 3,
  tables: [
    {
      name: ORG_EDGES_TABLE,
      columns: { org_id: 'TEXT', valid_from: 'TEXT', parent_id: 'TEXT', kind: 'TEXT' },
      key: ['org_id', 'valid_from'],
      indexes: [['parent_id']],
    },
    {
      name: ORG_ANCESTRY_TABLE,
      columns: { org_id: 'TEXT', ancestor_id: 'TEXT', valid_from: 'TEXT', valid_to: 'TEXT' },
      key: ['org_id', 'ancestor_id', 'valid_from'],
      indexes: [['ancestor_id', 'valid_from']],
    },
    {
      name: ORG_CREATED_TABLE,
      columns: { org_id: 'TEXT', kind: 'TEXT', created_on: 'TEXT' },
      key: ['org_id'],
      indexes: [['created_on']],
    },
  ],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    switch (event.type) {
      case 'OrganizationCreated': {
        const id = text(event.data.id);
        if (!id || rows.get(ORG_CREATED_TABLE, { org_id: id })) return [];
        const edge: Edge = { validFrom: BEGINNING, parentId: text(event.data.parentId), kind: 'created' };
        return [
          { table: ORG_CREATED_TABLE, upsert: { org_id: id, kind: text(event.data.kind), created_on: text(event.data.foundedOn) ?? occurredOn(event) } },
          ...withEdge(rows, id, edge),
        ];
      }
      case 'OrganizationMoved': {
        const id = text(event.data.id);
        const newParent = text(event.data.newParent);
        const effectiveOn = text(event.data.effectiveOn);
        if (!id || !newParent || !effectiveOn || effectiveOn <= BEGINNING) return [];
        return withEdge(rows, id, { validFrom: effectiveOn, parentId: newParent, kind: 'moved' });
      }
      case 'OrganizationSucceeded': {
        const predecessor = text(event.data.predecessor);
        const successor = text(event.data.successor);
        const effectiveOn = text(event.data.effectiveOn);
        if (!predecessor || !successor || !effectiveOn || effectiveOn <= BEGINNING) return [];
        return withEdge(rows, predecessor, { validFrom: effectiveOn, parentId: successor, kind: 'succeeded' });
      }
      default:
        return [];
    }
  },
};

function edgesOf(rows: RowReader, orgId: string): Edge[] {
  return rows
    .where(ORG_EDGES_TABLE, 'org_id', orgId)
    .map((r) => ({ validFrom: String(r.valid_from), parentId: text(r.parent_id), kind: r.kind as EdgeKind }))
    .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
}

/** Records one edge of `orgId` (replacing an edge of the same date) and rewrites the ancestry it changes. */
function withEdge(rows: RowReader, orgId: string, edge: Edge): RowChange[] {
  const known = edgesOf(rows, orgId);
  if (edge.kind !== 'created' && known.length === 0) return [];
  const edges = [...known.filter((e) => e.validFrom !== edge.validFrom), edge].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  return [
    { table: ORG_EDGES_TABLE, upsert: { org_id: orgId, valid_from: edge.validFrom, parent_id: edge.parentId, kind: edge.kind } },
    ...ancestryChanges(rows, orgId, edges),
  ];
}

function ancestryChanges(rows: RowReader, changed: string, edgesOfChanged: Edge[]): RowChange[] {
  const affected = new Set([changed, ...rows.where(ORG_ANCESTRY_TABLE, 'ancestor_id', changed).map((r) => String(r.org_id))]);
  const stored = new Map<string, Row[]>();
  const storedOf = (orgId: string) => {
    let found = stored.get(orgId);
    if (!found) stored.set(orgId, (found = rows.where(ORG_ANCESTRY_TABLE, 'org_id', orgId)));
    return found;
  };
  const computed = new Map<string, Span[]>();
  const visiting = new Set<string>();

  const ancestry = (orgId: string): Span[] => {
    const done = computed.get(orgId);
    if (done) return done;
    if (!affected.has(orgId)) {
      const spans = storedOf(orgId).map((r) => ({ ancestorId: String(r.ancestor_id), validFrom: String(r.valid_from), validTo: String(r.valid_to) }));
      computed.set(orgId, spans);
      return spans;
    }
    if (visiting.has(orgId)) return []; // a cycle: cut here
    visiting.add(orgId);
    const edges = orgId === changed ? edgesOfChanged : edgesOf(rows, orgId);
    const spans: Span[] = [{ ancestorId: orgId, validFrom: BEGINNING, validTo: OPEN_END }];
    edges.forEach((edge, i) => {
      if (!edge.parentId) return;
      const from = edge.validFrom;
      const to = edges[i + 1]?.validFrom ?? OPEN_END;
      for (const above of ancestry(edge.parentId)) {
        if (above.ancestorId === orgId) continue; // a cycle through this organisation
        const validFrom = above.validFrom > from ? above.validFrom : from;
        const validTo = above.validTo < to ? above.validTo : to;
        if (validFrom < validTo) spans.push({ ancestorId: above.ancestorId, validFrom, validTo });
      }
    });
    visiting.delete(orgId);
    const merged = merge(spans);
    computed.set(orgId, merged);
    return merged;
  };

  const changes: RowChange[] = [];
  for (const orgId of affected) {
    const spans = ancestry(orgId);
    const old = new Map(storedOf(orgId).map((r) => [`${String(r.ancestor_id)} ${String(r.valid_from)}`, String(r.valid_to)]));
    const keep = new Set<string>();
    for (const span of spans) {
      const key = `${span.ancestorId} ${span.validFrom}`;
      keep.add(key);
      if (old.get(key) === span.validTo) continue;
      changes.push({
        table: ORG_ANCESTRY_TABLE,
        upsert: { org_id: orgId, ancestor_id: span.ancestorId, valid_from: span.validFrom, valid_to: span.validTo },
      });
    }
    for (const key of old.keys()) {
      if (keep.has(key)) continue;
      const [ancestorId, validFrom] = key.split(' ');
      changes.push({ table: ORG_ANCESTRY_TABLE, delete: { org_id: orgId, ancestor_id: ancestorId, valid_from: validFrom } });
    }
  }
  return changes;
}

/** Per ancestor, the intervals sorted and joined where they touch: a move within the same grandparent is seamless. */
function merge(spans: Span[]): Span[] {
  const byAncestor = new Map<string, Span[]>();
  for (const span of spans) {
    const list = byAncestor.get(span.ancestorId) ?? [];
    list.push(span);
    byAncestor.set(span.ancestorId, list);
  }
  const merged: Span[] = [];
  for (const list of byAncestor.values()) {
    list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    let current = { ...list[0] };
    for (const span of list.slice(1)) {
      if (span.validFrom <= current.validTo) {
        if (span.validTo > current.validTo) current.validTo = span.validTo;
      } else {
        merged.push(current);
        current = { ...span };
      }
    }
    merged.push(current);
  }
  return merged;
}
