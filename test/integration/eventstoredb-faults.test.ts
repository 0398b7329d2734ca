import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { NewEvent } from '../../src/engine/event-store';
import { RevisionConflictError, StoreUnavailableError } from '../../src/engine/errors';
import { EventStoreDbStore } from '../../src/event-store/eventstoredb/eventstoredb-store';
import { codeOf, newEvent } from '../contracts/event-store.contract';
import { AppendFault, EsdbFake, EsdbFakeOptions } from '../support/esdb-fake/esdb-fake';

const PATHS = [
  { path: 'Append', batchAppend: false },
  { path: 'BatchAppend', batchAppend: true },
] as const;

let fake: EsdbFake;
let store: EventStoreDbStore;

async function open(options: EsdbFakeOptions): Promise<void> {
  fake = await EsdbFake.start(options);
  // Short pauses between retries keep the tests fast; the count is the production default.
  store = EventStoreDbStore.fromConnectionString(fake.connectionString, { retryDelayMs: 20 });
}

afterEach(async () => {
  await store?.close();
  await fake?.stop();
});

/** The number of append requests the fake received on the path in use. */
function appendRequests(): number {
  return fake.calls.append + fake.calls.batchAppendWrites;
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

function idsIn(streamId: string): string[] {
  return fake.userRecords().filter((r) => r.streamId === streamId).map((r) => r.id);
}

describe.each(PATHS)('EventStoreDB adapter faults, $path path', ({ batchAppend }) => {
  describe('server down', () => {
    it('append, reads and ping fail with STORE_UNAVAILABLE, and work again once the server is back', async () => {
      await open({ batchAppend });
      await store.append('s', [newEvent()], 'no_stream');
      await fake.stop();

      for (const attempt of [
        () => store.append('s', [newEvent()], 0),
        () => store.readStream('s'),
        () => store.readAll(),
        () => store.ping(),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as StoreUnavailableError).code).toBe('STORE_UNAVAILABLE');
      }

      await fake.start();
      expect((await store.append('s', [newEvent()], 0)).nextRevision).toBe(1);
      expect(await store.readStream('s')).toHaveLength(2);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('a store that never reached the server reports STORE_UNAVAILABLE', async () => {
      await open({ batchAppend });
      await fake.stop();
      expect(await codeOf(store.append('s', [newEvent()], 'no_stream'))).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.readStream('s'))).toBe('STORE_UNAVAILABLE');
      expect(await codeOf(store.ping())).toBe('STORE_UNAVAILABLE');
    });

    it('a live subscription fails with STORE_UNAVAILABLE when the server goes away', async () => {
      await open({ batchAppend });
      await store.append('s', [newEvent('E1')], 'no_stream');
      const subscription = store.subscribeToAll();
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ type: 'E1' });
      const waiting = iterator.next();
      await fake.stop();
      expect(await codeOf(waiting)).toBe('STORE_UNAVAILABLE');
      await subscription.close();
    });
  });

  describe('an append whose answer is lost is retried with the same ids', () => {
    const cases: { expected: 'no_stream' | 'any' | 0; fault: AppendFault }[] = [
      { expected: 'no_stream', fault: 'unavailable' },
      { expected: 0, fault: 'unavailable' },
      { expected: 'any', fault: 'unavailable' },
      { expected: 0, fault: 'drop-connection' },
    ];

    it.each(cases)('expected $expected, $fault: the events are in the stream exactly once', async ({ expected, fault }) => {
      await open({ batchAppend });
      if (expected !== 'no_stream') await store.append('s', [newEvent('Before')], 'no_stream');
      const before = appendRequests();
      const events = [newEvent('A'), newEvent('B')];

      fake.failNextAppendAfterCommit(fault);
      const result = await store.append('s', events, expected);

      const stored = await store.readStream('s');
      expect(stored.filter((e) => events.some((n) => n.id === e.id))).toHaveLength(2);
      expect(idsIn('s').slice(-2)).toEqual(events.map((e) => e.id));
      expect(result).toEqual({ nextRevision: stored.length - 1, position: stored[stored.length - 1].position });
      // sent again with the same ids; an `any` append first looks its events up by id and finds them
      expect(appendRequests() - before).toBe(expected === 'any' ? 1 : 2);
    });

    it('a retry refused as a conflict is a success when its events are already there', async () => {
      // A server that does not recognise the repeat (here: idempotency off) answers it with WrongExpectedVersion.
      await open({ batchAppend, idempotency: false });
      await store.append('s', [newEvent('Before')], 'no_stream');
      const events = [newEvent('A'), newEvent('B')];

      fake.failNextAppendAfterCommit();
      const result = await store.append('s', events, 0);

      expect(idsIn('s')).toHaveLength(3);
      expect(idsIn('s').slice(1)).toEqual(events.map((e) => e.id));
      const last = (await store.readStream('s'))[2];
      expect(result).toEqual({ nextRevision: 2, position: last.position });
    });

    it('an `any` retry finds its events by id before sending them again', async () => {
      await open({ batchAppend, idempotency: false });
      await store.append('s', [newEvent('Before')], 'no_stream');
      const events = [newEvent('A')];

      fake.failNextAppendAfterCommit();
      const result = await store.append('s', events, 'any');

      expect(idsIn('s')).toEqual([expect.any(String), events[0].id]);
      expect(result.nextRevision).toBe(1);
    });

    it('a retry refused as a conflict stays a conflict when another writer got there first', async () => {
      await open({ batchAppend });
      await store.append('s', [newEvent('Before')], 'no_stream');
      const other: NewEvent = newEvent('Other');
      fake.failNextAppendBeforeCommit(() => {
        fake.log.append(
          's',
          [{ id: other.id, type: other.type, contentType: 'application/json', data: json({}), metadata: json({}) }],
          { kind: 'any' },
        );
      });

      const error = await store.append('s', [newEvent('Mine')], 0).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RevisionConflictError);
      expect(error).toMatchObject({ code: 'REVISION_CONFLICT', streamId: 's', expected: '0', actual: '1' });
      expect(idsIn('s')).toHaveLength(2);
    });

    it('gives up after the configured retries with STORE_UNAVAILABLE', async () => {
      await open({ batchAppend });
      await store.close();
      store = EventStoreDbStore.fromConnectionString(fake.connectionString, { retryDelayMs: 1, appendRetries: 2 });
      await store.ping();
      await fake.stop();
      const error = await store.append('s', [newEvent()], 'no_stream').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/append to s/);
    });
  });

  describe('revision conflicts', () => {
    it('WrongExpectedVersion becomes RevisionConflictError with what was expected and found', async () => {
      await open({ batchAppend });
      await store.append('s', [newEvent(), newEvent()], 'no_stream');
      const before = appendRequests();

      const stale = await store.append('s', [newEvent()], 0).catch((e: unknown) => e);
      const exists = await store.append('s', [newEvent()], 'no_stream').catch((e: unknown) => e);
      const missing = await store.append('nothing-here', [newEvent()], 3).catch((e: unknown) => e);

      expect(stale).toBeInstanceOf(RevisionConflictError);
      expect(stale).toMatchObject({ code: 'REVISION_CONFLICT', streamId: 's', expected: '0', actual: '1' });
      expect(exists).toMatchObject({ code: 'REVISION_CONFLICT', expected: 'no_stream', actual: '1' });
      expect(missing).toMatchObject({ code: 'REVISION_CONFLICT', expected: '3', actual: 'no_stream' });
      // a conflict is an answer, not a lost one: no retries
      expect(appendRequests() - before).toBe(3);
    });
  });
});

