/**
 * A worker thread of the import (prepare-pool.ts): prepares the chunks of rows it is sent and answers each with its
 * prepared rows, in order. Holds no state between chunks.
 */
import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { prepareRow } from './prepare';
import type { ChunkRequest, ChunkAnswer } from './prepare-pool';

parentPort!.on('message', ({ id, today, author, rows, known }: ChunkRequest) => {
  let answer: ChunkAnswer;
  try {
    const isKnown = new Set(known);
    answer = { id, prepared: rows.map((row, i) => prepareRow(row, today, author, isKnown.has(i))) };
  } catch (error) {
    answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(answer);
});
