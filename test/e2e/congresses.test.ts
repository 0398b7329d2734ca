import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORITY, ruleSetFor, type AdmissionEventType } from '../../workflows/admission';
import { addDays } from '../../workflows/calendar';
import { ADMIN, seedBlockTree, startTestApp, TestApp } from '../support/http-app';
import { newPerson } from '../support/people';

/**
 * Terms by congress dates over HTTP (issue #16, item 2): an organisation's congress is recorded with
 * `POST /organizations/{id}/congresses`, and from then its term quotas count from that day, the term before up to the
 * day before; without it, the term that is running keeps its last calendar year.
 */
const V1 = '/api/v1';
const clock = { now: () => new Date('2025-09-01T03:00:00Z') };
type Step = { type: string; occurredOn: string; [field: string]: unknown };
const happyPath = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: Step[] }).events;
const admittedAt = happyPath.findIndex((s) => s.type === 'AdmissionDecided');
/** The happy path up to its admission decision, its days moved by whole weeks (working days stay working days). */
const shifted = (days: number): Step[] =>
  happyPath
    .slice(0, admittedAt + 1)
    .map((step) => Object.fromEntries(Object.entries(step).map(([k, v]) => [k, typeof v === 'string' && ISO_DAY.test(v) ? addDays(v, days) : v])) as Step);
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Decided on 2025-07-29 and on 2025-08-05 (the happy path decides on 2023-09-05). */
const [BEFORE, ON_THE_DAY] = [shifted(693), shifted(700)];
const CONGRESS_DAY = '2025-08-05';

type QuotaAnswer = { period: string; from: string; to: string; achieved: number };

