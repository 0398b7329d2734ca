/**
 * HTTP throughput of the real server (a child process on an embedded store, synchronous=FULL), driven by
 * autocannon over loopback from this process:
 *
 *   ceiling   GET /health — the same app, stack and store ping, nothing else
 *   read      GET /api/v1/dossiers/{id} — token, scope check, fold from the cache, JSON
 *   write     POST /api/v1/dossiers/{id}/events on distinct dossiers — validation, decide, hash, fsynced append
 *
 * Targets (issue 4): read ≥ 0.5 × ceiling; write ≥ 0.25 × ceiling.
 *
 * Floors, in the same run, for what a write route can reach on this machine before the engine does anything:
 *   - the same app with one more route (floor-server.ts) that checks the token, the dossier's scope and the event's
 *     fields (class-validator) and answers — every write does that much first — against that server's /health;
 *   - Fastify alone (bare-fastify.ts): a POST echoing a field of its JSON body against a GET answering a constant.
 */
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 2000);
const ADMIN = 'bench-admin-token-0123456789';

async function call(url: string, method: string, path: string, body?: unknown, token = ADMIN): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...options, connections: CONNECTIONS, duration: SECONDS }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function check(name: string, result: autocannon.Result): number {
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${bad} of ${result.requests.total} requests failed`);
  return result.requests.average;
}

/** GET and POST on Fastify alone, in a child process: the platform's own POST ÷ GET on this machine. */
async function bareFastify(): Promise<{ get: number; post: number }> {
  const child = fork(join(__dirname, 'bare-fastify.js'), { stdio: 'ignore' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message) => resolve(Number(message)));
      child.once('error', reject);
    });
    const url = `http://127.0.0.1:${port}`;
    const get = check('bare GET', await run({ url: `${url}/health` }));
    const body = JSON.stringify({ type: 'DossierTransferred', occurredOn: '2026-01-05', toCellId: 'chi-bo-a' });
    const post = check(
      'bare POST',
      await run({ url: `${url}/dossiers/6f1d3c5e-1c1a-4a57-9d0b-6e7a3e3b1a11/events`, method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    );
    return { get, post };
  } finally {
    child.disconnect();
  }
}

/** Two cells under a grassroots organisation, a clerk's token, and `count` open dossiers. */
async function seed(url: string, count: number): Promise<{ token: string; ids: string[] }> {
  await call(url, 'POST', '/api/v1/organizations', { id: 'tinh', name: 'Tỉnh ủy', kind: 'province' });
  await call(url, 'POST', '/api/v1/organizations', { id: 'co-so', name: 'Đảng bộ cơ sở', kind: 'grassroots', parentId: 'tinh' });
  for (const id of ['chi-bo-a', 'chi-bo-b']) await call(url, 'POST', '/api/v1/organizations', { id, name: `Chi bộ ${id}`, kind: 'cell', parentId: 'co-so' });
  const { token } = (await call(url, 'POST', '/api/v1/tokens', { subject: 'van-thu', role: 'clerk', orgId: 'co-so' })) as { token: string };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const opened = await call(
      url,
      'POST',
      '/api/v1/dossiers',
      {
        occurredOn: '2024-03-01',
        cellId: 'chi-bo-a',
        candidate: { fullName: `Nguyễn Văn ${i}`, dateOfBirth: '1995-05-05', gender: 'male', education: 'university', categories: ['worker'] },
        nominatedBy: { kind: 'trade_union', name: 'Công đoàn cơ sở' },
        helper: { name: 'Trần Thị Hoa' },
      },
      token,
    );
    ids.push(String(opened.id));
  }
  return { token, ids };
}

/** POSTs of transfers between the two cells, round the dossiers: each one a real, accepted event. */
function transfers(url: string, path: (id: string) => string, token: string, ids: string[]): Promise<autocannon.Result> {
  const today = new Date().toISOString().slice(0, 10);
  let n = 0;
  return run({
    url,
    requests: [
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req) => {
          const k = n++;
          return {
            ...req,
            path: path(ids[k % ids.length]),
            body: JSON.stringify({ type: 'DossierTransferred', occurredOn: today, toCellId: Math.floor(k / ids.length) % 2 ? 'chi-bo-a' : 'chi-bo-b' }),
          };
        },
      },
    ],
  });
}

const row = (name: string, perSecond: number, ratio = '') =>
  console.log(`  ${name.padEnd(52)} ${Math.round(perSecond).toString().padStart(7)} req/s  ${ratio}`);

/** The floor: the same app with a route that only checks the token, the scope and the event's fields (floor-server.ts). */
async function floor(): Promise<{ ceiling: number; checks: number }> {
  const temp = tempDir('ketnap-bench-floor-');
  const server = await startServer({ KETNAP_DATA_DIR: temp.dir, KETNAP_ADMIN_TOKEN: ADMIN }, { discardLogsAfterStart: true, script: 'test/bench/floor-server.js' });
  try {
    const { token, ids } = await seed(server.url, 200);
    const ceiling = check('floor ceiling', await run({ url: `${server.url}/health` }));
    const checks = check('floor checks', await transfers(server.url, (id) => `/api/v1/floor/dossiers/${id}/events`, token, ids));
    return { ceiling, checks };
  } finally {
    await server.stop();
    temp.remove();
  }
}

export async function benchHttp(): Promise<void> {
  const temp = tempDir('ketnap-bench-http-');
  const server = await startServer({ KETNAP_DATA_DIR: temp.dir, KETNAP_ADMIN_TOKEN: ADMIN }, { discardLogsAfterStart: true });
  try {
    const { url } = server;
    console.log(`http benchmark: ${SECONDS} s per route, ${CONNECTIONS} connections, ${DOSSIERS} dossiers, embedded store (synchronous=FULL)`);
    const { token, ids } = await seed(url, DOSSIERS);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const ceiling = check('ceiling', await run({ url: `${url}/health` }));
    let r = 0;
    const read = check(
      'read',
      await run({ url, requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/api/v1/dossiers/${ids[r++ % ids.length]}` }) }] }),
    );
    const write = check('write', await transfers(url, (id) => `/api/v1/dossiers/${id}/events`, token, ids));
    row('GET /health (ceiling)', ceiling);
    row('GET /api/v1/dossiers/{id}', read, `${(read / ceiling).toFixed(2)} × ceiling  (target ≥ 0.50)`);
    row('POST /api/v1/dossiers/{id}/events (distinct)', write, `${(write / ceiling).toFixed(2)} × ceiling  (target ≥ 0.25)`);
  } finally {
    await server.stop();
    temp.remove();
  }
  console.log('  floors, same run — the same app with a route that checks token, scope and fields, and answers:');
  const checked = await floor();
  row('GET /health', checked.ceiling);
  row('POST …/floor/dossiers/{id}/events (checks only)', checked.checks, `${(checked.checks / checked.ceiling).toFixed(2)} × its /health`);
  const bare = await bareFastify();
  console.log('  — and Fastify alone (no Nest, no hooks, no store):');
  row('GET, a constant', bare.get);
  row('POST, a JSON body echoed', bare.post, `${(bare.post / bare.get).toFixed(2)} × its GET`);
}
