/**
 * Walks the whole log and checks what an auditor relies on: in every stream the revisions run 0, 1, 2, … without a
 * gap, each event's prevHash is the previous event's hash and its hash is the SHA-256 of its content, and (where
 * the store keeps stream heads) no stream lost its last events. The first break is reported by stream and revision.
 */
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
  firstBreak?: VerifyBreak;
}

export interface VerifyOptions {
  pageSize?: number;
  /** called after each page with the number of events checked so far */
  onProgress?(events: number): void;
}

export async function verifyStore(store: EventStore, options: VerifyOptions = {}): Promise<VerifyReport> {
  const pageSize = options.pageSize ?? 5000;
  const streams = new Map<string, { next: number; hash: string }>();
  let events = 0;
  const report = (firstBreak?: VerifyBreak): VerifyReport => ({ ok: !firstBreak, streams: streams.size, events, firstBreak });

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
      const broken = checkEvent(event, streams.get(event.streamId));
      if (broken) return report({ streamId: event.streamId, ...broken });
      streams.set(event.streamId, { next: event.revision + 1, hash: String(event.metadata.hash) });
      events += 1;
    }
    options.onProgress?.(events);
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }

  if (hasStreamHeads(store)) {
    for await (const head of store.streamHeads()) {
      const seen = streams.get(head.streamId);
      const next = seen?.next ?? 0;
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

/** The break an event shows, at the revision where the stream stops being intact. */
function checkEvent(
  event: StoredEvent,
  previous: { next: number; hash: string } | undefined,
): { revision: number; problem: string } | undefined {
  const revision = previous?.next ?? 0;
  if (event.revision !== revision) {
    return { revision, problem: `revision ${revision} is missing or out of order (found ${event.revision} next)` };
  }
  const expectedPrev = previous?.hash ?? GENESIS_HASH;
  if (event.metadata.prevHash !== expectedPrev) return { revision, problem: 'prevHash does not match the previous event' };
  if (event.metadata.hash !== eventHash(expectedPrev, event)) return { revision, problem: 'hash does not match the event content' };
  return undefined;
}

export function describeBreak(b: VerifyBreak): string {
  return `stream ${b.streamId} revision ${b.revision}: ${b.problem}`;
}
