/**
 * Walks the whole log and checks what an auditor relies on: in every stream the revisions run 0, 1, 2, … without a
 * gap, each event's prevHash is the previous event's hash and its hash is the SHA-256 of its content, and (where
 * the store keeps stream heads) no stream lost its last events. The first break is reported by stream and revision.
 */
import { createHash } from 'node:crypto';
import { StoreCorruptError } from './errors';
import { EventStore, hasStreamHeads, StoredEvent } from './event-store';
import { eventHash, GENESIS_HASH } from './hash-chain';

export interface VerifyBreak {
  streamId: string;
  revision: number;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  /** SHA-256 over each stream's id, length and last hash: equal for two stores that hold the same streams */
  headsDigest: string;
  firstBreak?: VerifyBreak;
}

export interface VerifyOptions {
  pageSize?: number;
  /** called after each page with the number of events checked so far */
  onProgress?(events: number): void;
}

export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 5000;
  const chains = new ChainCheck();
  const report = (firstBreak?: VerifyBreak): VerifyReport => ({
    ok: !firstBreak,
    streams: chains.streams,
    events: chains.events,
    headsDigest: chains.headsDigest(),
    firstBreak,
  });

  let after: number | undefined;
  for (;;) {
    let page: StoredEvent[];
    try {
      page = await store.readAll({ after, maxCount: pageSize });
    } catch (error) {
      if (error instanceof StoreCorruptError) {
        return report({ streamId: error.streamId, revision: error.revision, problem: error.message });
      }
      throw error;
    }
    for (const event of page) {
      const broken = chains.check(event);
      if (broken) return report(broken);
    }
    options.onProgress?.(chains.events);
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }

  if (hasStreamHeads(store)) {
    for await (const head of store.streamHeads()) {
      const next = chains.nextRevision(head.streamId);
      if (next !== head.lastRevision + 1) {
        return report({
          streamId: head.streamId,
          revision: next,
          problem: `the stream ends at revision ${next - 1} but its head says ${head.lastRevision}: events are missing`,
        });
      }
    }
  }
  return report();
}

/**
 * The chains of a log read in order, event by event: the store's log for `verify`, an export file before it is
 * imported. Knows each stream's next revision and last hash.
 */
export class ChainCheck {
  private readonly heads = new Map<string, { next: number; hash: string }>();
  private checked = 0;

  get streams(): number {
    return this.heads.size;
  }

  /** events checked and intact so far */
  get events(): number {
    return this.checked;
  }

  /** The break this event shows, at the revision where its stream stops being intact; undefined when intact. */
  check(event: Pick<StoredEvent, 'streamId' | 'revision' | 'type' | 'data' | 'metadata'>): VerifyBreak | undefined {
    const previous = this.heads.get(event.streamId);
    const revision = previous?.next ?? 0;
    const broken = (problem: string): VerifyBreak => ({ streamId: event.streamId, revision, problem });
    if (event.revision !== revision) return broken(`revision ${revision} is missing or out of order (found ${event.revision} next)`);
    const expectedPrev = previous?.hash ?? GENESIS_HASH;
    if (event.metadata.prevHash !== expectedPrev) return broken('prevHash does not match the previous event');
    if (event.metadata.hash !== eventHash(expectedPrev, event)) return broken('hash does not match the event content');
    this.heads.set(event.streamId, { next: revision + 1, hash: String(event.metadata.hash) });
    this.checked += 1;
    return undefined;
  }

  nextRevision(streamId: string): number {
    return this.heads.get(streamId)?.next ?? 0;
  }

  /** SHA-256 over every stream's id, length and last hash, by stream id: two logs with equal digests hold the same streams. */
  headsDigest(): string {
    const digest = createHash('sha256');
    for (const id of [...this.heads.keys()].sort()) digest.update(`${id}\n${this.heads.get(id)!.next}\n${this.heads.get(id)!.hash}\n`);
    return digest.digest('hex');
  }
}

export function describeBreak(b: VerifyBreak): string {
  return `stream ${b.streamId} revision ${b.revision}: ${b.problem}`;
}
