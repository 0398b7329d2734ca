import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { built } from '../support/built';
import { tempDir } from '../support/temp-dir';

/**
 * Acknowledged data is never lost: a writer is killed with SIGKILL at random moments, 60 times over the same
 * file. Every event it acknowledged must be there, no stream may have a gap, SQLite must find its file intact,
 * and `ketnap verify` must pass the hash chains.
 */
const KILLS = 60;

interface Acked {
  streamId: string;
  revision: number;
  id: string;
}

/** Runs the writer until it has acknowledged a random number of lines (or a random time passed), then SIGKILLs it. */
function runAndKill(writer: string, file: string): Promise<Acked[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, file, '8', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: Acked[] = [];
    let buffer = '';
    let killed = false;
    const killAfter = 1 + Math.floor(Math.random() * 400);
    const kill = () => {
      if (!killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? ''; // an unfinished line was not acknowledged
      for (const line of lines) {
        if (line === 'ready') {
          timer = setTimeout(kill, Math.random() * 150);
          continue;
        }
        const [, streamId, revision, id] = line.split(' ');
        acked.push({ streamId, revision: Number(revision), id });
      }
      if (acked.length >= killAfter) kill();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited by itself (code ${code})`));
    });
  });
}

describe('crash safety of the embedded store', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it(`keeps every acknowledged event across ${KILLS} SIGKILLs`, async () => {
    const writer = built('test/support/crash-writer.js');
    const file = join(temp.dir, 'events.db');
    const acked: Acked[] = [];
    for (let i = 0; i < KILLS; i++) acked.push(...(await runAndKill(writer, file)));
    expect(acked.length).toBeGreaterThan(KILLS);

    const db = new Database(file, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const find = db.prepare<[string], { stream_id: string; revision: number }>('SELECT stream_id, revision FROM events WHERE id = ?');
    const missing = acked.filter((a) => {
      const row = find.get(a.id);
      return !row || row.stream_id !== a.streamId || row.revision !== a.revision;
    });
    expect(missing).toEqual([]);

    const streams = db
      .prepare<[], { stream_id: string; n: number; max: number }>('SELECT stream_id, count(*) AS n, max(revision) AS max FROM events GROUP BY stream_id')
      .all();
    for (const s of streams) expect(s.n).toBe(s.max + 1);
    const { n, max } = db.prepare<[], { n: number; max: number }>('SELECT count(*) AS n, max(position) AS max FROM events').get()!;
    expect(max).toBe(n); // positions 1..n without a gap
    db.close();

    const verify = spawnSync(process.execPath, [built('src/cli/main.js'), 'verify', '--data-dir', temp.dir], { encoding: 'utf8' });
    expect(verify.stdout).toMatch(/^verify: ok/);
    expect(verify.status).toBe(0);
  }, 180_000);
});
