/**
 * The read side end to end: the projections of this folder together in one read-model database, fed with stored events
 * as the engine writes them, and queried with the SQL that the query layer (src/read-models/) is expected to use. The
 * queries are those of src/read-models/read-queries.ts, so that the design is proven with the very statements that run:
 * pipeline and aging as of a date, quota achievement, report sums, the dossier list and the audit index, each over a
 * subtree and across restructuring.
 */
import { auditProjection } from '../../../projections/audit';
import { dossiersProjection } from '../../../projections/dossiers';
import { orgHistoryProjection } from '../../../projections/org-history';
import type { ProjectedEvent } from '../../../projections/projection';
import { quotasProjection } from '../../../projections/quotas';
import { ReadModelDb } from '../../../src/read-models/read-model-db';
import { AUDIT_SQL, DOSSIER_LIST_AS_OF_SQL, DOSSIER_LIST_SQL, QUOTAS_SQL, REPORT_CLASSES_SQL, REPORT_SQL } from '../../../src/read-models/read-queries';
import { foldPipeline, PIPELINE_SQL, type PipelineGroup } from '../../../src/read-models/pipeline-queries';
import type { AdmissionEvent, CandidateCategory } from '../../../workflows/admission';
import { addDays, addMonths } from '../../../workflows/calendar';
import { candidate, ev, member } from '../workflows/support/events';
import { replay } from '../workflows/support/given';

/* ------------------------------------------------------------------ the queries (those the API runs) */

const REPORT = REPORT_SQL;
const QUOTAS = QUOTAS_SQL;
const DOSSIER_LIST = DOSSIER_LIST_SQL;
const DOSSIER_LIST_AS_OF = DOSSIER_LIST_AS_OF_SQL;
const REPORT_CLASSES = REPORT_CLASSES_SQL;
const AUDIT = AUDIT_SQL;

/* ------------------------------------------------------------------ a read side fed like the engine feeds it */

/**
 * The read-model database with the projections of this folder; events are stored as the engine stores them (per-stream
 * revisions, global positions, business date and actor in the metadata). Dossier histories are first accepted by the
 * workflow, so every row comes from a history that can exist.
 */
function readSide() {
  const db = new ReadModelDb(':memory:', [orgHistoryProjection, dossiersProjection, quotasProjection, auditProjection]);
  const revisions = new Map<string, number>();
  let position = 0;
  const stored = (streamId: string, type: string, data: Record<string, unknown>, occurredOn: string, actor = 'clerk', orgId = 'bd'): ProjectedEvent => {
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    position++;
    return {
      id: `e${position}`,
      type,
      data,
      metadata: { occurredOn, actor, orgId, machineVersion: 1 },
      streamId,
      revision,
      position,
      recordedAt: `${occurredOn}T03:00:${String(position % 60).padStart(2, '0')}.000Z`,
    };
  };
  const side = {
    org(id: string, kind: string, parentId?: string, on = '2020-01-01', foundedOn?: string) {
      const data = { id, name: id, kind, parentId, authorisedToAdmit: false, ...(foundedOn ? { foundedOn } : {}) };
      db.applyBatch([stored(`organization-${id}`, 'OrganizationCreated', data, on, 'admin')]);
      return side;
    },
    moved(id: string, newParent: string, effectiveOn: string) {
      db.applyBatch([stored(`organization-${id}`, 'OrganizationMoved', { id, newParent, effectiveOn }, effectiveOn, 'admin')]);
      return side;
    },
    succeeded(predecessor: string, successor: string, effectiveOn: string) {
      db.applyBatch([stored(`organization-${predecessor}`, 'OrganizationSucceeded', { predecessor, successor, effectiveOn }, effectiveOn, 'admin')]);
      return side;
    },
    quota(orgId: string, period: string, target: number, assignedBy: string, metric = 'admissions', form: { targetMax?: number; atLeast?: boolean } = {}) {
      db.applyBatch([stored(`quotas-${orgId}`, 'QuotaAssigned', { orgId, metric, period, target, assignedBy, ...form }, '2021-01-15', 'admin')]);
      return side;
    },
    congress(id: string, term: string, openedOn: string) {
      db.applyBatch([stored(`organization-${id}`, 'CongressHeld', { id, term, openedOn }, openedOn, 'admin')]);
      return side;
    },
    dossier(id: string, events: AdmissionEvent[], actor = 'clerk') {
      return side.continued(id, [], events, actor);
    },
    /** More events of a dossier whose earlier `history` is already stored. */
    continued(id: string, history: AdmissionEvent[], more: AdmissionEvent[], actor = 'clerk') {
      accepted([...history, ...more]);
      db.applyBatch(
        more.map((event) => {
          const { type, occurredOn, ...data } = event;
          return stored(`dossier-${id}`, type, data, occurredOn, actor, 'cell');
        }),
      );
      return side;
    },
    query<T = Record<string, unknown>>(sql: string, params: Record<string, unknown>): T[] {
      return db.db.prepare(sql).all(params) as T[];
    },
    close: () => db.close(),
  };
  return side;
}

