import { ORG_ANCESTRY_TABLE, ORG_CREATED_TABLE, ORG_EDGES_TABLE, orgHistoryProjection } from '../../../projections/org-history';
import { BEGINNING, OPEN_END } from '../../../projections/stored-events';
import { projectionHarness } from '../../support/projection-harness';

const created = (id: string, kind: string, parentId?: string, on = '2024-01-02') => ({
  type: 'OrganizationCreated',
  data: { id, name: `Tổ chức ${id}`, kind, parentId, authorisedToAdmit: false },
  streamId: `organization-${id}`,
  metadata: { occurredOn: on },
});
const moved = (id: string, newParent: string, effectiveOn: string) => ({
  type: 'OrganizationMoved',
  data: { id, newParent, effectiveOn },
  streamId: `organization-${id}`,
});
const succeeded = (predecessor: string, successor: string, effectiveOn: string) => ({
  type: 'OrganizationSucceeded',
  data: { predecessor, successor, effectiveOn },
  streamId: `organization-${predecessor}`,
});

/** A province with a district (one grassroots organisation, two cells) and a commune, as before 2025-07-01. */
const tree = [
  created('bd', 'province'),
  created('huyen', 'district', 'bd'),
  created('xa', 'commune', 'bd'),
  created('co-so', 'grassroots', 'huyen'),
  created('cb-1', 'cell', 'co-so'),
  created('cb-2', 'cell', 'co-so'),
];

