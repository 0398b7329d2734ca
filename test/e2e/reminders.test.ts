/**
 * Reminders over HTTP, in the real application on the embedded store with in-process timers: a dossier back-filled
 * in one sitting raises nothing while it is written; once it has been quiet (here: the next start, two hours later)
 * its passed ceremony deadline is recorded as missed and raises a reminder, listed in its subtree only, announced to
 * a signed webhook, escalated when days pass unacknowledged, acknowledged by a clerk, resolved when the dossier
 * moves on.
 */
import { TimerService } from '../../src/timers/timer-service';
import type { AdmissionEvent } from '../../workflows/admission';
import { ADMIN, startTestApp, type TestApp } from '../support/http-app';
import { tempDir } from '../support/temp-dir';
import { startReceiver, type Receiver } from '../support/timers-receiver';
import { ev, until } from '../unit/workflows/support/events';

const V1 = '/api/v1';
const DAY = 24 * 3600_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
jest.setTimeout(20_000);

/** Real time, moved to 2024-04-01 in Hồ Chí Minh City; a test lets days pass by moving `offset`. */
const clock = { offset: new Date('2024-04-01T03:00:00Z').getTime() - Date.now(), now: () => new Date(Date.now() + clock.offset) };

/** Decided 2024-01-22, received 2024-01-25: the ceremony was due 2024-03-14 (30 working days across Tết). */
const [nomination, ...steps]: AdmissionEvent[] = [
  ...until('GrassrootsCommitteeResolved').map((e) => (e.type === 'CandidateNominated' ? { ...e, cellId: 'cb-a' } : e)),
  ev.decided('2024-01-22', '2024-01-25'),
];

