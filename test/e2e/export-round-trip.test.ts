import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { createEventStore } from '../../src/event-store/create-event-store';
import { demoClock, loadDemo } from '../../src/demo/load';
import { BEN_CAT, BLOCK, MY_PHUOC, PROVINCE, VSIP } from '../../src/demo/organisations';
import { built } from '../support/built';
import { ADMIN, startTestApp, TestApp } from '../support/http-app';
import { ketnap as run } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';

/**
 * Backup and migration: the demo scenario exported with `ketnap export`, imported with `ketnap import` into a fresh
 * data directory, answers exactly as the original — the same `verify` output (counts and digest of every stream's
 * head), the same read models, the same answers over HTTP — and the export of the copy is the export of the original.
 */
jest.setTimeout(120_000);

/** `ketnap` in this process: exit code and stdout. */
const ketnap = async (...args: string[]) => {
  const { code, out } = await run(args);
  return { code, out };
};

/** The built command as a user runs it. */
function ketnapProcess(...args: string[]) {
  return spawnSync(process.execPath, [built('src/cli/main.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' } });
}

const eventLines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1);

describe('export → import into a fresh data directory', () => {
  const temp = tempDir('ketnap-round-trip-');
  const original = join(temp.dir, 'original');
  const copy = join(temp.dir, 'copy');
  const backup = join(temp.dir, 'backup.jsonl');
  let apps: [TestApp, TestApp];

  beforeAll(async () => {
    const { store } = createEventStore(loadConfig({ KETNAP_DATA_DIR: original }));
    try {
      await loadDemo(store);
    } finally {
      await store.close();
    }
    const exported = ketnapProcess('export', '--data-dir', original, '--out', backup);
    expect([exported.status, exported.stderr]).toEqual([0, expect.stringMatching(/export: \d+ events in \d+ streams to /)]);
    const imported = ketnapProcess('import', backup, '--data-dir', copy);
    expect([imported.status, imported.stdout]).toEqual([0, expect.stringMatching(/^import: \d+ events in \d+ streams restored into /)]);
  });

  afterAll(async () => {
    for (const app of apps ?? []) await app?.close();
    temp.remove();
  });

  it('verify says the same of both stores: the same streams, events and chain heads', async () => {
    const [a, b] = [await ketnap('verify', '--data-dir', original), await ketnap('verify', '--data-dir', copy)];
    // 792 streams of organisations, quotas and dossiers, and one claim stream per person (758 dossiers, 758 people)
    expect(a).toEqual({ code: 0, out: expect.stringMatching(/^verify: ok — 1550 streams, \d+ events, heads [0-9a-f]{64}$/) });
    expect(b).toEqual(a);
  });

  it('keeps every event as it was: the copy exports to the same lines, ids, revisions, positions, dates and hashes', async () => {
    const again = join(temp.dir, 'again.jsonl');
    expect((await ketnap('export', '--data-dir', copy, '--out', again)).code).toBe(0);
    expect(eventLines(again)).toEqual(eventLines(backup));
  });

  it('rebuilds to the same read models', async () => {
    const [a, b] = [await ketnap('projections', 'rebuild', '--data-dir', original), await ketnap('projections', 'rebuild', '--data-dir', copy)];
    expect(a).toEqual({ code: 0, out: expect.stringMatching(/^read models: [0-9a-f]{64}$/) });
    expect(b).toEqual(a);
  });

  it('answers the same queries over HTTP', async () => {
    apps = [await startTestApp({ dataDir: original, clock: demoClock }), await startTestApp({ dataDir: copy, clock: demoClock })];
    const answers = async (t: TestApp) => {
      const get = async (path: string) => (await t.as(ADMIN).get(`/api/v1${path}`).expect(200)).body;
      const list = await get(`/dossiers?orgId=${VSIP}&limit=500`);
      const dossier = list.items[7].id;
      return {
        quotas: await Promise.all([BEN_CAT, MY_PHUOC, VSIP, BLOCK].map((org) => get(`/organizations/${org}/quotas?period=2020-2025`))),
        pipeline: await get(`/organizations/${PROVINCE}/pipeline?asOf=2024-06-30`),
        report: await get(`/organizations/${BLOCK}/report?from=2024-01-01&to=2024-06-30`),
        list,
        dossier: await get(`/dossiers/${dossier}`),
        history: await get(`/dossiers/${dossier}/history`),
        audit: await get(`/audit?orgId=${MY_PHUOC}&limit=100`),
      };
    };
    const [a, b] = [await answers(apps[0]), await answers(apps[1])];
    expect(a.list.items.length).toBeGreaterThan(100);
    expect(a.audit.items.length).toBe(100);
    expect(b).toEqual(a);
  });

  it('refuses to import an export into a store that is not empty, and changes nothing', async () => {
    const before = await ketnap('verify', '--data-dir', copy);
    const again = ketnapProcess('import', backup, '--data-dir', copy);
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining('an export is imported into an empty store only')]);
    expect(await ketnap('verify', '--data-dir', copy)).toEqual(before);
  });
});