describe('org-history projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(orgHistoryProjection)));
  afterEach(() => h.close());

  /** What `SELECT org_id FROM org_ancestry WHERE ancestor_id = :x AND valid_from <= :d AND :d < valid_to` returns. */
  const subtree = (x: string, d: string) =>
    h
      .rows(ORG_ANCESTRY_TABLE)
      .filter((r) => r.ancestor_id === x && String(r.valid_from) <= d && d < String(r.valid_to))
      .map((r) => r.org_id)
      .sort();
  const ancestryOf = (org: string) =>
    h
      .rows(ORG_ANCESTRY_TABLE, 'ancestor_id, valid_from')
      .filter((r) => r.org_id === org)
      .map((r) => [r.ancestor_id, r.valid_from, r.valid_to]);

  it('given a tree created top-down, then each organisation has itself and its ancestors for all time', () => {
    h.given(...tree);
    expect(ancestryOf('cb-1')).toEqual([
      ['bd', BEGINNING, OPEN_END],
      ['cb-1', BEGINNING, OPEN_END],
      ['co-so', BEGINNING, OPEN_END],
      ['huyen', BEGINNING, OPEN_END],
    ]);
    expect(subtree('huyen', '2020-01-01')).toEqual(['cb-1', 'cb-2', 'co-so', 'huyen']);
    expect(h.rows(ORG_CREATED_TABLE, 'org_id').find((r) => r.org_id === 'cb-1')).toEqual({ org_id: 'cb-1', kind: 'cell', created_on: '2024-01-02' });
  });

  it('when an organisation moves on an effective date, then its subtree follows from that date and not before', () => {
    h.given(...tree, moved('co-so', 'xa', '2025-07-01'));
    expect(subtree('huyen', '2025-06-30')).toEqual(['cb-1', 'cb-2', 'co-so', 'huyen']);
    expect(subtree('huyen', '2025-07-01')).toEqual(['huyen']);
    expect(subtree('xa', '2025-06-30')).toEqual(['xa']);
    expect(subtree('xa', '2025-07-01')).toEqual(['cb-1', 'cb-2', 'co-so', 'xa']);
    // The province held the cell all along: one seamless interval, so a join over a period cannot count it twice.
    expect(ancestryOf('cb-1')).toEqual([
      ['bd', BEGINNING, OPEN_END],
      ['cb-1', BEGINNING, OPEN_END],
      ['co-so', BEGINNING, OPEN_END],
      ['huyen', BEGINNING, '2025-07-01'],
      ['xa', '2025-07-01', OPEN_END],
    ]);
    expect(h.rows(ORG_EDGES_TABLE, 'org_id, valid_from').filter((r) => r.org_id === 'co-so')).toEqual([
      { org_id: 'co-so', valid_from: BEGINNING, parent_id: 'huyen', kind: 'created' },
      { org_id: 'co-so', valid_from: '2025-07-01', parent_id: 'xa', kind: 'moved' },
    ]);
  });

  it('when an organisation is succeeded, then what it held lies under the successor from the effective date', () => {
    h.given(...tree, succeeded('huyen', 'xa', '2025-07-01'));
    expect(subtree('xa', '2025-06-30')).toEqual(['xa']);
    expect(subtree('xa', '2025-07-01')).toEqual(['cb-1', 'cb-2', 'co-so', 'huyen', 'xa']);
    // The predecessor keeps its own subtree; an answer as of an earlier date sees the old tree unchanged.
    expect(subtree('huyen', '2025-07-01')).toEqual(['cb-1', 'cb-2', 'co-so', 'huyen']);
    expect(subtree('bd', '2024-12-31')).toEqual(['bd', 'cb-1', 'cb-2', 'co-so', 'huyen', 'xa']);
    expect(h.rows(ORG_EDGES_TABLE).filter((r) => r.kind === 'succeeded')).toEqual([
      { org_id: 'huyen', valid_from: '2025-07-01', parent_id: 'xa', kind: 'succeeded' },
    ]);
  });

  it('when an ancestor moves with an earlier effective date recorded after a descendant moved, then both hold in date order', () => {
    h.given(
      ...tree,
      created('co-so-2', 'grassroots', 'xa'),
      moved('cb-1', 'co-so-2', '2025-09-01'),
      // recorded later, effective earlier: the cell's old grassroots organisation joins the commune on 2025-07-01
      moved('co-so', 'xa', '2025-07-01'),
    );
    expect(ancestryOf('cb-1')).toEqual([
      ['bd', BEGINNING, OPEN_END],
      ['cb-1', BEGINNING, OPEN_END],
      ['co-so', BEGINNING, '2025-09-01'],
      ['co-so-2', '2025-09-01', OPEN_END],
      ['huyen', BEGINNING, '2025-07-01'],
      // through co-so from 07-01, through co-so-2 from 09-01: one interval
      ['xa', '2025-07-01', OPEN_END],
    ]);
    expect(subtree('xa', '2025-08-01')).toEqual(['cb-1', 'cb-2', 'co-so', 'co-so-2', 'xa']);
  });

  it('when a move is recorded again for the same date, then the later record replaces the earlier', () => {
    h.given(...tree, moved('co-so', 'xa', '2025-07-01'), moved('co-so', 'bd', '2025-07-01'));
    expect(subtree('xa', '2025-07-01')).toEqual(['xa']);
    expect(subtree('bd', '2025-07-01')).toContain('cb-1');
    expect(ancestryOf('co-so').map(([a]) => a)).toEqual(['bd', 'co-so', 'huyen']);
  });

  it('given an organisation recorded with its founding date, then it counts as new on that date, not on the day it was recorded', () => {
    h.given(created('bd', 'province'), { ...created('cb-moi', 'cell', 'bd', '2025-01-10'), data: { ...created('cb-moi', 'cell', 'bd').data, foundedOn: '2024-11-20' } });
    expect(h.rows(ORG_CREATED_TABLE, 'org_id')).toEqual([
      { org_id: 'bd', kind: 'province', created_on: '2024-01-02' },
      { org_id: 'cb-moi', kind: 'cell', created_on: '2024-11-20' },
    ]);
  });

  it('ignores restructuring of an organisation it never saw created, and a second creation of one it did', () => {
    h.given(created('bd', 'province'), moved('ghost', 'bd', '2025-07-01'), succeeded('ghost', 'bd', '2025-07-01'), created('bd', 'block'));
    expect(h.rows(ORG_EDGES_TABLE)).toEqual([{ org_id: 'bd', valid_from: BEGINNING, parent_id: null, kind: 'created' }]);
    expect(h.rows(ORG_CREATED_TABLE)).toEqual([{ org_id: 'bd', kind: 'province', created_on: '2024-01-02' }]);
  });

  it('cuts a cycle (which the organisation workflow refuses) instead of looping', () => {
    h.given(created('a', 'province'), created('b', 'district', 'a'), moved('a', 'b', '2025-01-01'));
    // The walk stops where it meets the organisation again: finite rows, each pair once.
    expect(ancestryOf('a')).toEqual([
      ['a', BEGINNING, OPEN_END],
      ['b', '2025-01-01', OPEN_END],
    ]);
    expect(h.rows(ORG_ANCESTRY_TABLE).length).toBeLessThanOrEqual(4);
  });
});