describe('the standalone fake server process', () => {
  const root = join(__dirname, '..', '..');
  const sources = join(root, 'test', 'support', 'esdb-fake');
  const compiled = join(root, 'dist', 'test', 'support', 'esdb-fake', 'main.js');
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  /** `npm test` builds first; when dist is missing or older than the sources (a bare `npx jest`), build it here. */
  function ensureBuilt(): void {
    const newestSource = Math.max(...readdirSync(sources).map((f) => statSync(join(sources, f)).mtimeMs));
    if (existsSync(compiled) && statSync(compiled).mtimeMs >= newestSource) return;
    try {
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe', timeout: 60_000 });
    } catch {
      // type errors elsewhere in the project do not stop tsc from emitting; the check below is what counts
    }
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing and could not be built`);
  }

  it('starts from the compiled file, prints where it listens, serves a client and stops on SIGTERM', async () => {
    ensureBuilt();
    child = spawn(process.execPath, [compiled, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`the fake exited with ${code} before listening`)));
    });
    const url = /^esdb-fake listening on (esdb:\/\/127\.0\.0\.1:\d+\?tls=false)$/.exec(firstLine)?.[1];
    expect(url).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);

    const client = EventStoreDbStore.fromConnectionString(url as string);
    try {
      const events = [newEvent('A'), newEvent('B')];
      await client.append('standalone', events, 'no_stream');
      expect((await client.readStream('standalone')).map((e) => e.id)).toEqual(events.map((e) => e.id));
    } finally {
      await client.close();
    }

    const exit = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000); // only a stale or missing dist makes it build (a few seconds); otherwise it takes well under one
});