/** Histories already checked by the workflow (checking costs ~0.5 ms an event; many dossiers share a shape). */
const checked = new Set<string>();
function accepted(events: AdmissionEvent[]): void {
  const key = JSON.stringify(events.map((e) => ({ ...e, cellId: undefined, toCellId: undefined })));
  if (checked.has(key)) return;
  replay(events);
  checked.add(key);
}

const CUT = {
  nominated: 1,
  enrolled: 2,
  applied: 4,
  sponsors: 8,
  resolved: 11,
  decided: 12,
  ceremony: 13,
  recognised: 16,
} as const;

/**
 * One candidate's journey, dated from the day of the admission decision D (nominated D−240, enrolled D−210, certified
 * D−196, application D−188, …, cell vote D−70, grassroots resolution D−63, decision D, ceremony D+15, recognised 12
 * months later), cut after the named step.
 */
function journey(cellId: string, decidedOn: string, upTo: keyof typeof CUT = 'decided', categories: CandidateCategory[] = ['trade_union', 'worker']): AdmissionEvent[] {
  const d = (days: number) => addDays(decidedOn, days);
  const ceremony = d(15);
  const probationEnds = addMonths(ceremony, 12);
  const all: AdmissionEvent[] = [
    ev.nominated(d(-240), { cellId, candidate: candidate({ categories }) }),
    ev.enrolled(d(-210)),
    ev.certified(d(-196)),
    ev.applied(d(-188)),
    ev.history(d(-187)),
    ev.checkRequested(d(-183)),
    ev.checkConcluded(d(-150)),
    // R-SPONSOR: a youth-union member of youth age is sponsored by the youth-union committee and one member.
    ev.sponsors(d(-148), [
      member({ knownSince: d(-1000) }),
      categories.includes('youth_union') ? { kind: 'youth_union_committee', resolutionNo: '4-NQ/ĐTN' } : member({ fullName: 'Võ Thị Thu', knownSince: d(-1100) }),
    ]),
    ev.opinions(d(-146)),
    ev.cellVote(d(-70)),
    ev.grassroots(d(-63)),
    ev.decided(decidedOn, decidedOn),
    ev.ceremony(ceremony),
    ev.theoryClass(d(120)),
    ev.recognitionVote(probationEnds),
    ev.recognized(addDays(probationEnds, 10)),
  ];
  return all.slice(0, CUT[upTo]);
}

/** The block of the seeds: Bình Dương → Đảng ủy Khối Doanh nghiệp → VSIP (two cells) and Mỹ Phước (one cell). */
function seedTree(s: ReturnType<typeof readSide>) {
  return s
    .org('bd', 'province')
    .org('khoi-dn', 'block', 'bd')
    .org('vsip', 'grassroots', 'khoi-dn')
    .org('cb-vsip-1', 'cell', 'vsip')
    .org('cb-vsip-2', 'cell', 'vsip')
    .org('my-phuoc', 'grassroots', 'khoi-dn')
    .org('cb-mp-1', 'cell', 'my-phuoc');
}

/** The pipeline as the API computes it: one statement, folded. */
const pipelineOf = (s: ReturnType<typeof readSide>, params: { org: string; asOf: string }) =>
  foldPipeline(params.org, params.asOf, s.query<PipelineGroup>(PIPELINE_SQL, params));
/** The stages that hold a dossier. */
const byStage = (s: ReturnType<typeof readSide>, params: { org: string; asOf: string }) =>
  Object.fromEntries(Object.entries(pipelineOf(s, params).stages).filter(([, n]) => n > 0));
/** Aging as rows, by stage. */
const agingOf = (s: ReturnType<typeof readSide>, params: { org: string; asOf: string }) =>
  Object.entries(pipelineOf(s, params).aging).map(([stage, a]) => ({ stage, ...a }));

