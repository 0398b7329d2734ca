import { join } from 'node:path';
import type { AppOverrides } from '../../src/app.module';
import { main } from '../../src/cli/main';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

/** `ketnap <args>` in this process: its exit code and what it printed (stdout and stderr lines). */
export async function ketnap(args: string[], env: NodeJS.ProcessEnv = {}, overrides: AppOverrides = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await main(args, { LOG_LEVEL: 'silent', ...env }, overrides), out: out.join('\n'), err: err.join('\n') };
  } finally {
    Object.assign(console, { log, error });
  }
}

/** The embedded store of a data directory, open while `use` runs. */
export async function withStoreIn<T>(dataDir: string, use: (store: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
