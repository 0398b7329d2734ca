import { organizationsProjection, ORG_TABLE } from '../../../projections/organizations';
import { projectionHarness } from '../../support/projection-harness';

const created = (id: string, kind: string, parentId?: string) => ({
  type: 'OrganizationCreated',
  data: { id, name: `Tổ chức ${id}`, kind, parentId, authorisedToAdmit: false },
});

describe('organizations projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(organizationsProjection)));
  afterEach(() => h.close());

  const parents = () => Object.fromEntries(h.rows(ORG_TABLE, 'id').map((r) => [r.id, r.parent_id]));

  it('given a tree created top-down, then each node names its parent', () => {
    h.given(created('bd', 'province'), created('khoi-dn', 'block', 'bd'), created('vsip', 'grassroots', 'khoi-dn'), created('cb-1', 'cell', 'vsip'));
    expect(parents()).toEqual({ bd: null, 'khoi-dn': 'bd', vsip: 'khoi-dn', 'cb-1': 'vsip' });
    expect(h.rows(ORG_TABLE, 'id').find((r) => r.id === 'cb-1')).toMatchObject({ kind: 'cell', parent_id: 'vsip', name: 'Tổ chức cb-1' });
  });

  it('when a node moves, then it names its new parent and the effective date; its subtree stays under it', () => {
    h.given(
      created('bd', 'province'),
      created('huyen', 'district', 'bd'),
      created('xa', 'commune', 'bd'),
      created('co-so', 'grassroots', 'huyen'),
      created('cb-1', 'cell', 'co-so'),
      created('cb-2', 'cell', 'co-so'),
      { type: 'OrganizationMoved', data: { id: 'co-so', newParent: 'xa', effectiveOn: '2025-07-01' } },
    );
    expect(parents()).toMatchObject({ 'co-so': 'xa', 'cb-1': 'co-so', 'cb-2': 'co-so', huyen: 'bd' });
    expect(h.rows(ORG_TABLE, 'id').find((r) => r.id === 'co-so')).toMatchObject({ since: '2025-07-01' });
  });

  it('when an organisation is succeeded, then it names its successor and the date', () => {
    h.given(created('bd', 'province'), created('bd-moi', 'province'), {
      type: 'OrganizationSucceeded',
      data: { predecessor: 'bd', successor: 'bd-moi', effectiveOn: '2025-07-01' },
    });
    expect(h.rows(ORG_TABLE, 'id').find((r) => r.id === 'bd')).toMatchObject({ successor_id: 'bd-moi', succeeded_on: '2025-07-01' });
  });

  it('given a founding date at creation, then the node keeps it beside the date of its last move', () => {
    h.given(
      created('bd', 'province'),
      created('xa', 'commune', 'bd'),
      { ...created('co-so', 'grassroots', 'bd'), data: { ...created('co-so', 'grassroots', 'bd').data, foundedOn: '2019-03-01' } },
      { type: 'OrganizationMoved', data: { id: 'co-so', newParent: 'xa', effectiveOn: '2025-07-01' } },
    );
    const rows = h.rows(ORG_TABLE, 'id');
    expect(rows.find((r) => r.id === 'co-so')).toMatchObject({ founded_on: '2019-03-01', since: '2025-07-01' });
    expect(rows.find((r) => r.id === 'xa')).toMatchObject({ founded_on: null, since: null });
  });

  it('ignores events of other streams', () => {
    h.given({ type: 'CandidateNominated', data: { cellId: 'x' } });
    expect(h.rows(ORG_TABLE)).toEqual([]);
  });
});
