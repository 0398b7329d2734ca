import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../support/server-process';
import { tempDir } from '../support/temp-dir';

describe('the server process (npm start)', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());

  it('starts on an embedded store under its data dir, logs one JSON line, serves /health, stops on SIGTERM', async () => {
    const dataDir = join(temp.dir, 'data');
    const server = await startServer({ KETNAP_DATA_DIR: dataDir });
    try {
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', checks: { eventStore: 'up' } });
      expect(existsSync(join(dataDir, 'events.db'))).toBe(true);
      expect(server.logs).toEqual([
        expect.objectContaining({ level: 30, service: 'ketnap', eventStore: 'sqlite', dataDir, msg: expect.stringMatching(/listening/) }),
      ]);
    } finally {
      // Nest closes the app (and the store) on SIGTERM, then lets the signal end the process.
      expect(await server.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    }
    // Closing the last SQLite connection checkpoints the WAL into the main file and removes it.
    expect(existsSync(join(dataDir, 'events.db-wal'))).toBe(false);
  });

  it('refuses a bad configuration with a clear message', async () => {
    await expect(startServer({ KETNAP_DATA_DIR: temp.dir, KETNAP_EVENT_STORE: 'postgres://x' })).rejects.toThrow(
      /KETNAP_EVENT_STORE must be an esdb:\/\//,
    );
  });
});