describe('read side queries', () => {
  let s: ReturnType<typeof readSide>;
  beforeEach(() => (s = seedTree(readSide())));
  afterEach(() => s.close());

  describe('quotas', () => {
    it('reproduces seed 004 (VSIP): 15 admitted = 75.0 % of the 2024 plan of 20, 72/80 = 90.0 % for the term', () => {
      s.quota('vsip', '2024', 20, 'Đảng ủy Khối Doanh nghiệp').quota('vsip', '2020-2025', 80, 'Đảng ủy Khối Doanh nghiệp');
      let n = 0;
      // 15 in 2024, over both cells and several days; 57 in 2021–2023; 3 in Mỹ Phước, which is not VSIP's.
      for (let i = 0; i < 15; i++) s.dossier(`v24-${n++}`, journey(i % 2 ? 'cb-vsip-1' : 'cb-vsip-2', `2024-0${1 + (i % 9)}-15`));
      // The first of the older ones on the last day before the plan year: counted for the term, not for 2024.
      for (let i = 0; i < 57; i++) s.dossier(`v-old-${n++}`, journey('cb-vsip-1', i === 0 ? '2023-12-31' : `${2021 + (i % 3)}-06-1${i % 10}`));
      for (let i = 0; i < 3; i++) s.dossier(`mp-${n++}`, journey('cb-mp-1', '2024-05-20'));
      // One still waiting for the decision is no admission yet.
      s.dossier('waiting', journey('cb-vsip-1', '2024-12-20', 'resolved'));

      expect(s.query(QUOTAS, { org: 'vsip', period: '2024', asOf: '2024-12-31' })).toEqual([
        { metric: 'admissions', period: '2024', target: 20, targetMax: null, atLeast: 0, assignedBy: 'Đảng ủy Khối Doanh nghiệp', heldBy: 'vsip', from: '2024-01-01', to: '2024-12-31', achieved: 15, percent: 75, met: 0 },
      ]);
      expect(s.query(QUOTAS, { org: 'vsip', period: '2020-2025', asOf: '2025-12-31' })).toMatchObject([{ target: 80, achieved: 72, percent: 90 }]);
      // As of mid-year the same plan stands at what had been decided by then (the 15th of January to June: 12 of the 15).
      expect(s.query(QUOTAS, { org: 'vsip', period: '2024', asOf: '2024-06-30' })).toMatchObject([{ achieved: 12, percent: 60 }]);
    });

    it('reproduces seed 000 (Bến Cát): one achievement against two assigners, 20/20 = 100.0 % and 20/50 = 40.0 %', () => {
      s.org('cb-ben-cat', 'cell', 'my-phuoc')
        .quota('cb-ben-cat', '2020-2025', 20, 'Đại hội Chi bộ Công đoàn các KCN Bến Cát')
        .quota('cb-ben-cat', '2020-2025', 50, 'Đảng ủy Khối Doanh nghiệp');
      for (let i = 0; i < 20; i++) s.dossier(`bc-${i}`, journey('cb-ben-cat', `${2021 + (i % 4)}-03-1${i % 10}`));
      expect(s.query(QUOTAS, { org: 'cb-ben-cat', period: '2020-2025', asOf: '2025-06-30' })).toMatchObject([
        { target: 20, assignedBy: 'Đại hội Chi bộ Công đoàn các KCN Bến Cát', achieved: 20, percent: 100 },
        { target: 50, assignedBy: 'Đảng ủy Khối Doanh nghiệp', achieved: 20, percent: 40 },
      ]);
    });

    it('given a plain, a range and an "at least" target, then percent is over the target (floor) and met says whether it is reached', () => {
      s.quota('vsip', '2024', 5, 'Ban Thường vụ Tỉnh ủy', 'admissions', { atLeast: true })
        .quota('vsip', '2024', 2, 'Đại hội Đảng bộ', 'admissions', { targetMax: 3 })
        .quota('vsip', '2024', 4, 'Đảng ủy Khối Doanh nghiệp');
      for (let i = 0; i < 4; i++) s.dossier(`al-${i}`, journey('cb-vsip-1', `2024-0${3 + i}-12`));
      const answer = s.query<Record<string, unknown>>(QUOTAS, { org: 'vsip', period: '2024', asOf: '2024-12-31' });
      expect(answer.map(({ target, targetMax, atLeast, achieved, percent, met }) => ({ target, targetMax, atLeast, achieved, percent, met }))).toEqual([
        { target: 2, targetMax: 3, atLeast: 0, achieved: 4, percent: 200, met: 1 },
        { target: 4, targetMax: null, atLeast: 0, achieved: 4, percent: 100, met: 1 },
        { target: 5, targetMax: null, atLeast: 1, achieved: 4, percent: 80, met: 0 },
      ]);
    });

    it('counts new organisations by their founding date where one was recorded, else by the day they were recorded', () => {
      s.quota('khoi-dn', '2024', 4, 'Tỉnh ủy', 'new_organizations')
        .org('cb-founded-2024', 'cell', 'vsip', '2025-02-03', '2024-11-20') // recorded in 2025, founded in 2024
        .org('cb-founded-2023', 'cell', 'vsip', '2024-03-01', '2023-12-15') // recorded in 2024, founded in 2023
        .org('cb-recorded-2024', 'cell', 'my-phuoc', '2024-05-06');
      expect(s.query(QUOTAS, { org: 'khoi-dn', period: '2024', asOf: '2025-06-30' })).toMatchObject([
        { metric: 'new_organizations', target: 4, achieved: 2, percent: 50 },
      ]);
    });

    it('counts new organisations created in the subtree during the period, not the organisation itself', () => {
      s.quota('khoi-dn', '2024', 2, 'Tỉnh ủy', 'new_organizations')
        .org('cb-vsip-3', 'cell', 'vsip', '2024-04-01')
        .org('cb-mp-2', 'cell', 'my-phuoc', '2025-01-10');
      expect(s.query(QUOTAS, { org: 'khoi-dn', period: '2024', asOf: '2025-06-30' })).toMatchObject([
        { metric: 'new_organizations', target: 2, achieved: 1, percent: 50 },
      ]);
    });
  });

  describe('terms by congress dates', () => {
    const KHOI = 'Đảng ủy Khối Doanh nghiệp';
    /** quota → [from, to, achieved] for the organisation and period, as of a day after both terms. */
    const term = (org: string, period: string, asOf = '2030-12-31') =>
      s.query<{ from: string; to: string; achieved: number; heldBy: string }>(QUOTAS, { org, period, asOf }).map((q) => [q.from, q.to, q.achieved]);
    const admitted = (cell: string, ...days: string[]) => days.forEach((day, i) => s.dossier(`${cell}-${day}-${i}`, journey(cell, day)));

    it('given the congress of 2025-2030 on 2025-08-04, when admissions are decided the day before and the day of it, then each counts in one term', () => {
      s.quota('vsip', '2020-2025', 80, KHOI).quota('vsip', '2025-2030', 90, KHOI).congress('vsip', '2025-2030', '2025-08-04');
      admitted('cb-vsip-1', '2025-08-03', '2025-08-04');
      expect(term('vsip', '2020-2025')).toEqual([['2020-01-01', '2025-08-03', 1]]);
      expect(term('vsip', '2025-2030')).toEqual([['2025-08-04', '2030-12-31', 1]]);
      // Over both terms, the admission of the congress day is counted once.
      expect(Number(term('vsip', '2020-2025')[0][2]) + Number(term('vsip', '2025-2030')[0][2])).toBe(2);
    });

    it('given the congress that opened the term, then the term begins that day: the day before belongs to the term before', () => {
      s.quota('vsip', '2020-2025', 80, KHOI).congress('vsip', '2020-2025', '2020-06-15');
      admitted('cb-vsip-2', '2020-06-14', '2020-06-15', '2024-03-12');
      expect(term('vsip', '2020-2025')).toEqual([['2020-06-15', '2025-12-31', 2]]);
    });

    it('given no congress date, then the earlier term keeps the shared year: 2025-08-04 counts for 2020-2025 only, 2025-2030 begins in 2026', () => {
      s.quota('vsip', '2020-2025', 80, KHOI).quota('vsip', '2025-2030', 90, KHOI);
      admitted('cb-vsip-1', '2025-08-04', '2026-01-01');
      expect(term('vsip', '2020-2025')).toEqual([['2020-01-01', '2025-12-31', 1]]);
      expect(term('vsip', '2025-2030')).toEqual([['2026-01-01', '2030-12-31', 1]]);
      // Until the congress is recorded, the term that is running counts the admissions of its last year.
      expect(term('vsip', '2020-2025', '2025-08-31')).toEqual([['2020-01-01', '2025-12-31', 1]]);
    });

    it('given no congress date and no quota for the term before, then a term is its calendar years from 1 January of its first', () => {
      s.quota('vsip', '2025-2030', 90, KHOI);
      admitted('cb-vsip-1', '2025-01-02');
      expect(term('vsip', '2025-2030')).toEqual([['2025-01-01', '2030-12-31', 1]]);
    });

    it('is governed by the congresses of the organisation holding the quota, not by those of its parent or another organisation', () => {
      s.quota('vsip', '2020-2025', 80, KHOI).quota('my-phuoc', '2020-2025', 50, KHOI).congress('khoi-dn', '2025-2030', '2025-10-01');
      s.congress('my-phuoc', '2025-2030', '2025-05-20');
      admitted('cb-vsip-1', '2025-08-04');
      admitted('cb-mp-1', '2025-08-04');
      expect(term('vsip', '2020-2025')).toEqual([['2020-01-01', '2025-12-31', 1]]);
      expect(term('my-phuoc', '2020-2025')).toEqual([['2020-01-01', '2025-05-19', 0]]);
    });

    it('leaves a calendar year to be the year, whatever congress was held in it', () => {
      s.quota('vsip', '2025', 20, KHOI).congress('vsip', '2025-2030', '2025-08-04');
      admitted('cb-vsip-1', '2025-08-03', '2025-08-04');
      expect(term('vsip', '2025')).toEqual([['2025-01-01', '2025-12-31', 2]]);
    });
  });

  describe('pipeline as of a date', () => {
    beforeEach(() => {
      s.dossier('p-aware', journey('cb-vsip-1', '2024-12-01', 'enrolled', ['youth_union', 'worker'])) // awarenessClass since 2024-05-05
        .dossier('p-check-old', journey('cb-vsip-2', '2024-10-01', 'applied')) // backgroundCheck since 2024-03-27
        .dossier('p-check', journey('cb-vsip-1', '2024-11-15', 'sponsors', ['youth_union'])) // backgroundCheck since 2024-05-11
        .dossier('p-new', [ev.nominated('2024-06-20', { cellId: 'cb-vsip-2' })])
        .dossier('p-admitted', journey('cb-vsip-1', '2024-06-10', 'decided'))
        .dossier('p-dropped', [ev.nominated('2024-02-01', { cellId: 'cb-vsip-1' }), ev.dropped('2024-05-01')])
        .dossier('p-later', [ev.nominated('2024-07-05', { cellId: 'cb-vsip-1' })])
        .dossier('p-elsewhere', journey('cb-mp-1', '2024-11-15', 'sponsors'));
    });

    it('counts the dossiers of the subtree whose stage covers the end of that day', () => {
      expect(byStage(s, { org: 'vsip', asOf: '2024-06-30' })).toEqual({
        nominated: 1,
        awarenessClass: 1,
        backgroundCheck: 2,
        admitted: 1,
        dropped: 1,
      });
      // The day before the admission that dossier was still in background check, and p-new was not nominated yet.
      expect(byStage(s, { org: 'vsip', asOf: '2024-06-09' })).toEqual({ awarenessClass: 1, backgroundCheck: 3, dropped: 1 });
      expect(byStage(s, { org: 'khoi-dn', asOf: '2024-06-30' }).backgroundCheck).toBe(3);
    });

    it('splits by category, a dossier counting under each of its categories', () => {
      const { byCategory } = pipelineOf(s, { org: 'vsip', asOf: '2024-06-30' });
      expect(byCategory.youth_union).toEqual({ awarenessClass: 1, backgroundCheck: 1 });
      expect(byCategory.worker.backgroundCheck).toBe(1);
    });

    it('ages each open stage from the day the dossier entered it: p50, p90 and how many exceed 90 days', () => {
      expect(agingOf(s, { org: 'vsip', asOf: '2024-06-30' })).toEqual([
        { stage: 'admitted', p50Days: 20, p90Days: 20, over90Days: 0 },
        { stage: 'awarenessClass', p50Days: 56, p90Days: 56, over90Days: 0 },
        { stage: 'backgroundCheck', p50Days: 50, p90Days: 95, over90Days: 1 },
        { stage: 'nominated', p50Days: 10, p90Days: 10, over90Days: 0 },
      ]);
    });

    it('when a dossier is transferred to another subtree, then it counts there from the transfer date and here before it', () => {
      // in background check since 2024-04-15, sponsors on 2024-05-25, then handed to Mỹ Phước
      s.dossier('p-moving', [...journey('cb-vsip-1', '2024-10-20', 'sponsors'), ev.transferred('2024-06-15', 'cb-mp-1')]);
      expect(byStage(s, { org: 'vsip', asOf: '2024-06-14' }).backgroundCheck).toBe(3);
      expect(byStage(s, { org: 'vsip', asOf: '2024-06-15' }).backgroundCheck).toBe(3 - 1);
      expect(byStage(s, { org: 'my-phuoc', asOf: '2024-06-15' }).backgroundCheck).toBe(2);
      // Its age in the stage did not restart with the new owner: 76 days since 2024-04-15, beside p-elsewhere's 50.
      expect(agingOf(s, { org: 'my-phuoc', asOf: '2024-06-30' })).toEqual([{ stage: 'backgroundCheck', p50Days: 50, p90Days: 76, over90Days: 0 }]);
    });
  });

  describe('reports', () => {
    const report = (org: string, from: string, to: string) =>
      Object.fromEntries(s.query<{ metric: string; category: string; n: number }>(REPORT, { org, from, to }).map((r) => [`${r.metric} ${r.category}`, r.n]));

    it('sums the milestones of the subtree by business date within [from, to], in total and by category', () => {
      s.dossier('r1', journey('cb-vsip-1', '2024-03-10', 'recognised', ['youth_union']))
        .dossier('r2', journey('cb-vsip-2', '2024-06-30', 'ceremony'))
        .dossier('r3', journey('cb-vsip-2', '2024-07-01', 'decided'))
        .dossier('r4', [ev.nominated('2024-01-01', { cellId: 'cb-vsip-1' }), ev.withdrawn('2024-02-01')])
        .dossier('r-mp', journey('cb-mp-1', '2024-03-10', 'decided'));
      const h1 = report('vsip', '2024-01-01', '2024-06-30');
      expect(h1).toMatchObject({ 'admitted *': 2, 'admitted youth_union': 1, 'admitted trade_union': 1, 'admitted worker': 1, 'ceremonies *': 1, 'withdrawn *': 1 });
      expect(h1['recognised *']).toBeUndefined(); // r1 is recognised in 2025
      expect(report('vsip', '2024-07-01', '2024-07-01')).toEqual({ 'admitted *': 1, 'admitted trade_union': 1, 'admitted worker': 1 });
      expect(report('khoi-dn', '2024-01-01', '2024-06-30')['admitted *']).toBe(3);
      expect(report('vsip', '2023-01-01', '2023-12-31')).toMatchObject({ 'nominated *': 3, 'enrolled *': 3, 'certified *': 3 });
    });
  });

  describe('classes in reports', () => {
    const classes = (org: string, from: string, to: string) =>
      Object.fromEntries(s.query<{ kind: string; n: number }>(REPORT_CLASSES, { org, from, to }).map((r) => [r.kind, r.n]));
    const enrolled = (cellId: string, on: string, startsOn: string): AdmissionEvent[] => [ev.nominated('2024-01-10', { cellId }), ev.enrolled(on, startsOn)];

    it('given enrolments of several cells in one class, then the report counts that class once (seed 000: 3 classes, 427 enrolled)', () => {
      s.dossier('c1', enrolled('cb-vsip-1', '2024-02-20', '2024-03-04'))
        .dossier('c2', enrolled('cb-vsip-2', '2024-02-21', '2024-03-04'))
        .dossier('c3', enrolled('cb-mp-1', '2024-02-22', '2024-03-04'))
        .dossier('c4', enrolled('cb-vsip-1', '2024-04-01', '2024-04-15'))
        .dossier('c5', enrolled('cb-vsip-1', '2024-07-01', '2024-07-22')); // registered after the half year
      expect(classes('vsip', '2024-01-01', '2024-06-30')).toEqual({ awareness: 2 });
      expect(classes('khoi-dn', '2024-01-01', '2024-06-30')).toEqual({ awareness: 2 });
      expect(classes('my-phuoc', '2024-01-01', '2024-06-30')).toEqual({ awareness: 1 });
      expect(classes('khoi-dn', '2024-01-01', '2024-12-31')).toEqual({ awareness: 3 });
    });

    it('given theory-class completions, then a class is the day it ended and the completions count under theoryCompleted', () => {
      // decided the same day: the same theory class 120 days later (2023-12-30); the third one's ends 2024-01-29
      s.dossier('t1', journey('cb-vsip-1', '2023-09-01', 'recognised'))
        .dossier('t2', journey('cb-vsip-2', '2023-09-01', 'recognised'))
        .dossier('t3', journey('cb-vsip-1', '2023-10-01', 'recognised'));
      expect(classes('vsip', '2023-12-01', '2024-02-28')).toEqual({ theory: 2 });
      expect(classes('vsip', '2023-12-01', '2023-12-31')).toEqual({ theory: 1 });
      const counts = s.query<{ metric: string; category: string; n: number }>(REPORT, { org: 'vsip', from: '2023-12-01', to: '2024-02-28' });
      expect(counts.find((r) => r.metric === 'theoryCompleted')).toEqual({ metric: 'theoryCompleted', category: '*', n: 3 });
    });
  });

  describe('restructuring', () => {
    /**
     * A district with one grassroots organisation and its cell, and a commune. The cell has two admissions of 2024, one
     * decided on 2025-08-04 (in background check until then) and one dossier in background check throughout.
     */
    beforeEach(() => {
      s.org('huyen', 'district', 'bd')
        .org('xa', 'commune', 'bd')
        .org('co-so', 'grassroots', 'huyen')
        .org('cb-1', 'cell', 'co-so')
        .quota('huyen', '2020-2025', 10, 'Tỉnh ủy')
        .quota('xa', '2020-2025', 5, 'Tỉnh ủy')
        .dossier('a-2024-1', journey('cb-1', '2024-05-10'))
        .dossier('a-2024-2', journey('cb-1', '2024-09-10'))
        .dossier('a-2025-08', journey('cb-1', '2025-08-04'))
        .dossier('waiting', journey('cb-1', '2025-12-01', 'sponsors')); // in background check from 2025-05-27
    });
    const pipeline = (org: string, asOf: string) => byStage(s, { org, asOf });
    const admitted = (org: string, from: string, to: string) =>
      s.query<{ metric: string; category: string; n: number }>(REPORT, { org, from, to }).find((r) => r.metric === 'admitted' && r.category === '*')?.n ?? 0;

    it('when the grassroots organisation moves to the commune, then counts follow from effectiveOn and earlier answers keep the old tree', () => {
      s.moved('co-so', 'xa', '2025-07-01');
      expect(pipeline('huyen', '2025-06-30')).toEqual({ backgroundCheck: 2, admitted: 2 });
      expect(pipeline('xa', '2025-06-30')).toEqual({});
      expect(pipeline('huyen', '2025-07-01')).toEqual({});
      expect(pipeline('xa', '2025-07-01')).toEqual({ backgroundCheck: 2, admitted: 2 });
      // The dossier list as of a date follows the same tree.
      const listed = (org: string, asOf: string) =>
        s.query<{ id: string }>(DOSSIER_LIST_AS_OF, { org, asOf, scope: null, today: '2025-07-01', stage: null, category: null, cursor: null, limit: 10 }).map((d) => d.id).sort();
      expect(listed('huyen', '2025-06-30')).toEqual(['a-2024-1', 'a-2024-2', 'a-2025-08', 'waiting']);
      expect(listed('huyen', '2025-07-01')).toEqual([]);
      expect(listed('xa', '2025-07-01')).toEqual(['a-2024-1', 'a-2024-2', 'a-2025-08', 'waiting']);
      // Reports: each act under the tree of its day; the province sees all of them once.
      expect(admitted('huyen', '2024-01-01', '2025-12-31')).toBe(2);
      expect(admitted('xa', '2024-01-01', '2025-12-31')).toBe(1);
      expect(admitted('bd', '2024-01-01', '2025-12-31')).toBe(3);
      // Quotas: the commune's term counts everything now under it, the grassroots organisation's past included.
      expect(s.query(QUOTAS, { org: 'xa', period: '2020-2025', asOf: '2025-12-31' })).toMatchObject([{ heldBy: 'xa', target: 5, achieved: 3, percent: 60 }]);
      expect(s.query(QUOTAS, { org: 'xa', period: '2020-2025', asOf: '2025-06-30' })).toMatchObject([{ heldBy: 'xa', achieved: 0 }]);
      expect(s.query(QUOTAS, { org: 'huyen', period: '2020-2025', asOf: '2025-06-30' })).toMatchObject([{ heldBy: 'huyen', achieved: 2, percent: 20 }]);
    });

    it('when the district is succeeded by the commune, then the commune holds its subtree and its quotas from effectiveOn', () => {
      s.succeeded('huyen', 'xa', '2025-07-01');
      expect(pipeline('xa', '2025-06-30')).toEqual({});
      expect(pipeline('xa', '2025-07-01')).toEqual({ backgroundCheck: 2, admitted: 2 });
      expect(pipeline('huyen', '2025-06-30')).toEqual({ backgroundCheck: 2, admitted: 2 });
      expect(admitted('xa', '2024-01-01', '2025-12-31')).toBe(1);
      expect(admitted('bd', '2024-01-01', '2025-12-31')).toBe(3);
      // Before the succession the commune holds only its own quota; after it, the district's too, over its whole subtree.
      expect(s.query(QUOTAS, { org: 'xa', period: '2020-2025', asOf: '2025-06-30' })).toEqual([
        { metric: 'admissions', period: '2020-2025', target: 5, targetMax: null, atLeast: 0, assignedBy: 'Tỉnh ủy', heldBy: 'xa', from: '2020-01-01', to: '2025-12-31', achieved: 0, percent: 0, met: 0 },
      ]);
      expect(s.query(QUOTAS, { org: 'xa', period: '2020-2025', asOf: '2025-12-31' })).toMatchObject([
        { heldBy: 'huyen', target: 10, achieved: 3, percent: 30 },
        { heldBy: 'xa', target: 5, achieved: 3, percent: 60 },
      ]);
    });
  });

  describe('dossier list', () => {
    beforeEach(() => {
      for (let i = 0; i < 5; i++) s.dossier(`l${i}`, journey(i === 4 ? 'cb-mp-1' : `cb-vsip-${1 + (i % 2)}`, '2024-12-01', i < 2 ? 'nominated' : 'enrolled', i === 3 ? ['youth_union'] : ['worker']));
    });
    const page = (params: Record<string, unknown>) =>
      s.query<{ id: string; cursor: number }>(DOSSIER_LIST, { org: 'vsip', asOf: '2025-01-01', stage: null, state: null, category: null, cursor: null, limit: 2, ...params });

    it('pages the subtree newest first with a cursor that stays put while dossiers move on', () => {
      const first = page({});
      expect(first).toEqual([
        { id: 'l3', cellId: 'cb-vsip-2', stage: 'awarenessClass', state: 'awarenessClass.enrolled', revision: 1, fullName: 'Nguyễn Thị Lan', nominatedOn: '2024-04-05', cursor: expect.any(Number) },
        { id: 'l2', cellId: 'cb-vsip-1', stage: 'awarenessClass', state: 'awarenessClass.enrolled', revision: 1, fullName: 'Nguyễn Thị Lan', nominatedOn: '2024-04-05', cursor: expect.any(Number) },
      ]);
      // l2 moves on between the pages: it is not seen twice, and nothing is skipped.
      s.continued('l2', journey('cb-vsip-1', '2024-12-01', 'enrolled'), [ev.certified('2024-12-15')]);
      const second = page({ cursor: first[1].cursor });
      expect(second.map((d) => d.id)).toEqual(['l1', 'l0']);
      expect(page({ cursor: second[1].cursor })).toEqual([]);
    });

    it('as of a date: the dossiers then in the subtree, with the stage and the cell of that day', () => {
      const asOf = (params: Record<string, unknown>) =>
        s.query<{ id: string; stage: string; cellId: string; state?: string; fullName: string | null; cursor: number }>(DOSSIER_LIST_AS_OF, {
          org: 'vsip', asOf: '2024-04-20', scope: null, today: '2024-12-20', stage: null, category: null, cursor: null, limit: 10, ...params,
        });
      // l3 (cb-vsip-2, enrolled on 2024-05-05) is handed to Mỹ Phước on 2024-07-01.
      s.continued('l3', journey('cb-vsip-2', '2024-12-01', 'enrolled', ['youth_union']), [ev.transferred('2024-07-01', 'cb-mp-1')]);
      expect(asOf({}).map((d) => [d.id, d.stage])).toEqual([['l3', 'nominated'], ['l2', 'nominated'], ['l1', 'nominated'], ['l0', 'nominated']]);
      expect(asOf({ asOf: '2024-04-04' })).toEqual([]); // before the nominations
      expect(asOf({ asOf: '2024-06-30', stage: 'awarenessClass' }).map((d) => [d.id, d.cellId, d.stage, d.state])).toEqual([
        ['l3', 'cb-vsip-2', 'awarenessClass', undefined],
        ['l2', 'cb-vsip-1', 'awarenessClass', undefined],
      ]);
      // l3 has left vsip since: a caller scoped to vsip sees it counted on that day, not named; the province names it.
      const names = (scope: string | null) => asOf({ asOf: '2024-06-30', stage: 'awarenessClass', scope }).map((d) => [d.id, d.fullName === null ? 'unnamed' : 'named']);
      expect(names('vsip')).toEqual([['l3', 'unnamed'], ['l2', 'named']]);
      expect(names('khoi-dn')).toEqual([['l3', 'named'], ['l2', 'named']]);
      expect(names(null)).toEqual([['l3', 'named'], ['l2', 'named']]);
      expect(asOf({ asOf: '2024-07-01' }).map((d) => d.id)).toEqual(['l2', 'l1', 'l0']);
      expect(asOf({ org: 'my-phuoc', asOf: '2024-07-01', category: 'youth_union' }).map((d) => [d.id, d.cellId])).toEqual([['l3', 'cb-mp-1']]);
      const first = asOf({ limit: 2 });
      expect(asOf({ cursor: first[1].cursor, limit: 10 }).map((d) => d.id)).toEqual(['l1', 'l0']);
    });

    it('filters by stage and by category', () => {
      expect(page({ stage: 'awarenessClass', limit: 10 }).map((d) => d.id)).toEqual(['l3', 'l2']);
      expect(page({ category: 'youth_union', limit: 10 }).map((d) => d.id)).toEqual(['l3']);
      expect(page({ org: 'khoi-dn', limit: 10 }).map((d) => d.id)).toEqual(['l4', 'l3', 'l2', 'l1', 'l0']);
    });
  });

  describe('audit', () => {
    beforeEach(() => {
      s.dossier('a1', [ev.nominated('2024-03-01', { cellId: 'cb-vsip-1' })], 'clerk-vsip')
        .dossier('a2', [ev.nominated('2024-03-02', { cellId: 'cb-mp-1' })], 'clerk-mp')
        .quota('vsip', '2024', 20, 'khoi-dn')
        .dossier('a3', [ev.nominated('2024-03-04', { cellId: 'cb-vsip-2' })], 'clerk-vsip');
    });
    const audit = (params: Record<string, unknown>) =>
      s.query<{ position: number; type: string; actor: string; orgId: string }>(AUDIT, {
        org: 'vsip', today: '2024-12-31', actor: null, accountId: null, fromInstant: null, toInstant: null, cursor: null, limit: 100, ...params,
      });

    it('lists the subtree newest first and pages by position', () => {
      const all = audit({});
      expect(all.map((e) => [e.type, e.orgId])).toEqual([
        ['CandidateNominated', 'cb-vsip-2'],
        ['QuotaAssigned', 'vsip'],
        ['CandidateNominated', 'cb-vsip-1'],
        ['OrganizationCreated', 'cb-vsip-2'],
        ['OrganizationCreated', 'cb-vsip-1'],
        ['OrganizationCreated', 'vsip'],
      ]);
      const first = audit({ limit: 2 });
      expect(audit({ limit: 2, cursor: first[1].position }).map((e) => e.type)).toEqual(['CandidateNominated', 'OrganizationCreated']);
    });

    it('filters by actor and by recording time', () => {
      expect(audit({ actor: 'clerk-vsip' }).map((e) => e.orgId)).toEqual(['cb-vsip-2', 'cb-vsip-1']);
      expect(audit({ fromInstant: '2024-03-02T00:00:00Z', toInstant: '2024-03-05T00:00:00Z' }).map((e) => e.orgId)).toEqual(['cb-vsip-2']);
      // These events name no account (recorded as by a service): an account filter finds none of them.
      expect(audit({ accountId: '00000000-0000-4000-8000-000000000001' })).toEqual([]);
    });

    it('after a restructuring, shows the successor the trail of what it now holds and the old parent what it held then', () => {
      s.org('khoi-moi', 'block', 'bd', '2025-01-01').moved('vsip', 'khoi-moi', '2025-07-01');
      const types = (org: string, today: string) => audit({ org, today }).map((e) => `${e.type} ${e.orgId}`);
      expect(types('khoi-moi', '2025-07-01')).toContain('CandidateNominated cb-vsip-1');
      expect(types('khoi-dn', '2025-07-01')).toContain('CandidateNominated cb-vsip-1');
      expect(types('khoi-moi', '2025-06-30')).not.toContain('CandidateNominated cb-vsip-1');
    });
  });
});
