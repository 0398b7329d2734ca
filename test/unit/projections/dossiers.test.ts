/**
 * The dossier read models row by row: summary, categories, stage intervals and report counts. Every history here is
 * first accepted by the workflow (`replay` throws on a refusal), so the rows are those of histories that can exist.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { DOSSIER_CATEGORIES_TABLE, DOSSIER_DETAILS_TABLE, DOSSIER_SUMMARY_TABLE, dossiersProjection } from '../../../projections/dossiers';
import { orgHistoryProjection } from '../../../projections/org-history';
import type { ProjectedEvent, Row, RowReader } from '../../../projections/projection';
import { REPORT_COUNTS_TABLE } from '../../../projections/report-counts';
import { STAGE_INTERVALS_TABLE } from '../../../projections/stage-intervals';
import { OPEN_END } from '../../../projections/stored-events';
import type { AdmissionEvent } from '../../../workflows/admission';
import { projectionHarness } from '../../support/projection-harness';
import { before, candidate, ev, happyPath, until } from '../workflows/support/events';
import { replay } from '../workflows/support/given';

/** An admission event as the engine stores it (src/engine/dossiers.ts): data without type and occurredOn. */
function stored(dossierId: string, event: AdmissionEvent) {
  const { type, occurredOn, ...data } = event;
  return { type, data, streamId: `dossier-${dossierId}`, metadata: { occurredOn, machineVersion: 1, actor: 'clerk', orgId: 'cell-a' } };
}

/** Accepted by the workflow first, then stored in the dossier's stream. */
function dossier(dossierId: string, events: AdmissionEvent[]) {
  replay(events);
  return events.map((e) => stored(dossierId, e));
}

const fixture = (name: string) =>
  (JSON.parse(readFileSync(join(__dirname, '../../fixtures/histories', name), 'utf8')) as { events: AdmissionEvent[] }).events;