describe('congresses and term quotas over HTTP', () => {
  let t: TestApp;
  let clerk: string;
  let committee: string;
  const cell = String(happyPath[0].cellId);

  async function admit(history: Step[]): Promise<void> {
    const [{ type: _t, ...open }, ...steps] = history;
    const { id } = (await t.as(clerk).post(`${V1}/dossiers`).send(newPerson(open)).expect(201)).body;
    for (const step of steps) {
      const recorder = AUTHORITY[ruleSetFor(step.occurredOn)].acts[step.type as AdmissionEventType] === 'competent' ? committee : clerk;
      const res = await t.as(recorder).post(`${V1}/dossiers/${id}/events`).send(step);
      if (res.status !== 200) throw new Error(`${step.type} ${step.occurredOn}: ${JSON.stringify(res.body)}`);
    }
  }
  const terms = async (): Promise<[string, string, string, number][]> =>
    ((await t.as(clerk).get(`${V1}/organizations/vsip/quotas`).expect(200)).body as QuotaAnswer[])
      .filter((q) => q.period.includes('-'))
      .map((q) => [q.period, q.from, q.to, q.achieved]);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await seedBlockTree(t, [{ id: cell, name: 'Chi bộ Công ty A', parentId: 'vsip' }]);
    clerk = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'van-thu-vsip', role: 'clerk', orgId: 'vsip' }).expect(201)).body.token;
    committee = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'van-thu-khoi', role: 'clerk', orgId: 'khoi-dn' }).expect(201)).body.token;
    await admit(BEFORE);
    await admit(ON_THE_DAY);
    for (const period of ['2020-2025', '2025-2030']) {
      await t.as(ADMIN).post(`${V1}/organizations/vsip/quotas`).send({ metric: 'admissions', period, target: 80, assignedBy: 'Đảng ủy Khối' }).expect(201);
    }
  }, 60_000);
  afterAll(() => t.close());

  it('given no congress recorded, then the running term keeps its last year and the next begins on 1 January after it', async () => {
    expect(await terms()).toEqual([
      ['2020-2025', '2020-01-01', '2025-12-31', 2],
      ['2025-2030', '2026-01-01', '2030-12-31', 0],
    ]);
  });

  it('when the congress of 2025-2030 is recorded, then the admission of its day counts in 2025-2030 and that of the week before in 2020-2025', async () => {
    const res = await t.as(ADMIN).post(`${V1}/organizations/vsip/congresses`).send({ term: '2025-2030', openedOn: CONGRESS_DAY }).expect(201);
    expect(res.body).toEqual({ orgId: 'vsip', congresses: [{ term: '2025-2030', openedOn: CONGRESS_DAY }] });
    expect(await terms()).toEqual([
      ['2020-2025', '2020-01-01', '2025-08-04', 1],
      ['2025-2030', CONGRESS_DAY, '2030-12-31', 1],
    ]);
    expect((await t.as(clerk).get(`${V1}/organizations/vsip/congresses`).expect(200)).body.congresses).toEqual([{ term: '2025-2030', openedOn: CONGRESS_DAY }]);
    // An act on the organisation's stream like any other: in its audit trail, by whom and for which organisation.
    const audit = (await t.as(ADMIN).get(`${V1}/audit?orgId=vsip&limit=1`).expect(200)).body.items;
    expect(audit).toMatchObject([{ type: 'CongressHeld', streamId: 'organization-vsip', orgId: 'vsip', accountId: 'bootstrap' }]);
  });

  it('refuses a second opening of a term, years that do not match and a day in the future: 422 RULE_VIOLATION with detailVi, nothing recorded', async () => {
    const refused = async (body: object, rule: string, org = 'vsip') => {
      const res = await t.as(ADMIN).post(`${V1}/organizations/${org}/congresses`).send(body).expect(422);
      expect(res.body).toMatchObject({ code: 'RULE_VIOLATION', rule, detailVi: expect.stringMatching(/Đại hội|Ngày đại hội/) });
    };
    await refused({ term: '2025-2030', openedOn: '2025-08-20' }, 'R-ORG-TERM');
    await refused({ term: '2025-2030', openedOn: '2024-12-20' }, 'R-ORG-TERM');
    await refused({ term: '2020-2026', openedOn: '2020-06-15' }, 'R-ORG-TERM');
    await refused({ term: '2025-2030', openedOn: '2025-09-02' }, 'R-DATE', 'my-phuoc');
    expect((await t.as(ADMIN).get(`${V1}/organizations/my-phuoc/congresses`).expect(200)).body.congresses).toEqual([]);
    expect((await t.as(clerk).get(`${V1}/organizations/vsip/congresses`).expect(200)).body.congresses).toHaveLength(1);
  });

  it('an admin in scope records it; a clerk is refused (403), an admin elsewhere sees nothing there (404), a malformed body is 400', async () => {
    const elsewhere = (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: 'admin-mp', role: 'admin', orgId: 'my-phuoc' }).expect(201)).body.token;
    const body = { term: '2020-2025', openedOn: '2020-06-15' };
    expect((await t.as(clerk).post(`${V1}/organizations/vsip/congresses`).send(body).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.as(elsewhere).post(`${V1}/organizations/vsip/congresses`).send(body).expect(404)).body.code).toBe('NOT_FOUND');
    await t.as(ADMIN).post(`${V1}/organizations/vsip/congresses`).send({ term: '2025', openedOn: '2025-08-05' }).expect(400);
    await t.as(ADMIN).post(`${V1}/organizations/vsip/congresses`).send({ ...body, note: 'x' }).expect(400);
    await t.as(elsewhere).post(`${V1}/organizations/my-phuoc/congresses`).send(body).expect(201);
    // The congress of 2020 moves the start of VSIP's term only once VSIP's own is recorded, not Mỹ Phước's.
    expect((await terms())[0]).toEqual(['2020-2025', '2020-01-01', '2025-08-04', 1]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths['/api/v1/organizations/{id}/congresses'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(JSON.stringify(doc.components.schemas.CongressDto)).toContain('2025-2030');
    expect(JSON.stringify(doc.paths['/api/v1/organizations/{id}/quotas'].get.responses)).toContain('from');
  });
});
