/**
 * Child process of the read-model crash test: the application's projection runner over a data dir, as the server
 * runs it — catch up from the checkpoint (from zero: a rebuild, replay.ts), then follow the log live. Prints `ready`, then
 * `caught-up <position>`, then `at <position>` after each live batch. The parent kills it with SIGKILL at random.
 *
 * Usage: node runner-child.js <dataDir> <batchSize>
 */
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../../src/read-models/projection-runner';
import { ALL_PROJECTIONS } from '../../src/read-models/projections';
import { ReadModelDb } from '../../src/read-models/read-model-db';

const [dataDir, batchSize = '50'] = process.argv.slice(2);

async function main(): Promise<void> {
  const store = new SqliteEventStore(join(dataDir, 'events.db'), { pollIntervalMs: 20 });
  const db = new ReadModelDb(join(dataDir, 'read-models.db'), ALL_PROJECTIONS);
  process.stdout.write('ready\n');
  const runner = new ProjectionRunner(store, db, {
    batchSize: Number(batchSize),
    // small chunks read and written on the replay's threads: kills land inside and between its transactions
    replay: { chunkEvents: 200, writer: 'worker', reader: 'thread' },
    onProgress: (position) => process.stdout.write(`at ${position}\n`),
    onError: (error) => {
      console.error(error);
      process.exit(1);
    },
  });
  const caughtUp = await runner.catchUp();
  process.stdout.write(`caught-up ${runner.position} ${caughtUp}\n`);
  runner.start();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
