/**
 * The whole event log as a file of JSON lines, for backup, audit and moving between the embedded and the cluster
 * deployment. A header line, one line per event in log order (its id, stream, revision, type, data, metadata with the
 * hash chain, and the store's time of the append), and a closing line with the count and a SHA-256 of the event lines,
 * so that a cut or edited file is refused before anything is written.
 *
 *   {"ketnap":"event-log","version":1,"exportedAt":"…","source":"sqlite"}
 *   {"position":1,"streamId":"organization-binh-duong","revision":0,"id":"…","type":"OrganizationCreated","recordedAt":"…","data":{…},"metadata":{…}}
 *   …
 *   {"ketnap":"end","events":6123,"streams":812,"sha256":"…"}
 *
 * Importing an export goes into an empty store only: ids, revisions, order, data and metadata come back as they were
 * (the embedded store also keeps each event's original store time), so `ketnap verify` gives the same answer.
 */
import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { EventStore, hasLogRestore, RestoredEvent, StoredEvent } from '../engine/event-store';
import { ChainCheck, describeBreak } from '../engine/verify';

export const LOG_FORMAT = 'event-log';
const VERSION = 1;
const PAGE = 2000;

/** A file that is not a complete, intact export, or a store that is not empty: nothing was written. */
export class EventLogFileError extends Error {}

export interface ExportSummary {
  events: number;
  streams: number;
  sha256: string;
}

/** Writes the log up to its end as it stands when the export starts reading; waits for the output to drain. */
export async function exportLog(
  store: EventStore,
  out: Writable,
  options: { source: string; now: Date; onProgress?(events: number): void },
): Promise<ExportSummary> {
  const digest = createHash('sha256');
  const streams = new Set<string>();
  let events = 0;
  await write(out, `${JSON.stringify({ ketnap: LOG_FORMAT, version: VERSION, exportedAt: options.now.toISOString(), source: options.source })}\n`);
  for (let after: number | undefined; ; ) {
    const page = await store.readAll({ after, maxCount: PAGE });
    let chunk = '';
    for (const event of page) {
      const line = `${JSON.stringify(lineOf(event))}\n`;
      digest.update(line);
      chunk += line;
      streams.add(event.streamId);
    }
    events += page.length;
    if (chunk) await write(out, chunk);
    options.onProgress?.(events);
    if (page.length < PAGE) break;
    after = page[page.length - 1].position;
  }
  const summary = { events, streams: streams.size, sha256: digest.digest('hex') };
  await write(out, `${JSON.stringify({ ketnap: 'end', ...summary })}\n`);
  return summary;
}

function lineOf(event: StoredEvent) {
  const { position, streamId, revision, id, type, recordedAt, data, metadata } = event;
  return { position, streamId, revision, id, type, recordedAt, data, metadata };
}

function write(out: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    out.once('error', onError);
    const done = () => {
      out.off('error', onError);
      resolve();
    };
    if (out.write(text)) done();
    else out.once('drain', done);
  });
}

/** Is this first line the header of an export (rather than a row of candidates)? */
export function isEventLogHeader(firstLine: string): boolean {
  try {
    const parsed = JSON.parse(firstLine) as { ketnap?: unknown };
    return parsed?.ketnap === LOG_FORMAT;
  } catch {
    return false;
  }
}

export interface RestoreSummary {
  events: number;
  streams: number;
}

/**
 * Importing an export: `checkExport` reads the whole file and checks it (header, every line, the hash chains, the count
 * and digest of the closing line); then `restoreLog` writes the events in their order into an empty store. A store
 * that holds any event is refused: merging two logs would not be the log that was exported.
 */
export async function assertEmptyStore(store: EventStore): Promise<void> {
  const [first] = await store.readAll({ maxCount: 1 });
  if (first) {
    throw new EventLogFileError(
      `an export is imported into an empty store only, and this one holds events (the first in ${first.streamId}); use a fresh data directory or an empty EventStoreDB`,
    );
  }
}