describe('reminders over HTTP', () => {
  let t: TestApp;
  let receiver: Receiver;
  let clerk: string;
  let viewer: string;
  let otherClerk: string;
  /** the block's clerk: the decision is the competent committee's act */
  let committee: string;
  let dossierId: string;

  const token = async (role: string, orgId: string) =>
    (await t.as(ADMIN).post(`${V1}/tokens`).send({ subject: `${role}@${orgId}`, role, orgId }).expect(201)).body.token as string;
  const list = async (as: string, query = '') => (await t.as(as).get(`${V1}/reminders${query}`).expect(200)).body as Record<string, unknown>[];
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (const end = Date.now() + 10_000; ; await sleep(20)) {
      const value = await read();
      if (done(value) || Date.now() > end) return value;
    }
  }

  const data = tempDir();
  const start = () =>
    startTestApp({
      clock,
      dataDir: data.dir,
      env: { KETNAP_WEBHOOK_URL: receiver.url, KETNAP_WEBHOOK_SECRET: 'e2e-secret', KETNAP_ESCALATION_DAYS: '7' },
    });

  beforeAll(async () => {
    receiver = await startReceiver({ secret: 'e2e-secret' });
    t = await start();
    const orgs = [
      { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
      { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp', kind: 'block', parentId: 'binh-duong' },
      { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'khoi-dn' },
      { id: 'cb-a', name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
      { id: 'my-phuoc', name: 'Đảng bộ KCN Mỹ Phước', kind: 'grassroots', parentId: 'khoi-dn' },
    ];
    for (const org of orgs) await t.as(ADMIN).post(`${V1}/organizations`).send(org).expect(201);
    clerk = await token('clerk', 'vsip');
    viewer = await token('viewer', 'vsip');
    otherClerk = await token('clerk', 'my-phuoc');
    committee = await token('clerk', 'khoi-dn');

    const { type: _type, ...body } = nomination;
    dossierId = (await t.as(clerk).post(`${V1}/dossiers`).send(body).expect(201)).body.id;
    for (const step of steps) await t.as(step.type === 'AdmissionDecided' ? committee : clerk).post(`${V1}/dossiers/${dossierId}/events`).send(step).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    data.remove();
  });

  it('a history back-filled in one sitting raises nothing while it is being written', async () => {
    await sleep(300);
    expect(await list(clerk)).toEqual([]);
    expect(receiver.deliveries).toEqual([]);
  });

  it('a passed ceremony deadline is recorded in the history and raises a reminder in its subtree', async () => {
    await t.close();
    clock.offset += 2 * 3600_000; // the next start, after the quiet hour
    t = await start();
    const open = await eventually(() => list(clerk, '?status=open'), (items) => items.length > 0);
    expect(open).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        dossierId,
        kind: 'deadline-missed',
        rule: 'R-T-CEREMONY',
        dueOn: '2024-03-14',
        raisedAt: expect.stringMatching(/^2024-04-01T05:/),
        status: 'open',
        escalationLevel: 0,
        targetOrgId: 'cb-a',
      },
    ]);
    const history = (await t.as(viewer).get(`${V1}/dossiers/${dossierId}/history`).expect(200)).body as Record<string, unknown>[];
    expect(history.filter((h) => h.source === 'timer')).toEqual([
      expect.objectContaining({ type: 'DeadlineMissed', occurredOn: '2024-03-15', actor: 'timer-service', data: { dossierId, rule: 'R-T-CEREMONY', dueOn: '2024-03-14' } }),
    ]);
    expect(await list(ADMIN, '?orgId=khoi-dn')).toHaveLength(1);
    await t.as(viewer).get(`${V1}/reminders?orgId=khoi-dn`).expect(404); // above the viewer's own scope
  });

  it('is announced once to the webhook, signed, with ids and no names', async () => {
    const accepted = await eventually(async () => receiver.accepted(), (d) => d.length > 0);
    expect(accepted).toHaveLength(1);
    expect(accepted[0].signed).toBe(true);
    expect(accepted[0].body).not.toMatch(/Nguyễn|Trần|Võ/);
    expect(JSON.parse(accepted[0].body)).toMatchObject({ dossierId, rule: 'R-T-CEREMONY', escalationLevel: 0 });
  });

  it('outside the subtree it does not exist', async () => {
    const [reminder] = await list(clerk);
    expect(await list(otherClerk)).toEqual([]);
    await t.as(otherClerk).get(`${V1}/reminders?orgId=vsip`).expect(404);
    await t.as(otherClerk).post(`${V1}/reminders/${reminder.id}/acknowledge`).expect(404);
    await t.as(clerk).post(`${V1}/reminders/00000000-0000-4000-8000-000000000000/acknowledge`).expect(404);
  });

  it('refuses a viewer and a bad query', async () => {
    const [reminder] = await list(clerk);
    expect((await t.as(viewer).post(`${V1}/reminders/${reminder.id}/acknowledge`).expect(403)).body.code).toBe('FORBIDDEN');
    const bad = await t.as(clerk).get(`${V1}/reminders?status=late&colour=red`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('escalates to the grassroots committee after 7 days unacknowledged; a clerk acknowledges it', async () => {
    const service = t.app.get(TimerService);
    clock.offset += 8 * DAY;
    await service.sweep();
    const [escalated] = await eventually(() => list(clerk), ([r]) => r?.escalationLevel === 1);
    expect(escalated).toMatchObject({ status: 'open', escalationLevel: 1, targetOrgId: 'vsip' });

    const acknowledged = await t.as(clerk).post(`${V1}/reminders/${escalated.id}/acknowledge`).expect(200);
    expect(acknowledged.body).toMatchObject({ id: escalated.id, status: 'acknowledged', escalationLevel: 1 });
    expect(await list(clerk, '?status=acknowledged')).toEqual([expect.objectContaining({ id: escalated.id })]);
    await t.as(clerk).post(`${V1}/reminders/${escalated.id}/acknowledge`).expect(200); // again: a no-op
    clock.offset += 30 * DAY;
    await service.sweep();
    expect(await list(clerk, '?status=acknowledged')).toEqual([expect.objectContaining({ escalationLevel: 1 })]);
  });

  it('is resolved when the dossier moves on', async () => {
    await t.as(clerk).post(`${V1}/dossiers/${dossierId}/events`).send(ev.withdrawn('2024-04-02')).expect(200);
    const resolved = await eventually(() => list(clerk, '?status=resolved'), (items) => items.length > 0);
    expect(resolved).toEqual([expect.objectContaining({ dossierId, status: 'resolved' })]);
    const refused = await t.as(clerk).post(`${V1}/reminders/${resolved[0].id}/acknowledge`).expect(422);
    expect(refused.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });
});
