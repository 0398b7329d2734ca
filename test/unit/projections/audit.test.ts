import { AUDIT_TABLE, auditProjection } from '../../../projections/audit';
import { projectionHarness } from '../../support/projection-harness';

const meta = (occurredOn: string, actor = 'clerk-1', orgId = 'cb-1') => ({ occurredOn, actor, orgId, ruleSet: 'R2021' });

describe('audit projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(auditProjection)));
  afterEach(() => h.close());

  const index = () => h.rows(AUDIT_TABLE, 'position').map((r) => [r.position, r.type, r.org_id, r.actor, r.actor_org_id, r.dossier_id, r.occurred_on]);

  it('given events of every kind of stream, then each is indexed by position with its metadata and the organisation it is about', () => {
    h.given(
      { type: 'OrganizationCreated', data: { id: 'cb-1', name: 'Chi bộ 1', kind: 'cell', parentId: 'vsip' }, streamId: 'organization-cb-1', metadata: meta('2024-01-02', 'admin', 'vsip') },
      { type: 'QuotaAssigned', data: { orgId: 'vsip', metric: 'admissions', period: '2024', target: 20, assignedBy: 'khoi' }, streamId: 'quotas-vsip', metadata: meta('2024-01-03', 'admin', 'khoi') },
      { type: 'TokenIssued', data: { tokenId: 't', tokenHash: 'h', subject: 's', role: 'clerk', orgId: 'cb-1' }, streamId: 'token-t', metadata: meta('2024-01-04', 'admin', 'vsip') },
      { type: 'CandidateNominated', data: { cellId: 'cb-1', candidate: { fullName: 'A', categories: [] } }, streamId: 'dossier-d1', metadata: meta('2024-02-01') },
      { type: 'DeadlineMissed', data: { dossierId: 'd1', rule: 'R-T-DECIDE', dueOn: '2024-05-01' }, streamId: 'deadlines-d1', metadata: meta('2024-05-02', 'timer', 'system') },
    );
    expect(index()).toEqual([
      [1, 'OrganizationCreated', 'cb-1', 'admin', 'vsip', null, '2024-01-02'],
      [2, 'QuotaAssigned', 'vsip', 'admin', 'khoi', null, '2024-01-03'],
      [3, 'TokenIssued', 'cb-1', 'admin', 'vsip', null, '2024-01-04'],
      [4, 'CandidateNominated', 'cb-1', 'clerk-1', 'cb-1', 'd1', '2024-02-01'],
      [5, 'DeadlineMissed', 'cb-1', 'timer', 'system', 'd1', '2024-05-02'],
    ]);
    expect(h.rows(AUDIT_TABLE)[0]).toMatchObject({ event_id: 'e1', stream_id: 'organization-cb-1', revision: 0, recorded_at: '2024-01-01T00:00:00.000Z', rule_set: 'R2021' });
  });

  it('when a dossier is transferred, then the transfer is about the old cell and later events about the new', () => {
    h.given(
      { type: 'CandidateNominated', data: { cellId: 'cb-1', candidate: { fullName: 'A', categories: [] } }, streamId: 'dossier-d1', metadata: meta('2024-02-01') },
      { type: 'DossierTransferred', data: { toCellId: 'cb-2' }, streamId: 'dossier-d1', metadata: meta('2024-03-01') },
      { type: 'AwarenessClassEnrolled', data: { className: 'K1', startsOn: '2024-03-05' }, streamId: 'dossier-d1', metadata: meta('2024-03-05', 'clerk-2', 'cb-2') },
    );
    expect(index().map(([, type, org]) => [type, org])).toEqual([
      ['CandidateNominated', 'cb-1'],
      ['DossierTransferred', 'cb-1'],
      ['AwarenessClassEnrolled', 'cb-2'],
    ]);
  });

  it('leaves out the system events of a cluster store', () => {
    h.given({ type: '$metadata', data: {}, streamId: '$$dossier-d1', metadata: {} }, { type: 'PersistentConfig1', data: {}, streamId: '$persistentSubscriptionConfig', metadata: {} });
    expect(h.rows(AUDIT_TABLE)).toEqual([]);
  });
});