describe('dossiers projection', () => {
  let h: ReturnType<typeof projectionHarness>;
  beforeEach(() => (h = projectionHarness(dossiersProjection, orgHistoryProjection)));
  afterEach(() => h.close());

  const summary = (id = 'd1') => h.rows(DOSSIER_SUMMARY_TABLE).find((r) => r.id === id);
  const details = (id = 'd1') => h.rows(DOSSIER_DETAILS_TABLE).find((r) => r.id === id);
  const intervals = (id = 'd1') =>
    h
      .rows(STAGE_INTERVALS_TABLE, 'dossier_id, seq')
      .filter((r) => r.dossier_id === id)
      .map((r) => [r.stage, r.cell_id, r.entered_on, r.left_on, r.stage_entered_on]);
  /** report_counts as `cell day metric category` → n */
  const counts = () => Object.fromEntries(h.rows(REPORT_COUNTS_TABLE).map((r) => [`${r.cell_id} ${r.day} ${r.metric} ${r.category}`, r.n]));

  describe('summary', () => {
    it('given a nomination, then the dossier is listed in its cell with its categories, in nominated', () => {
      h.given(...dossier('d1', [ev.nominated('2024-03-04', { cellId: 'cb-vsip-1', candidate: candidate({ categories: ['youth_union', 'worker'] }) })]));
      expect(summary()).toMatchObject({
        id: 'd1',
        cell_id: 'cb-vsip-1',
        stage: 'nominated',
        state: 'nominated',
        stage_entered_on: '2024-03-04',
        revision: 0,
        opened_position: 1,
        last_position: 1,
        categories: 'worker,youth_union',
      });
      expect(details()).toEqual({
        id: 'd1',
        full_name: 'Nguyễn Thị Lan',
        categories: 'worker,youth_union',
        nominated_on: '2024-03-04',
        certificate_issued_on: null,
        admission_decided_on: null,
        ceremony_on: null,
        probation_ends_on: null,
        official_from: null,
        machine_version: 1,
      });
      expect(h.rows(DOSSIER_CATEGORIES_TABLE, 'category')).toEqual([
        { dossier_id: 'd1', category: 'worker' },
        { dossier_id: 'd1', category: 'youth_union' },
      ]);
    });

    it('given the whole journey, then the summary shows official with every date of GET /dossiers/{id}', () => {
      h.given(...dossier('d1', happyPath));
      expect(summary()).toMatchObject({ stage: 'official', state: 'official', revision: happyPath.length - 1, opened_position: 1, last_position: happyPath.length });
      expect(details()).toMatchObject({
        nominated_on: '2023-01-05',
        certificate_issued_on: '2023-02-20',
        admission_decided_on: '2023-09-05',
        ceremony_on: '2023-09-20',
        probation_ends_on: '2024-09-20',
        official_from: '2024-09-20',
      });
    });

    it('when the dossier is transferred, then the new cell owns it and the stage is unchanged', () => {
      h.given(...dossier('d1', [...until('SponsorsAssigned'), ev.transferred('2023-04-13', 'cell-b')]));
      expect(summary()).toMatchObject({ cell_id: 'cell-b', stage: 'backgroundCheck', state: 'backgroundCheck.opinions', stage_entered_on: '2023-03-01' });
    });

    it.each([
      ['dropped by the cell', [...until('AwarenessClassEnrolled'), ev.dropped('2023-03-01')], 'dropped', 'dropped', '2023-03-01'],
      ['dropped on a failed background check', [...before('BackgroundCheckConcluded'), ev.checkConcluded('2023-04-10', 'fail')], 'dropped', 'dropped', '2023-04-10'],
      ['withdrawn before the ceremony', [...until('AdmissionDecided'), ev.withdrawn('2023-09-10')], 'withdrawn', 'withdrawn', '2023-09-10'],
      ['rejected by the competent committee', [...until('GrassrootsCommitteeResolved'), ev.rejected('2023-09-05')], 'rejected', 'rejected', '2023-09-05'],
      ['removed during probation', [...until('AdmissionCeremonyHeld'), ev.removed('2024-02-01')], 'removed', 'removed', '2024-02-01'],
      ['recognised as official', happyPath, 'official', 'recognised', '2024-10-01'],
    ])('when %s, then the stage ends there for good and the ending is counted', (_name, events, stage, metric, on) => {
      h.given(...dossier('d1', events));
      expect(summary()).toMatchObject({ stage, state: stage });
      expect(intervals().at(-1)).toEqual([stage, 'cell-a', on, OPEN_END, on]);
      expect(counts()[`cell-a ${on} ${metric} *`]).toBe(1);
    });

    it('ignores events of other streams and an event of a dossier it never saw opened', () => {
      h.given(
        { type: 'DeadlineMissed', data: { dossierId: 'd1', rule: 'R-T-DECIDE', dueOn: '2024-01-01' }, streamId: 'deadlines-d1', metadata: {} },
        { type: 'OrganizationCreated', data: { id: 'cell-a', name: 'x', kind: 'cell' }, streamId: 'organization-cell-a', metadata: {} },
        stored('d2', ev.enrolled('2023-02-06')),
      );
      expect(h.rows(DOSSIER_SUMMARY_TABLE)).toEqual([]);
      expect(h.rows(REPORT_COUNTS_TABLE)).toEqual([]);
    });

    it('does not count an event twice when a batch is replayed (revision not newer than the row)', () => {
      const row: Row = { id: 'd1', revision: 5 };
      const rows: RowReader = { get: () => row, where: () => [] };
      const event: ProjectedEvent = {
        id: 'e', type: 'AdmissionDecided', streamId: 'dossier-d1', revision: 5, position: 9, recordedAt: '2024-01-01T00:00:00Z',
        data: { decisionNo: '1', decidedBy: 'x', receivedOn: '2024-01-02' }, metadata: { occurredOn: '2024-01-01' },
      };
      expect(dossiersProjection.apply(event, rows)).toEqual([]);
    });
  });

  describe('stage intervals', () => {
    it('given the whole journey, then one interval per stage, each closed on the day the next opened', () => {
      h.given(...dossier('d1', happyPath));
      expect(intervals()).toEqual([
        ['nominated', 'cell-a', '2023-01-05', '2023-02-06', '2023-01-05'],
        ['awarenessClass', 'cell-a', '2023-02-06', '2023-03-01', '2023-02-06'],
        ['backgroundCheck', 'cell-a', '2023-03-01', '2023-09-05', '2023-03-01'],
        ['admitted', 'cell-a', '2023-09-05', '2023-09-20', '2023-09-05'],
        ['probationary', 'cell-a', '2023-09-20', '2024-10-01', '2023-09-20'],
        ['official', 'cell-a', '2024-10-01', OPEN_END, '2024-10-01'],
      ]);
    });

    it('when the certificate lapses and the candidate re-enrols, then each visit of a stage is its own interval', () => {
      h.given(...dossier('d1', fixture('re-enrolment-after-lapsed-certificate.json')));
      expect(intervals()).toEqual([
        ['nominated', 'cell-a', '2018-10-01', '2018-11-01', '2018-10-01'],
        ['awarenessClass', 'cell-a', '2018-11-01', '2019-02-01', '2018-11-01'],
        ['backgroundCheck', 'cell-a', '2019-02-01', '2024-01-10', '2019-02-01'],
        ['awarenessClass', 'cell-a', '2024-01-10', '2024-03-04', '2024-01-10'],
        ['backgroundCheck', 'cell-a', '2024-03-04', '2024-05-20', '2024-03-04'],
        ['admitted', 'cell-a', '2024-05-20', OPEN_END, '2024-05-20'],
      ]);
    });

    it('when the dossier is transferred, then the stay splits between the cells and keeps its stage entry date', () => {
      h.given(...dossier('d1', fixture('transferred.json')));
      const cells = fixture('transferred.json').filter((e) => e.type === 'DossierTransferred').map((e) => (e as { toCellId: string }).toCellId);
      expect(intervals()).toEqual([
        ['nominated', 'cell-a', '2023-01-05', '2023-02-06', '2023-01-05'],
        ['awarenessClass', 'cell-a', '2023-02-06', '2023-03-01', '2023-02-06'],
        ['backgroundCheck', 'cell-a', '2023-03-01', '2023-04-13', '2023-03-01'],
        ['backgroundCheck', cells[0], '2023-04-13', '2023-09-05', '2023-03-01'],
        ['admitted', cells[0], '2023-09-05', '2023-09-20', '2023-09-05'],
        ['probationary', cells[0], '2023-09-20', '2024-03-01', '2023-09-20'],
        ['probationary', cells[1], '2024-03-01', OPEN_END, '2023-09-20'],
      ]);
    });

    it('when two acts fall on one day, then the stage between them is an empty interval that covers no day', () => {
      h.given(...dossier('d1', [ev.nominated('2023-02-06'), ev.enrolled('2023-02-06')]));
      expect(intervals()).toEqual([
        ['nominated', 'cell-a', '2023-02-06', '2023-02-06', '2023-02-06'],
        ['awarenessClass', 'cell-a', '2023-02-06', OPEN_END, '2023-02-06'],
      ]);
    });
  });

  describe('report counts', () => {
    it('given the whole journey, then each milestone counts once on its business date, and admissions per category too', () => {
      h.given(...dossier('d1', happyPath));
      expect(counts()).toEqual({
        'cell-a 2023-01-05 nominated *': 1,
        'cell-a 2023-02-06 enrolled *': 1,
        'cell-a 2023-02-20 certified *': 1,
        'cell-a 2023-09-05 admitted *': 1,
        'cell-a 2023-09-05 admitted trade_union': 1,
        'cell-a 2023-09-05 admitted worker': 1,
        'cell-a 2023-09-20 ceremonies *': 1,
        'cell-a 2024-01-15 theoryCompleted *': 1,
        'cell-a 2024-10-01 recognised *': 1,
      });
    });

    it('given two dossiers of one cell admitted on one day, then the day counts two', () => {
      const admitted = until('AdmissionDecided');
      h.given(...dossier('d1', admitted), ...dossier('d2', admitted));
      expect(counts()['cell-a 2023-09-05 admitted *']).toBe(2);
      expect(counts()['cell-a 2023-09-05 admitted worker']).toBe(2);
    });

    it('when a dossier is transferred, then later acts count for the new cell and earlier ones stay with the old', () => {
      h.given(...dossier('d1', fixture('transferred.json')));
      const c = counts();
      expect(c['cell-a 2023-02-20 certified *']).toBe(1);
      const newCell = (fixture('transferred.json').find((e) => e.type === 'DossierTransferred') as { toCellId: string }).toCellId;
      expect(c[`${newCell} 2023-09-05 admitted *`]).toBe(1);
      expect(Object.keys(c).filter((k) => k.startsWith('cell-a ') && k.includes(' admitted '))).toEqual([]);
    });

    it('counts every enrolment, a re-enrolment too', () => {
      h.given(...dossier('d1', fixture('re-enrolment-after-lapsed-certificate.json')));
      const enrolled = h.rows(REPORT_COUNTS_TABLE).filter((r) => r.metric === 'enrolled' && r.category === '*');
      expect(enrolled.map((r) => r.day)).toEqual(['2018-11-01', '2024-01-10']);
    });
  });
});