export async function restoreLog(store: EventStore, input: Readable, checked: RestoreSummary, onWritten?: (events: number) => void): Promise<void> {
  await assertEmptyStore(store);
  let written = 0;
  await forEachEvent(input, async (batch) => {
    await writeBatch(store, batch);
    written += batch.length;
    onWritten?.(written);
  });
  if (written !== checked.events) throw new EventLogFileError(`the file changed while it was imported (${written} events written, ${checked.events} checked)`);
}

/** The embedded store takes a batch in one transaction; any other store gets each stream's run of events in order. */
async function writeBatch(store: EventStore, batch: RestoredEvent[]): Promise<void> {
  if (hasLogRestore(store)) return store.restore(batch);
  for (let start = 0; start < batch.length; ) {
    let end = start + 1;
    while (end < batch.length && batch[end].streamId === batch[start].streamId) end++;
    const run = batch.slice(start, end);
    await store.append(run[0].streamId, run, run[0].revision === 0 ? 'no_stream' : run[0].revision - 1);
    start = end;
  }
}

export async function checkExport(input: Readable, onChecked?: (events: number) => void): Promise<RestoreSummary> {
  const chains = new ChainCheck();
  const digest = createHash('sha256');
  let end: { events?: unknown; streams?: unknown; sha256?: unknown } | undefined;
  await readLines(input, (line, number) => {
    if (end) throw new EventLogFileError(`line ${number}: nothing may follow the closing line`);
    const parsed = parseLine(line, number);
    if ('ketnap' in parsed) {
      if (parsed.ketnap !== 'end') throw new EventLogFileError(`line ${number}: unexpected "${String(parsed.ketnap)}" line`);
      end = parsed;
      return;
    }
    const broken = chains.check(toEvent(parsed, number));
    if (broken) throw new EventLogFileError(`line ${number}: ${describeBreak(broken)}`);
    digest.update(`${line}\n`);
    if (chains.events % PAGE === 0) onChecked?.(chains.events);
  });
  if (!end) throw new EventLogFileError('the closing line is missing: the file was cut short');
  const sha256 = digest.digest('hex');
  if (end.events !== chains.events || end.sha256 !== sha256 || end.streams !== chains.streams) {
    throw new EventLogFileError(
      `the file does not match its closing line (${chains.events} events in ${chains.streams} streams here, ${String(end.events)} in ${String(end.streams)} announced, or another digest)`,
    );
  }
  onChecked?.(chains.events);
  return { events: chains.events, streams: chains.streams };
}

async function forEachEvent(input: Readable, onBatch: (batch: RestoredEvent[]) => Promise<void>): Promise<void> {
  let batch: RestoredEvent[] = [];
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (number === 1) continue;
    const parsed = parseLine(line, number);
    if ('ketnap' in parsed) break;
    batch.push(toEvent(parsed, number));
    if (batch.length >= PAGE) {
      await onBatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await onBatch(batch);
}

/** Calls `each` for every line after a valid header. */
async function readLines(input: Readable, each: (line: string, number: number) => void): Promise<void> {
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number += 1;
    if (number > 1) {
      each(line, number);
      continue;
    }
    const header = parseLine(line, 1) as { ketnap?: unknown; version?: unknown };
    if (header.ketnap !== LOG_FORMAT) throw new EventLogFileError('line 1: not a ketnap export (the header line is missing)');
    if (header.version !== VERSION) throw new EventLogFileError(`line 1: export format version ${String(header.version)} is not known here (${VERSION} is)`);
  }
  if (number === 0) throw new EventLogFileError('the file is empty');
}

function parseLine(line: string, number: number): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new EventLogFileError(`line ${number}: not a JSON object`);
}

function toEvent(line: Record<string, unknown>, number: number): RestoredEvent {
  const { streamId, revision, id, type, recordedAt, data, metadata } = line;
  const object = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (
    typeof streamId !== 'string' ||
    typeof id !== 'string' ||
    typeof type !== 'string' ||
    typeof recordedAt !== 'string' ||
    !Number.isInteger(revision) ||
    !object(data) ||
    !object(metadata)
  ) {
    throw new EventLogFileError(`line ${number}: an event needs streamId, revision, id, type, recordedAt, data and metadata`);
  }
  return { streamId, revision: revision as number, id, type, recordedAt, data: data as RestoredEvent['data'], metadata: metadata as RestoredEvent['metadata'] };
}
