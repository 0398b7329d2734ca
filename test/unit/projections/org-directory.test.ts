import { orgHistoryProjection } from '../../../projections/org-history';
import { organizationsProjection } from '../../../projections/organizations';
import { OrganizationDissolvedError } from '../../../src/engine/errors';
import { OrgDirectory } from '../../../src/read-models/org-directory';
import { ReadModelDb } from '../../../src/read-models/read-model-db';
import { REFUSED } from '../../../workflows/organization';

/**
 * Scope follows the tree of the day: given a move and a succession, the path of each organisation and who sees it
 * change on the effective date, not the day before and not the day they were recorded.
 */
describe('the organisation directory through a restructuring', () => {
  const db = new ReadModelDb(':memory:', [organizationsProjection, orgHistoryProjection]);
  let today = '2025-06-20';
  const orgs = new OrgDirectory(db, () => today);
  let position = 0;
  const given = (type: string, data: Record<string, unknown>) =>
    db.applyBatch([{ id: `e${++position}`, type, data, metadata: { occurredOn: '2025-06-20' }, streamId: `organization-${position}`, revision: 0, position, recordedAt: '2025-06-20T03:00:00.000Z' }]);
  const created = (id: string, kind: string, parentId?: string) => given('OrganizationCreated', { id, name: id, kind, parentId, authorisedToAdmit: false });

  beforeAll(() => {
    created('bd', 'province');
    created('hcm', 'province');
    created('khoi', 'block', 'bd');
    created('vsip', 'grassroots', 'khoi');
    created('cb', 'cell', 'vsip');
    created('xa', 'commune', 'hcm');
    given('OrganizationSucceeded', { predecessor: 'bd', successor: 'hcm', effectiveOn: '2025-07-01' });
    given('OrganizationMoved', { id: 'vsip', newParent: 'xa', effectiveOn: '2025-07-15' });
  });
  afterAll(() => db.close());

  const path = (id: string, day: string) => orgs.pathOn(id, day).map((o) => o.id);

  it('given a succession effective 2025-07-01, the predecessor hangs under its successor from that day, not the day before', () => {
    expect(path('cb', '2025-06-30')).toEqual(['bd', 'khoi', 'vsip', 'cb']);
    expect(path('cb', '2025-07-01')).toEqual(['hcm', 'bd', 'khoi', 'vsip', 'cb']);
    expect(orgs.childrenOn('hcm', '2025-06-30').map((o) => o.id)).toEqual(['xa']);
    expect(orgs.childrenOn('hcm', '2025-07-01').map((o) => o.id)).toEqual(['bd', 'xa']);
  });

  it('given a move effective 2025-07-15, the moved organisation and its cells change subtree on that day', () => {
    expect(path('cb', '2025-07-14')).toEqual(['hcm', 'bd', 'khoi', 'vsip', 'cb']);
    expect(path('cb', '2025-07-15')).toEqual(['hcm', 'xa', 'vsip', 'cb']);
    expect(orgs.scheduledAfter('vsip', '2025-07-14')).toEqual([{ kind: 'move', effectiveOn: '2025-07-15', to: 'xa' }]);
    expect(orgs.scheduledAfter('vsip', '2025-07-15')).toEqual([]);
  });

  it('scope follows today: the successor sees the cell from the effective date, the old block until the move', () => {
    today = '2025-06-30';
    expect(orgs.visible('cb', 'hcm')).toBeUndefined();
    expect(orgs.visible('cb', 'khoi')?.id).toBe('cb');
    today = '2025-07-01';
    expect(orgs.visible('cb', 'hcm')?.id).toBe('cb');
    today = '2025-07-15';
    expect(orgs.visible('cb', 'khoi')).toBeUndefined();
    expect(orgs.visible('cb', 'xa')?.id).toBe('cb');
  });

  it('a dissolved organisation refuses an act dated from its effective date, not the day before', () => {
    expect(() => orgs.requireActive('bd', '2025-06-30', REFUSED.act)).not.toThrow();
    expect(() => orgs.requireActive('bd', '2025-07-01', REFUSED.act)).toThrow(OrganizationDissolvedError);
    expect(() => orgs.requireActive('hcm', '2025-07-01', REFUSED.act)).not.toThrow();
  });
});
