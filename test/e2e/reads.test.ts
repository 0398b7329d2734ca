import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORITY, ruleSetFor, type AdmissionEventType } from '../../workflows/admission';
import { ADMIN, seedBlockTree, startTestApp, TestApp } from '../support/http-app';
import { newPerson } from '../support/people';

/**
 * Quotas, pipeline, report, dossier list and audit over HTTP, on dossiers recorded through the API: the figures
 * follow the recorded events, each query stays inside the caller's subtree, and a client reads its own writes.
 */
const V1 = '/api/v1';
const clock = { now: () => new Date('2024-12-20T03:00:00Z') };
type Step = { type: string; occurredOn: string; [field: string]: unknown };
const happyPath = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: Step[] }).events;
const [nomination, ...steps] = happyPath;
const { type: _t, ...openBody } = nomination;
const admittedAt = steps.findIndex((s) => s.type === 'AdmissionDecided');
const decidedOn = steps[admittedAt].occurredOn;

describe('read side over HTTP', () => {
  let t: TestApp;
  let clerk: string;
  let outsider: string;
  /** the block's clerk, who records the competent committee's acts (domain.md, "Who records which act") */
  let committee: string;
  const recorder = (step: Step) => (AUTHORITY[ruleSetFor(step.occurredOn)].acts[step.type as AdmissionEventType] === 'competent' ? committee : clerk);
  const cell = String(nomination.cellId);

  async function walk(upTo: number): Promise<string> {
    const { id } = (await t.as(clerk).post(`${V1}/dossiers`).send(newPerson(openBody)).expect(201)).body;
    for (const step of steps.slice(0, upTo)) await t.as(recorder(step)).post(`${V1}/dossiers/${id}/events`).send(step).expect(200);
    return id;
  }

  beforeAll(async () => {
    // The runner lingers a minute before writing a batch nobody waits for: a fresh answer must come from the
    // reads waiting for the writes acknowledged before them, not from the runner having been quick.
    t = await startTestApp({ clock, runnerLingerMs: 60_000 });
    await seedBlockTree(t, [{ id: cell, name: 'Chi bộ Công ty A', parentId: 'vsip' }]);
    clerk = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'van-thu-vsip', role: 'clerk', orgId: 'vsip' }).expect(201)).body.token;
    outsider = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'van-thu-mp', role: 'clerk', orgId: 'my-phuoc' }).expect(201)).body.token;
    committee = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'van-thu-khoi', role: 'clerk', orgId: 'khoi-dn' }).expect(201)).body.token;
    await walk(admittedAt + 1); // admitted
    await walk(admittedAt + 1); // admitted
    await walk(1); // in the awareness class
  });
  afterAll(() => t.close());

  it('quotas: several per period from different assigners, achievement over the subtree, percent with one decimal', async () => {
    const year = decidedOn.slice(0, 4);
    await t.as(ADMIN).post(`${V1}/organizations/vsip/quotas`).send({ metric: 'admissions', period: year, target: 3, assignedBy: 'Đảng ủy Khối' }).expect(201);
    const own = await t
      .as(ADMIN)
      .post(`${V1}/organizations/vsip/quotas`)
      .send({ metric: 'admissions', period: year, target: 2, targetMax: 4, assignedBy: 'Đại hội Đảng bộ' })
      .expect(201);
    expect(own.body).toMatchObject({ target: 2, targetMax: 4, achieved: 2, percent: 100 });
    const quotas = await t.as(clerk).get(`${V1}/organizations/vsip/quotas?period=${year}`).expect(200);
    expect(quotas.body.map((q: { assignedBy: string; achieved: number; percent: number }) => [q.assignedBy, q.achieved, q.percent])).toEqual(
      expect.arrayContaining([
        ['Đảng ủy Khối', 2, 66.7],
        ['Đại hội Đảng bộ', 2, 100],
      ]),
    );
  });

  it('quotas: an "at least" target is a floor, never with a maximum', async () => {
    const year = decidedOn.slice(0, 4);
    const floor = { metric: 'admissions', period: year, target: 2, atLeast: true, assignedBy: 'Ban Thường vụ Tỉnh ủy' };
    const res = await t.as(ADMIN).post(`${V1}/organizations/khoi-dn/quotas`).send(floor).expect(201);
    expect(res.body).toMatchObject({ target: 2, targetMax: null, atLeast: true, achieved: 2, percent: 100, met: true });
    const refused = await t.as(ADMIN).post(`${V1}/organizations/khoi-dn/quotas`).send({ ...floor, targetMax: 3 }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'atLeast', message: expect.any(String) }]);
  });

  it('pipeline: counts by stage and category over the subtree, and as the records stood on an earlier day', async () => {
    const now = await t.as(clerk).get(`${V1}/organizations/vsip/pipeline`).expect(200);
    expect(now.body).toMatchObject({ orgId: 'vsip', asOf: '2024-12-20' });
    expect(now.body.stages).toMatchObject({ admitted: 2, awarenessClass: 1, nominated: 0 });
    const before = await t.as(clerk).get(`${V1}/organizations/vsip/pipeline?asOf=${nomination.occurredOn}`).expect(200);
    expect(before.body.stages).toMatchObject({ nominated: 3, admitted: 0 });
    const [category] = (nomination.candidate as { categories: string[] }).categories;
    expect(now.body.byCategory[category]).toMatchObject({ admitted: 2, awarenessClass: 1 });
    expect(now.body.aging.admitted).toEqual({ p50Days: expect.any(Number), p90Days: expect.any(Number), over90Days: expect.any(Number) });
  });

  it('report: counts of acts dated within [from, to]', async () => {
    const res = await t.as(clerk).get(`${V1}/organizations/khoi-dn/report?from=2000-01-01&to=2024-12-20`).expect(404); // outside the clerk's scope
    expect(res.body.code).toBe('NOT_FOUND');
    const all = await t.as(ADMIN).get(`${V1}/organizations/khoi-dn/report?from=2000-01-01&to=2024-12-20`).expect(200);
    expect(all.body).toMatchObject({ nominated: 3, enrolled: 3, admitted: 2, ceremonies: 0, rejected: 0 });
    expect(all.body).toMatchObject({ awarenessClasses: new Set(steps.filter((x) => x.type === 'AwarenessClassEnrolled').map((x) => x.className)).size });
    const none = await t.as(ADMIN).get(`${V1}/organizations/khoi-dn/report?from=2000-01-01&to=2000-12-31`).expect(200);
    expect(none.body).toMatchObject({ nominated: 0, admitted: 0, admittedByCategory: {}, awarenessClasses: 0, theoryClasses: 0, theoryCompleted: 0 });
  });

  it('the dossier list pages newest first with a cursor, filtered by stage, inside the subtree', async () => {
    const first = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items).toHaveLength(1);
    const ids = [...first.body.items, ...second.body.items].map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(3);
    const admitted = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&stage=admitted`).expect(200);
    expect(admitted.body.items.map((d: { stage: string }) => d.stage)).toEqual(['admitted', 'admitted']);
    const enrolled = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&state=awarenessClass.enrolled`).expect(200);
    expect(enrolled.body.items.map((d: { state: string }) => d.state)).toEqual(['awarenessClass.enrolled']);
    await t.as(outsider).get(`${V1}/dossiers?orgId=vsip`).expect(404);
    expect((await t.as(outsider).get(`${V1}/dossiers?orgId=my-phuoc`).expect(200)).body.items).toEqual([]);
  });

  it('the dossier list as of a date shows who was in the subtree then, in the stage of that day', async () => {
    const then = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&asOf=${nomination.occurredOn}`).expect(200);
    expect(then.body.items.map((d: { stage: string }) => d.stage)).toEqual(['nominated', 'nominated', 'nominated']);
    const admittedThen = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&stage=admitted&asOf=${decidedOn}`).expect(200);
    expect(admittedThen.body.items).toHaveLength(2);
    const before = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&asOf=2000-01-01`).expect(200);
    expect(before.body).toEqual({ items: [], nextCursor: null });
    const mixed = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&asOf=${decidedOn}&state=admitted`).expect(400);
    expect(mixed.body.errors).toEqual([{ field: 'state', message: expect.any(String) }]);
  });

  it('organisations keep a founding date: shown, not in the future, and no move may take effect before it', async () => {
    const founded = { id: 'cb-thanh-lap', name: 'Chi bộ Công ty B', kind: 'cell', parentId: 'vsip', foundedOn: '2023-05-19' };
    const created = await t.as(ADMIN).post(`${V1}/organizations`).send(founded).expect(201);
    expect(created.body).toMatchObject({ id: 'cb-thanh-lap', foundedOn: '2023-05-19' });
    const future = await t.as(ADMIN).post(`${V1}/organizations`).send({ ...founded, id: 'cb-sau-nay', foundedOn: '2024-12-21' }).expect(422);
    expect(future.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-DATE' });
    await t.as(ADMIN).get(`${V1}/organizations/cb-sau-nay`).expect(404);
    await t.as(ADMIN).post(`${V1}/organizations`).send({ id: 'vsip-2', name: 'Đảng bộ KCN VSIP II', kind: 'grassroots', parentId: 'khoi-dn' }).expect(201);
    const early = await t.as(ADMIN).post(`${V1}/organizations/cb-thanh-lap/move`).send({ parentId: 'vsip-2', effectiveOn: '2023-05-18' }).expect(422);
    expect(early.body).toMatchObject({ rule: 'R-DATE' });
    await t.as(ADMIN).post(`${V1}/organizations/cb-thanh-lap/move`).send({ parentId: 'vsip-2', effectiveOn: '2023-05-19' }).expect(200);
  });

  it('refuses bad query parameters with field errors', async () => {
    const res = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&limit=0&colour=red`).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'limit']);
    await t.as(clerk).get(`${V1}/organizations/vsip/pipeline?asOf=2024-02-30`).expect(400);
    await t.as(clerk).get(`${V1}/organizations/vsip/report?from=2024-12-01&to=2024-01-01`).expect(400);
  });

  it('reads its own writes: the list, pipeline and audit show a step as soon as it was answered', async () => {
    const id = await walk(0);
    const before = (await t.as(clerk).get(`${V1}/organizations/vsip/pipeline`).expect(200)).body;
    await t.as(clerk).post(`${V1}/dossiers/${id}/events`).send(steps[0]).expect(200);
    const list = await t.as(clerk).get(`${V1}/dossiers?orgId=vsip&limit=1`).expect(200);
    expect(list.body.items[0]).toMatchObject({ id, stage: 'awarenessClass' });

    const after = (await t.as(clerk).get(`${V1}/organizations/vsip/pipeline`).expect(200)).body;
    expect(after.stages.awarenessClass).toBe((before.stages.awarenessClass ?? 0) + 1);
    expect(after.stages.nominated).toBe(before.stages.nominated - 1);
    const audit = await t.as(clerk).get(`${V1}/audit?orgId=vsip&limit=1`).expect(200);
    expect(audit.body.items[0]).toMatchObject({ streamId: `dossier-${id}`, type: steps[0].type });
  });

  it('the audit trail lists every recorded act newest first, by actor, inside the subtree', async () => {
    const trail = await t.as(clerk).get(`${V1}/audit?orgId=vsip&limit=5`).expect(200);
    expect(trail.body.items).toHaveLength(5);
    const positions = trail.body.items.map((a: { position: number }) => a.position);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions);
    expect(trail.body.items[0]).toMatchObject({ type: 'AwarenessClassEnrolled', actor: 'van-thu-vsip', orgId: cell, ruleSet: expect.any(String) });
    const byAdmin = await t.as(ADMIN).get(`${V1}/audit?orgId=binh-duong&actor=admin&limit=500`).expect(200);
    expect(byAdmin.body.items.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['OrganizationCreated', 'TokenIssued', 'QuotaAssigned']));
    expect(byAdmin.body.items.every((a: { actor: string }) => a.actor === 'admin')).toBe(true);
    const next = await t.as(clerk).get(`${V1}/audit?orgId=vsip&limit=5&cursor=${trail.body.nextCursor}`).expect(200);
    expect(next.body.items[0].position).toBeLessThan(positions[4]);
    await t.as(outsider).get(`${V1}/audit?orgId=vsip`).expect(404);
  });
});
