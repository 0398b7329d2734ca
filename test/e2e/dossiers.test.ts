import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORITY, ruleSetFor, type AdmissionEventType } from '../../workflows/admission';
import { ADMIN, seedBlockTree, startTestApp, TestApp } from '../support/http-app';
import { newPerson } from '../support/people';

/**
 * One candidate from nomination to official over HTTP, and every way a request can be refused — each refusal
 * leaving the dossier's revision where it was.
 */
const V1 = '/api/v1';
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };
type FixtureEvent = { type: string; occurredOn: string; [field: string]: unknown };
const happyPath = (JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'happy-path.json'), 'utf8')) as { events: FixtureEvent[] })
  .events;
const [nomination, ...steps] = happyPath;
const { type: _type, ...nominationOf } = nomination;

describe('dossiers over HTTP', () => {
  let t: TestApp;
  let clerk: string;
  let viewer: string;
  let otherClerk: string;
  let committee: string;

  const token = async (role: string, orgId: string) =>
    (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `${role}@${orgId}`, role, orgId }).expect(201)).body.token as string;

  beforeAll(async () => {
    t = await startTestApp({ clock });
    await seedBlockTree(t, [
      { id: String(nomination.cellId), name: 'Chi bộ Công ty A', parentId: 'vsip' },
      { id: 'cb-mp', name: 'Chi bộ Công ty B', parentId: 'my-phuoc' },
    ]);
    clerk = await token('clerk', 'vsip');
    viewer = await token('viewer', 'vsip');
    otherClerk = await token('clerk', 'my-phuoc');
    committee = await token('clerk', 'khoi-dn');
  });
  afterAll(() => t.close());

  async function open(): Promise<{ id: string; revision: number }> {
    const res = await t.as(clerk).post(`${V1}/dossiers`).send(newPerson(nominationOf)).expect(201);
    expect(res.headers.etag).toBe('"0"');
    return res.body;
  }
  const revisionOf = async (id: string) => (await t.as(clerk).get(`${V1}/dossiers/${id}`).expect(200)).body.revision as number;

  it('walks a candidate from nomination to official member', async () => {
    const opened = await open();
    expect(opened).toMatchObject({ stage: 'nominated', revision: 0 });
    let etag = '"0"';
    // The grassroots clerk records the cell's and the grassroots' acts; the block's clerk the competent committee's.
    const recorder = (step: FixtureEvent) => (AUTHORITY[ruleSetFor(step.occurredOn)].acts[step.type as AdmissionEventType] === 'competent' ? committee : clerk);
    for (const step of steps) {
      const res = await t.as(recorder(step)).post(`${V1}/dossiers/${opened.id}/events`).set('If-Match', etag).send(step);
      expect({ step: step.type, status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ step: step.type, status: 200, body: 'ok' });
      etag = res.headers.etag;
    }
    const detail = await t.as(viewer).get(`${V1}/dossiers/${opened.id}`).expect(200);
    expect(detail.headers.etag).toBe(`"${steps.length}"`);
    expect(detail.body).toMatchObject({ id: opened.id, stage: 'official', state: 'official', revision: steps.length, cellId: nomination.cellId });
    expect(detail.body.dates.officialFrom).toBe(detail.body.dates.probationEndsOn);
    expect(detail.body.allowed).toEqual([]);

    const history = await t.as(viewer).get(`${V1}/dossiers/${opened.id}/history`).expect(200);
    expect(history.body.map((h: { revision: number }) => h.revision)).toEqual([...Array(happyPath.length).keys()]);
    expect(history.body[0]).toMatchObject({ source: 'dossier', type: 'CandidateNominated', stageBefore: null, stageAfter: 'nominated', actor: 'clerk@vsip' });
    expect(history.body.at(-1)).toMatchObject({ type: 'OfficialMembershipRecognized', stageBefore: 'probationary', stageAfter: 'official' });
    expect(history.body.every((h: { ruleSet: string }) => /^R20(21|25a|25b)$/.test(h.ruleSet))).toBe(true);
  });

  it('opening with a client-chosen id is idempotent', async () => {
    const id = '6f1c0f3e-2b7a-4d59-9a43-0d6d1e9d2a11';
    const nominationBody = newPerson(nominationOf);
    const first = await t.as(clerk).post(`${V1}/dossiers`).send({ id, ...nominationBody }).expect(201);
    const again = await t.as(clerk).post(`${V1}/dossiers`).send({ id, ...nominationBody }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await revisionOf(id)).toBe(0);
  });

  it('an id taken outside the caller\'s scope answers as an id used for another request, never with that dossier', async () => {
    const id = '6f1c0f3e-2b7a-4d59-9a43-0d6d1e9d2a12';
    const nominationBody = newPerson(nominationOf);
    await t.as(clerk).post(`${V1}/dossiers`).send({ id, ...nominationBody }).expect(201);
    const mine = await t.as(clerk).post(`${V1}/dossiers`).send({ id, ...nominationBody, occurredOn: '2023-01-03' }).expect(422);
    // another grassroots organisation's clerk gets the same answer; the very body that opened it names a cell not theirs
    const foreign = await t.as(otherClerk).post(`${V1}/dossiers`).send({ id, ...nominationBody, cellId: 'cb-mp' }).expect(422);
    const sameBody = await t.as(otherClerk).post(`${V1}/dossiers`).send({ id, ...nominationBody }).expect(404); // its cell is not theirs
    expect(foreign.body).toEqual(mine.body);
    expect(sameBody.body.code).toBe('NOT_FOUND');
    expect(await revisionOf(id)).toBe(0);
  });

  describe('refusals change nothing', () => {
    let id: string;
    beforeEach(async () => {
      id = (await open()).id;
    });
    afterEach(async () => {
      expect(await revisionOf(id)).toBe(0);
    });
    const post = (body: unknown, as = clerk) => t.as(as).post(`${V1}/dossiers/${id}/events`).send(body as object);
    const fieldsOf = (res: { body: { errors: { field: string }[] } }) => res.body.errors.map((e) => e.field);

    it('400 for a missing field', async () => {
      const res = await post({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', startsOn: '2023-03-01' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(res)).toContain('className');
    });

    it('400 for a wrong type', async () => {
      const res = await post({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: 42, startsOn: '2023-03-01' }).expect(400);
      expect(fieldsOf(res)).toContain('className');
    });

    it('400 for an unknown field (refused, not stripped)', async () => {
      const res = await post({ type: 'ApplicationSubmitted', occurredOn: '2023-03-01', approvedBy: 'someone' }).expect(400);
      expect(fieldsOf(res)).toContain('approvedBy');
    });

    it('400 for a date that does not exist', async () => {
      const res = await post({ type: 'AwarenessClassEnrolled', occurredOn: '2025-02-30', className: 'K1', startsOn: '2025-02-28' }).expect(400);
      expect(fieldsOf(res)).toContain('occurredOn');
    });

    it('400 for a __proto__ key', async () => {
      const res = await t
        .as(clerk)
        .post(`${V1}/dossiers/${id}/events`)
        .set('Content-Type', 'application/json')
        .send('{"type":"ApplicationSubmitted","occurredOn":"2023-03-01","__proto__":{"admin":true}}')
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('401 without a token', async () => {
      const res = await t.http().post(`${V1}/dossiers/${id}/events`).send({ type: 'ApplicationSubmitted', occurredOn: '2023-03-01' }).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it('404 outside the caller’s subtree, for reads and for writes', async () => {
      expect((await t.as(otherClerk).get(`${V1}/dossiers/${id}`).expect(404)).body.code).toBe('NOT_FOUND');
      await t.as(otherClerk).get(`${V1}/dossiers/${id}/history`).expect(404);
      await post({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: 'K1', startsOn: '2023-03-01' }, otherClerk).expect(404);
    });

    it('403 for a viewer writing', async () => {
      const res = await post({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: 'K1', startsOn: '2023-03-01' }, viewer).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('412 for a stale If-Match', async () => {
      const res = await t
        .as(clerk)
        .post(`${V1}/dossiers/${id}/events`)
        .set('If-Match', '"7"')
        .send({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: 'K1', startsOn: '2023-03-01' })
        .expect(412);
      expect(res.body.code).toBe('REVISION_CONFLICT');
    });

    it('413 for a body over 256 KiB', async () => {
      const res = await post({ type: 'CandidateDropped', occurredOn: '2023-03-01', reason: 'x'.repeat(300 * 1024) }).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('415 for a body that is not JSON', async () => {
      const res = await t.as(clerk).post(`${V1}/dossiers/${id}/events`).set('Content-Type', 'text/plain').send('ApplicationSubmitted').expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('422 for a step the state does not allow, listing what is', async () => {
      const res = await post({ type: 'AdmissionCeremonyHeld', occurredOn: '2023-03-01' }).expect(422);
      expect(res.body).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', allowed: expect.arrayContaining(['AwarenessClassEnrolled']) });
    });

    it('422 for a broken rule, with the rule and a Vietnamese detail', async () => {
      const res = await post({ type: 'AwarenessClassEnrolled', occurredOn: '2000-01-03', className: 'K1', startsOn: '2000-01-03' }).expect(422);
      expect(res.body).toMatchObject({ code: 'RULE_VIOLATION', rule: 'R-DATE', reason: 'BEFORE_PREVIOUS_EVENT', detail: expect.any(String), detailVi: expect.any(String) });
    });

    it('422 for an idempotency key reused with another body; the same body replays the first answer', async () => {
      const body = { type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: 'K1', startsOn: '2023-03-01' };
      const first = await t.as(clerk).post(`${V1}/dossiers/${id}/events`).set('Idempotency-Key', 'k-1').send(body).expect(200);
      const replay = await t.as(clerk).post(`${V1}/dossiers/${id}/events`).set('Idempotency-Key', 'k-1').send(body).expect(200);
      expect(replay.body).toEqual(first.body);
      const reused = await t
        .as(clerk)
        .post(`${V1}/dossiers/${id}/events`)
        .set('Idempotency-Key', 'k-1')
        .send({ ...body, className: 'K2' })
        .expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      // This case did record one event (the first request): take it back out of the invariant of afterEach.
      expect(await revisionOf(id)).toBe(1);
      id = (await open()).id;
    });
  });

  it('of 50 parallel conflicting steps with the same If-Match exactly one lands; the history has no gap', async () => {
    const { id } = await open();
    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .as(clerk)
          .post(`${V1}/dossiers/${id}/events`)
          .set('If-Match', '"0"')
          .send({ type: 'AwarenessClassEnrolled', occurredOn: '2023-03-01', className: `K${i}`, startsOn: '2023-03-01' }),
      ),
    );
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(49);
    const history = await t.as(clerk).get(`${V1}/dossiers/${id}/history`).expect(200);
    expect(history.body.map((h: { revision: number }) => h.revision)).toEqual([0, 1]);
  });
});
