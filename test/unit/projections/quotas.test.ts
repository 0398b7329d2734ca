import { CONGRESSES_TABLE, periodBounds, QUOTAS_TABLE, quotasProjection } from '../../../projections/quotas';
import { projectionHarness } from '../../support/projection-harness';

const assigned = (orgId: string, period: string, target: number, assignedBy: string, extra: Record<string, unknown> = {}) => ({
  type: 'QuotaAssigned',
  data: { orgId, metric: 'admissions', period, target, assignedBy, ...extra },
  streamId: `quotas-${orgId}`,
  metadata: { occurredOn: '2021-03-01', actor: 'admin', orgId: 'khoi-dn' },
});

describe('quotas projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(quotasProjection)));
  afterEach(() => h.close());

  it('given quotas for one term from two assigners, then the organisation holds both (seed 000: 20 of its own, 50 of the block)', () => {
    h.given(
      assigned('cb-ben-cat', '2020-2025', 20, 'Đại hội Chi bộ'),
      assigned('cb-ben-cat', '2020-2025', 50, 'Đảng ủy Khối Doanh nghiệp', { targetMax: 60 }),
    );
    expect(h.rows(QUOTAS_TABLE, 'target')).toEqual([
      {
        org_id: 'cb-ben-cat', metric: 'admissions', period: '2020-2025', assigned_by: 'Đại hội Chi bộ', target: 20, target_max: null, at_least: 0,
        period_from: '2020-01-01', period_to: '2025-12-31', assigned_on: '2021-03-01', position: 1,
      },
      {
        org_id: 'cb-ben-cat', metric: 'admissions', period: '2020-2025', assigned_by: 'Đảng ủy Khối Doanh nghiệp', target: 50, target_max: 60, at_least: 0,
        period_from: '2020-01-01', period_to: '2025-12-31', assigned_on: '2021-03-01', position: 2,
      },
    ]);
  });

  it('when the same assigner assigns again for the same period, then its new figure replaces the old', () => {
    h.given(assigned('vsip', '2024', 18, 'khoi-dn'), assigned('vsip', '2024', 20, 'khoi-dn'), assigned('vsip', '2023', 15, 'khoi-dn'));
    expect(h.rows(QUOTAS_TABLE, 'period').map((r) => [r.period, r.target])).toEqual([
      ['2023', 15],
      ['2024', 20],
    ]);
  });

  it('given an "at least" target (seed 000: "ít nhất 400"), then the row says it is a floor', () => {
    h.given(assigned('khoi-dn', '2024', 400, 'Ban Thường vụ Tỉnh ủy', { atLeast: true }));
    expect(h.rows(QUOTAS_TABLE)).toMatchObject([{ target: 400, target_max: null, at_least: 1 }]);
  });

  it('ignores a quota event it cannot read (unknown period shape, no target)', () => {
    h.given(assigned('vsip', '2024-Q1', 5, 'khoi-dn'), { ...assigned('vsip', '2024', 5, 'khoi-dn'), data: { orgId: 'vsip', metric: 'admissions', period: '2024', assignedBy: 'x' } });
    expect(h.rows(QUOTAS_TABLE)).toEqual([]);
  });

  it('reads a period as calendar years', () => {
    expect(periodBounds('2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodBounds('2020-2025')).toEqual({ from: '2020-01-01', to: '2025-12-31' });
    expect(periodBounds('2025-2020')).toBeUndefined();
    expect(periodBounds('24')).toBeUndefined();
  });

  it('given a congress that opened a term, then the organisation\'s term is noted with its years and day (a second opening and malformed ones ignored)', () => {
    const congress = (data: Record<string, unknown>) => ({ type: 'CongressHeld', data, streamId: `organization-${String(data.id)}`, metadata: { occurredOn: '2025-08-10', actor: 'admin', orgId: 'khoi-dn' } });
    h.given(
      congress({ id: 'vsip', term: '2025-2030', openedOn: '2025-08-04' }),
      congress({ id: 'vsip', term: '2025-2030', openedOn: '2025-08-05' }),
      congress({ id: 'vsip', term: '2025', openedOn: '2025-08-04' }),
      congress({ id: 'vsip', term: '2020-2025' }),
    );
    expect(h.rows(CONGRESSES_TABLE)).toEqual([{ org_id: 'vsip', term: '2025-2030', first_year: '2025', last_year: '2030', opened_on: '2025-08-04' }]);
  });
});
