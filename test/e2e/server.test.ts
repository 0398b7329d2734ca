import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redisControlSkipReason, redisSkipReason, startRedis } from '../support/redis';
import { startServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

describe('the server process (npm start)', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it('starts on an embedded store under its data dir, logs one JSON line, serves /health, stops on SIGTERM', async () => {
    const dataDir = join(temp.dir, 'data');
    const server = await startServer({ KETNAP_DATA_DIR: dataDir, KETNAP_ADMIN_TOKEN: 'an-admin-token-for-the-test' });
    try {
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', checks: { eventStore: 'up' } });
      expect(existsSync(join(dataDir, 'events.db'))).toBe(true);
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/ketnap_http_requests_total\{method="GET",route="\/health",status="200"\} 1/);
      // The request line is written after the answer is sent: give the pipe a moment.
      for (let i = 0; i < 50 && server.logs.length < 2; i++) await new Promise((r) => setImmediate(r));
      expect(server.logs[0]).toMatchObject({ level: 30, service: 'ketnap', eventStore: 'sqlite', dataDir, msg: expect.stringMatching(/listening/) });
      expect(server.logs[1]).toMatchObject({ reqId: expect.any(String), method: 'GET', route: '/health', status: 200, msg: 'request completed' });
    } finally {
      // Nest closes the app (and the store) on SIGTERM, then lets the signal end the process.
      expect(await server.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    }
    // Closing the last SQLite connection checkpoints the WAL into the main file and removes it.
    expect(existsSync(join(dataDir, 'events.db-wal'))).toBe(false);
  });

  it('without KETNAP_ADMIN_TOKEN generates one into <dataDir>/admin-token, says where, and keeps it', async () => {
    const dataDir = join(temp.dir, 'generated');
    const first = await startServer({ KETNAP_DATA_DIR: dataDir });
    const file = join(dataDir, 'admin-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.logs[0]).toMatchObject({ file, msg: expect.stringContaining(file) });
    expect(JSON.stringify(first.logs)).not.toContain(token);
    const ok = await fetch(`${first.url}/api/v1/organizations/none`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(404); // authenticated; the organisation does not exist
    await first.stop();

    const second = await startServer({ KETNAP_DATA_DIR: dataDir });
    expect(second.logs.some((l) => 'file' in l)).toBe(false);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
    await second.stop();
  });

  const noRedis = redisSkipReason() ?? redisControlSkipReason();
  const evicting = noRedis ? it.skip : it;
  if (noRedis) console.log(`skipping the Redis policy start-up test: ${noRedis}`);
  evicting('refuses to start on a Redis that may evict keys (maxmemory-policy allkeys-lru), saying why', async () => {
    const redis = await startRedis({ maxmemoryPolicy: 'allkeys-lru' });
    try {
      await expect(startServer({ KETNAP_DATA_DIR: join(temp.dir, 'lru'), KETNAP_ADMIN_TOKEN: 'an-admin-token-for-the-test', REDIS_URL: redis.url })).rejects.toThrow(
        /maxmemory-policy allkeys-lru; ketnap's timers need noeviction/,
      );
    } finally {
      await redis.stop();
    }
  });

  it('refuses a bad configuration with a clear message', async () => {
    await expect(startServer({ KETNAP_DATA_DIR: temp.dir, KETNAP_EVENT_STORE: 'postgres://x' })).rejects.toThrow(
      /KETNAP_EVENT_STORE must be an esdb:\/\//,
    );
  });
});
