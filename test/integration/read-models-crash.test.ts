import { BusinessDay } from '../../src/engine/clock';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdmissionEvent } from '../../workflows/admission';
import { Dossiers } from '../../src/engine/dossiers';
import { Engine, StreamType } from '../../src/engine/engine';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-models/projection-runner';
import { ALL_PROJECTIONS } from '../../src/read-models/projections';
import { ReadModelDb } from '../../src/read-models/read-model-db';
import { built } from '../support/built';
import { tempDir } from '../support/temp-dir';

/**
 * The read models survive SIGKILL: the runner is killed at random moments while it rebuilds from zero and while it
 * follows live appends, 60 times in all; after each restart it resumes from its checkpoint. At the end its file must
 * hold exactly what a clean rebuild holds (same content hash) — nothing lost, nothing applied twice.
 */
const KILLS_DURING_REBUILD = 30;
const KILLS_DURING_LIVE = 30;
const FIXTURES = join(__dirname, '..', 'fixtures', 'histories');
const histories = ['happy-path', 'transferred', 'rejected', 'dropped-by-cell', 'decision-deadline-extended', 're-enrolment-after-lapsed-certificate'].map(
  (name) => (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { events: AdmissionEvent[] }).events,
);
const clock = { now: () => new Date('2026-11-20T03:00:00Z') };
const counter: StreamType<number> = { name: 'organization', evolve: (n) => (n ?? 0) + 1 };

/** Runs the child until it prints a line matching `until` (or a random delay passes), then SIGKILLs it. */
function runChild(dataDir: string, killAfterMs: () => number, until?: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [built('test/support/runner-child.js'), dataDir, '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let buffer = '';
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line === 'ready' && !until) timer = setTimeout(kill, killAfterMs());
        if (until?.test(line)) timer = setTimeout(kill, killAfterMs());
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`runner child exited with ${code}: ${stderr}`));
    });
  });
}

describe('read models under SIGKILL', () => {
  const temp = tempDir();
  let store: SqliteEventStore;
  let dossiers: Dossiers;
  let engine: Engine;
  let opened = 0;

  async function record(count: number): Promise<void> {
    for (let i = 0; i < count; i++, opened++) {
      for (const event of histories[opened % histories.length]) await dossiers.record(`00000000-0000-4000-8000-${String(opened).padStart(12, '0')}`, event, { actor: 'clerk', orgId: 'cell-a' });
    }
  }

  beforeAll(async () => {
    store = new SqliteEventStore(join(temp.dir, 'events.db'));
    engine = new Engine(store, { clock });
    dossiers = new Dossiers(engine, store, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
    const orgs = [
      { id: 'tinh', kind: 'province' },
      { id: 'co-so', kind: 'grassroots', parentId: 'tinh' },
      { id: 'cell-a', kind: 'cell', parentId: 'co-so' },
      { id: 'cell-b', kind: 'cell', parentId: 'co-so' },
      { id: 'cell-c', kind: 'cell', parentId: 'co-so' },
    ];
    for (const org of orgs) {
      await engine.execute(counter, `organization-${org.id}`, { actor: 'admin', orgId: org.id }, () => [
        { type: 'OrganizationCreated', data: { ...org, name: org.id, authorisedToAdmit: false }, occurredOn: '2020-01-01' },
      ]);
    }
    await record(240);
  }, 120_000);
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  it(`resumes to exactly a clean rebuild after ${KILLS_DURING_REBUILD + KILLS_DURING_LIVE} kills`, async () => {
    // While rebuilding from zero: kills land anywhere in the catch-up.
    let lastCatchUp = 0;
    for (let i = 0; i < KILLS_DURING_REBUILD; i++) {
      const lines = await runChild(temp.dir, () => Math.random() * 400);
      if (lines.some((l) => l.startsWith('caught-up'))) lastCatchUp = i;
    }
    // While following live appends made by this process.
    for (let i = 0; i < KILLS_DURING_LIVE; i++) {
      const running = runChild(temp.dir, () => 20 + Math.random() * 120, /^caught-up/);
      await record(3);
      await running;
    }
    // A last run to the end of the log.
    const head = await store.headPosition();
    const final = await runChild(temp.dir, () => 0, new RegExp(`^(caught-up|at) ${head}\\b`));
    expect(final.some((l) => l.startsWith(`caught-up ${head}`) || l === `at ${head}`)).toBe(true);

    const resumed = new ReadModelDb(join(temp.dir, 'read-models.db'), ALL_PROJECTIONS);
    const clean = new ReadModelDb(join(temp.dir, 'clean.db'), ALL_PROJECTIONS);
    await new ProjectionRunner(store, clean).catchUp();
    expect(resumed.checkpoint('dossiers')).toBe(head);
    expect(resumed.contentHash()).toBe(clean.contentHash());
    const count = (db: ReadModelDb) => (db.db.prepare('SELECT count(*) AS n FROM dossier_summary').get() as { n: number }).n;
    expect(count(resumed)).toBe(opened);
    resumed.close();
    clean.close();
    expect(lastCatchUp).toBeLessThan(KILLS_DURING_REBUILD); // (informative: some runs got to the end before their kill)
  }, 300_000);
});
