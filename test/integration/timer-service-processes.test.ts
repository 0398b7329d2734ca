/**
 * The timers in real server processes (`dist/src/main.js`; `npm test` builds first) on a real Redis:
 * - killed between an append and its scheduling, the app still fires the deadline after a restart, once;
 * - Redis losing its data costs a delay, not a wake-up: the periodic sweep puts the job back;
 * - two app processes sharing one Redis and one EventStoreDB (the fake, as its own process), with the same open
 *   deadlines: each deadline recorded once, each webhook delivered once.
 * Histories are back-filled into the store by the test itself, two hours "ago", as a clerk would have done.
 */
import { BusinessDay } from '../../src/engine/clock';
import IORedis from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { businessDate, type Clock } from '../../src/engine/clock';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine } from '../../src/engine/engine';
import type { EventStore } from '../../src/engine/event-store';
import { StreamNotFoundError } from '../../src/engine/errors';
import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { jobIdFor } from '../../src/timers/bullmq/job-id';
import type { AdmissionEvent } from '../../workflows/admission';
import { built } from '../support/built';
import { redisControlSkipReason, redisSkipReason, startRedis, type TestRedis } from '../support/redis';
import { startServer, type ServerProcess } from '../support/server-process';
import { tempDir } from '../support/temp-dir';
import { startReceiver, type Receiver } from '../support/timers-receiver';
import { ev, until } from '../unit/workflows/support/events';

jest.setTimeout(60_000);

const skip = redisSkipReason() ?? redisControlSkipReason();
if (skip) console.log(skip);

const ADMIN = 'timers-admin-token-0123456789';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Two hours ago: the back-fill is long quiet when the servers look at it. */
const earlier: Clock = { now: () => new Date(Date.now() - 2 * 3600_000) };
/** Ceremony due 2024-03-14 (30 working days from 2024-01-25 across Tết), long passed. */
const ADMITTED: AdmissionEvent[] = [...until('GrassrootsCommitteeResolved'), ev.decided('2024-01-22', '2024-01-25')];
const dossierIds = (n: number) => Array.from({ length: n }, (_, i) => `5b0c6f1e-0000-4000-8000-${String(i).padStart(12, '0')}`);

async function backfill(store: EventStore, histories: Record<string, readonly AdmissionEvent[]>): Promise<void> {
  const dossiers = new Dossiers(new Engine(store, { clock: earlier }), store, new BusinessDay(earlier, 'Asia/Ho_Chi_Minh'));
  for (const [id, events] of Object.entries(histories)) {
    for (const event of events) await dossiers.record(id, event, { actor: 'clerk@cb-a', orgId: 'cb-a' });
  }
}

