import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRows, seedOrganisations, toCsv } from '../support/import-rows';
import { built } from '../support/built';
import { withStoreIn } from '../support/import-cli';
import { tempDir } from '../support/temp-dir';
import { verifyStore } from '../../src/engine/verify';

/**
 * The built `ketnap import` prepares rows on worker threads (under ts-jest it cannot, and prepares them in-process),
 * their events' ids and hashed text included.
 * The same mixed file imported with three workers and with none must give the same dossiers, the same events and
 * the same error report: the chunks come back in file order, so a duplicated row is refused at its second line
 * whichever worker read the first, and nothing is lost or doubled between chunks.
 */
jest.setTimeout(120_000);

describe('ketnap import on worker threads', () => {
  const temp = tempDir('ketnap-import-threads-');
  const file = join(temp.dir, 'ho-so.csv');
  // More rows than one chunk (200) per worker, so every worker holds several, with duplicates across chunks.
  const rows = generateRows(1050, { brokenShare: 1 / 7 });

  function importWith(threads: number): { dataDir: string; code: number; summary: string; report: string } {
    const dataDir = join(temp.dir, `data-${threads}`);
    const errors = join(temp.dir, `errors-${threads}.csv`);
    const run = spawnSync(process.execPath, [built('src/cli/main.js'), 'import', file, '--threads', String(threads), '--errors', errors, '--data-dir', dataDir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent' },
    });
    return { dataDir, code: run.status ?? -1, summary: run.stdout.split('\n')[0].replace(dataDir, '<dir>'), report: readFileSync(errors, 'utf8') };
  }

  /** Every stream's events without what depends on the moment of the run (recordedAt and the hashes over it). */
  async function contentOf(dataDir: string): Promise<string[]> {
    return withStoreIn(dataDir, async (store) => {
      const lines: string[] = [];
      for (let after = 0; ; ) {
        const page = await store.readAll({ after, maxCount: 5000 });
        if (page.length === 0) break;
        for (const { streamId, revision, type, data, metadata } of page) {
          const { recordedAt: _r, hash: _h, prevHash: _p, ...kept } = metadata;
          lines.push(JSON.stringify([streamId, revision, type, data, kept]));
        }
        after = page[page.length - 1].position;
      }
      return lines.sort();
    });
  }

  beforeAll(async () => {
    writeFileSync(file, toCsv(rows, 'en'));
    for (const threads of [0, 3]) await withStoreIn(join(temp.dir, `data-${threads}`), (store) => seedOrganisations(store));
  });
  afterAll(() => temp.remove());

  it('gives the same dossiers, events and error report with three workers as on one thread', async () => {
    const alone = importWith(0);
    const threaded = importWith(3);
    expect(alone.code).toBe(1); // the file has refused rows
    expect(threaded.code).toBe(alone.code);
    expect(threaded.summary).toBe(alone.summary);
    expect(alone.summary).toMatch(/— \d+ imported \(\d+ events\), 0 already there, \d+ refused$/);
    expect(threaded.report).toBe(alone.report);
    expect(threaded.report).toContain('DUPLICATE_ROW');
    const [one, three] = await Promise.all([contentOf(alone.dataDir), contentOf(threaded.dataDir)]);
    expect(three.length).toBeGreaterThan(5000);
    expect(three).toEqual(one);
    // The hash chains, stamped on the main thread over text the workers prepared, hold.
    expect(await withStoreIn(threaded.dataDir, async (store) => (await verifyStore(store)).ok)).toBe(true);
  });
});
