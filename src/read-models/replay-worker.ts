/**
 * The writer thread of a long replay (replay.ts): its own connection to the read-model file, writing the parts of each
 * chunk it is handed in one transaction and answering `{ seq }` (or `{ seq, error }`) for each, in order. `'close'`
 * drops a chunk left unfinished, closes the file and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TableDef } from '../../projections/projection';
import { openReadModelFile } from './read-model-sql';
import { type ChunkPart, ChunkWriter } from './replay-writer';

const port = parentPort;
if (!port) throw new Error('replay-worker runs as a worker thread of a replay');
const { file, tables } = workerData as { file: string; tables: TableDef[] };
/** SQLite's page cache of this connection, in KiB: it writes each touched row once per chunk and reads nothing back. */
const CACHE_KIB = 64 * 1024;
const db = openReadModelFile(file, CACHE_KIB);
const writer = new ChunkWriter(db, tables);

port.on('message', (message: ChunkPart | 'close') => {
  if (message === 'close') {
    writer.abort();
    db.close();
    port.close();
    return;
  }
  try {
    writer.write(message);
    port.postMessage({ seq: message.seq });
  } catch (error) {
    port.postMessage({ seq: message.seq, error: error instanceof Error ? error.message : String(error) });
  }
});