async function types(store: EventStore, streamId: string): Promise<string[]> {
  try {
    return (await store.readStream(streamId)).map((e) => `${e.type}${e.data.rule ? ` ${String(e.data.rule)}` : ''}`);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
}

async function eventually(check: () => Promise<boolean> | boolean, what: string, limitMs = 20_000): Promise<void> {
  for (const end = Date.now() + limitMs; !(await check()); await sleep(100)) {
    if (Date.now() > end) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
  }
}

(skip ? describe.skip : describe)('timers in server processes on a real Redis', () => {
  let redis: TestRedis;
  const servers: ServerProcess[] = [];
  const temp = tempDir();

  beforeEach(async () => (redis = await startRedis()));
  afterEach(async () => {
    for (const server of servers.splice(0)) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
    await redis?.stop();
  });
  afterAll(() => temp.remove());

  async function server(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
    const started = await startServer({ KETNAP_ADMIN_TOKEN: ADMIN, REDIS_URL: redis.url, ...env });
    servers.push(started);
    return started;
  }

  describe('on the embedded store', () => {
    let dataDir: string;
    let n = 0;
    beforeEach(() => (dataDir = join(temp.dir, `embedded-${n++}`)));
    const withStore = async <T>(work: (store: SqliteEventStore) => Promise<T>): Promise<T> => {
      const store = new SqliteEventStore(join(dataDir, 'events.db'));
      try {
        return await work(store);
      } finally {
        await store.close();
      }
    };
    const timerRecords = (id: string) => withStore((store) => types(store, `deadlines-${id}`));

    it('killed between an append and its scheduling: the deadline fires after the restart, once', async () => {
      const [id] = dossierIds(1);
      // Appended, never scheduled: the process that wrote it died before its runner or scheduler saw it.
      await withStore((store) => backfill(store, { [id]: ADMITTED }));
      const app = await server({ KETNAP_DATA_DIR: dataDir });
      await createOrgs(app);
      await eventually(async () => (await fetchHistory(app, id)).some((h) => h.type === 'DeadlineMissed'), 'the DeadlineMissed record');
      await app.stop('SIGKILL');
      await server({ KETNAP_DATA_DIR: dataDir }); // and once more: nothing new
      await sleep(1_500);
      await servers[1].stop();
      // R-T-DECIDE was met, late: already visible in the dossier, nothing to record.
      expect(await timerRecords(id)).toEqual(['DeadlineMissed R-T-CEREMONY']);
    });

    it('SIGKILLed right after recording the act that opens a passed deadline: after the restart it fires once', async () => {
      const [id] = dossierIds(1);
      await withStore((store) => backfill(store, { [id]: ADMITTED.slice(0, -1) }));
      const first = await server({ KETNAP_DATA_DIR: dataDir, KETNAP_TIMER_QUIET_MINUTES: '0' });
      await createOrgs(first);
      const { type: _type, ...decided } = ADMITTED.at(-1)!;
      const answer = await fetch(`${first.url}/api/v1/dossiers/${id}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'AdmissionDecided', ...decided }),
      });
      expect(answer.status).toBe(200);
      await first.stop('SIGKILL'); // wherever this lands: before the projection, before the schedule, or after
      const second = await server({ KETNAP_DATA_DIR: dataDir, KETNAP_TIMER_QUIET_MINUTES: '0' });
      await eventually(async () => (await fetchHistory(second, id)).some((h) => (h.data as { rule?: string }).rule === 'R-T-CEREMONY'), 'R-T-CEREMONY missed');
      await sleep(1_000);
      await second.stop();
      expect((await timerRecords(id)).filter((t) => t === 'DeadlineMissed R-T-CEREMONY')).toHaveLength(1);
    });

    it('Redis losing its data costs a delay: the periodic sweep puts the wake-up back', async () => {
      const [id] = dossierIds(1);
      const today = businessDate(new Date(), 'Asia/Ho_Chi_Minh');
      await withStore((store) => backfill(store, { [id]: [ev.nominated(today)] })); // a stall due in 90 days
      await server({ KETNAP_DATA_DIR: dataDir, KETNAP_SWEEP_SECONDS: '1' });
      const raw = new IORedis(redis.url);
      try {
        const key = `ketnap:timers:${jobIdFor(`${id}/STALL`)}`;
        await eventually(async () => (await raw.exists(key)) === 1, 'the stall wake-up in Redis');
        await raw.flushall();
        expect(await raw.exists(key)).toBe(0);
        await eventually(async () => (await raw.exists(key)) === 1, 'the wake-up put back by the sweep', 10_000);
      } finally {
        raw.disconnect();
      }
    });
  });

  describe('two app processes, one Redis, one EventStoreDB', () => {
    let fake: ChildProcess | undefined;
    let receiver: Receiver | undefined;
    afterEach(async () => {
      await receiver?.close();
      if (fake && fake.exitCode === null) fake.kill('SIGKILL');
    });

    it('each deadline is recorded once and each webhook delivered once', async () => {
      fake = spawn(process.execPath, [built('test/support/esdb-fake/main.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: fake!.stdout! }).once('line', resolve);
        fake!.once('exit', (code) => reject(new Error(`the fake exited with ${code}`)));
      });
      const url = /listening on (esdb:\/\/\S+)$/.exec(line)![1];
      const ids = dossierIds(8);
      const store = EventStoreDbStore.fromConnectionString(url);
      receiver = await startReceiver({ secret: 'cluster-secret' });
      try {
        await backfill(store, Object.fromEntries(ids.map((id) => [id, ADMITTED])));
        const env = (name: string) => ({
          KETNAP_EVENT_STORE: url,
          KETNAP_DATA_DIR: join(temp.dir, name), // each replica keeps its own read-model files
          KETNAP_WEBHOOK_URL: receiver!.url,
          KETNAP_WEBHOOK_SECRET: 'cluster-secret',
          KETNAP_SWEEP_SECONDS: '1',
        });
        const [a, b] = await Promise.all([server(env('replica-a')), server(env('replica-b'))]);
        await eventually(() => receiver!.accepted().length >= ids.length, `${ids.length} webhooks`);
        await sleep(3_000); // a few more sweeps on both replicas
        await Promise.all([a.stop(), b.stop()]);

        const keys = receiver.accepted().map((d) => String(d.headers['idempotency-key']));
        expect(keys).toHaveLength(ids.length);
        expect(new Set(keys).size).toBe(ids.length);
        expect(receiver.accepted().every((d) => d.signed)).toBe(true);
        for (const id of ids) {
          expect({ id, records: await types(store, `deadlines-${id}`) }).toEqual({ id, records: ['DeadlineMissed R-T-CEREMONY'] });
          expect({ id, reminders: await types(store, `reminders-${id}`) }).toEqual({ id, reminders: ['ReminderRaised R-T-CEREMONY', 'ReminderNotified'] });
        }
        const logs = JSON.stringify([...a.logs, ...b.logs]);
        expect(logs).not.toMatch(/Nguyễn|Trần Văn Minh|Lê Văn Hùng/); // ids only, never names
        expect([...a.logs, ...b.logs].filter((l) => l.msg === 'reminder notification')).toHaveLength(ids.length);
      } finally {
        await store.close();
      }
    });
  });
});

/**
 * The organisations the histories name, so that the admin may read the dossiers (a dossier's cell must exist), with
 * the block whose standing committee the decisions name (`decidedBy` must name the competent committee).
 */
async function createOrgs(app: ServerProcess): Promise<void> {
  const orgs = [
    { id: 'binh-duong', name: 'Tỉnh ủy Bình Dương', kind: 'province' },
    { id: 'khoi-dn', name: 'Đảng ủy Khối Doanh nghiệp', kind: 'block', parentId: 'binh-duong' },
    { id: 'vsip', name: 'Đảng bộ KCN VSIP', kind: 'grassroots', parentId: 'khoi-dn' },
    { id: 'cell-a', name: 'Chi bộ Công ty A', kind: 'cell', parentId: 'vsip' },
  ];
  for (const org of orgs) {
    const response = await fetch(`${app.url}/api/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(org),
    });
    if (response.status !== 201 && response.status !== 409 && response.status !== 422) throw new Error(`creating ${org.id}: ${response.status}`);
  }
}

async function fetchHistory(app: ServerProcess, id: string): Promise<{ type: string; source: string; data: unknown }[]> {
  const response = await fetch(`${app.url}/api/v1/dossiers/${id}/history`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return response.status === 200 ? ((await response.json()) as { type: string; source: string; data: unknown }[]) : [];
}
