/**
 * The fake EventStoreDB's storage: an in-memory transaction log with per-stream indexes, and the server's append
 * decision (expected revision, then id-based idempotency) as EventStoreDB's index writer makes it. No gRPC here.
 *
 * Positions are byte offsets into an imaginary log, so they are sparse like the real ones; every event is its own
 * self-committed record, so its commit and prepare positions are equal (what gRPC appends produce on a real server).
 */

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface LogRecord extends ProposedEvent {
  streamId: string;
  revision: bigint;
  /** commit position = prepare position */
  position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends them */
  createdTicks: bigint;
}

export type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: bigint };

export type AppendOutcome =
  | {
      kind: 'success';
      /** last revision of the stream after the append; undefined when the stream still has no events */
      currentRevision: bigint | undefined;
      /** log position of the last event written, or of the last event of the earlier identical append */
      position: bigint | undefined;
      idempotent: boolean;
    }
  | { kind: 'wrong_expected_version'; currentRevision: bigint | undefined };

export interface FakeLogOptions {
  /** answer a repeated append with the first result, as the real server does (default true) */
  idempotency?: boolean;
  /** what an idempotent reply carries: the earlier last event's position (servers ≥ 21.10) or none (older ones) */
  idempotentReplyPosition?: 'last-event' | 'none';
}

const RECORD_OVERHEAD = 93n;

export class FakeLog {
  private readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly byId = new Map<string, LogRecord>();
  private readonly listeners = new Set<(record: LogRecord) => void>();
  private nextPosition = 0n;

  constructor(private readonly options: FakeLogOptions = {}) {}

  /** Decides and, when allowed, writes all events at once; listeners see them after the write. */
  append(streamId: string, events: ProposedEvent[], expected: Expected): AppendOutcome {
    const stream = this.streams.get(streamId);
    const current = stream && stream.length > 0 ? stream[stream.length - 1].revision : undefined;
    const decision = this.decide(streamId, stream ?? [], current, events, expected);
    if (decision !== 'write') return decision;

    if (events.length === 0) return { kind: 'success', currentRevision: current, position: undefined, idempotent: false };
    const createdTicks = BigInt(Date.now()) * 10_000n;
    const written: LogRecord[] = [];
    let revision = current ?? -1n;
    for (const event of events) {
      revision += 1n;
      const record: LogRecord = { ...event, streamId, revision, position: this.nextPosition, createdTicks };
      this.nextPosition += RECORD_OVERHEAD + BigInt(record.data.length + record.metadata.length) + size(streamId, event.type);
      written.push(record);
    }
    this.records.push(...written);
    if (stream) stream.push(...written);
    else this.streams.set(streamId, written.slice());
    for (const record of written) this.byId.set(record.id, record);
    for (const record of written) for (const listener of [...this.listeners]) listener(record);
    return { kind: 'success', currentRevision: revision, position: written[written.length - 1].position, idempotent: false };
  }

  readStream(
    streamId: string,
    from: bigint | 'start' | 'end',
    direction: 'forwards' | 'backwards',
    count: number,
  ): LogRecord[] | 'stream_not_found' {
    const stream = this.streams.get(streamId);
    if (!stream || stream.length === 0) return 'stream_not_found';
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      return stream.slice(start, start + count);
    }
    const last = stream.length - 1;
    const start = from === 'end' ? last : from === 'start' ? 0 : Math.min(Number(from), last);
    if (start < 0) return [];
    return stream.slice(Math.max(0, start - count + 1), start + 1).reverse();
  }

  /**
   * Forwards reads include the event at `from` (a read from {P, P} starts with the event at P); backwards reads
   * return the events before `from`, as the server treats a backwards position as the end of a record.
   */
  readAll(from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: number): LogRecord[] {
    if (direction === 'forwards') {
      if (from === 'end') return [];
      const start = from === 'start' ? 0 : this.firstIndexAtOrAfter(from);
      return this.records.slice(start, start + count);
    }
    const end = from === 'end' ? this.records.length : from === 'start' ? 0 : this.firstIndexAtOrAfter(from);
    return this.records.slice(Math.max(0, end - count), end).reverse();
  }

  /** Records strictly after `position` (all of them when undefined), for a subscription's catch-up. */
  after(position: bigint | undefined): LogRecord[] {
    if (position === undefined) return this.records.slice();
    const start = this.firstIndexAtOrAfter(position);
    return this.records.slice(this.records[start]?.position === position ? start + 1 : start);
  }

  get lastPosition(): bigint | undefined {
    return this.records[this.records.length - 1]?.position;
  }

  get size(): number {
    return this.records.length;
  }

  onAppend(listener: (record: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The real server's commit check: an exact expected revision behind the stream's end is idempotent when the
   * events at the following revisions carry the same ids (a first mismatch is a plain conflict, a later one
   * "corrupted idempotency", answered as a conflict too); `any` and `stream_exists` look the ids up by id.
   */
  private decide(
    streamId: string,
    stream: LogRecord[],
    current: bigint | undefined,
    events: ProposedEvent[],
    expected: Expected,
  ): AppendOutcome | 'write' {
    const conflict: AppendOutcome = { kind: 'wrong_expected_version', currentRevision: current };
    const idempotency = this.options.idempotency ?? true;
    if (expected.kind === 'stream_exists' && current === undefined) return conflict;
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      if (!idempotency || events.length === 0) return 'write';
      const found = events.map((e) => this.byId.get(e.id));
      if (!found[0] || found[0].streamId !== streamId) return 'write';
      if (found.some((r) => !r || r.streamId !== streamId)) return conflict;
      return this.idempotent(found[found.length - 1] as LogRecord);
    }
    const expectedRevision = expected.kind === 'no_stream' ? -1n : expected.revision;
    const actual = current ?? -1n;
    if (expectedRevision === actual) return 'write';
    if (expectedRevision > actual || !idempotency || events.length === 0) return conflict;
    let last: LogRecord | undefined;
    for (let i = 0; i < events.length; i++) {
      const record = stream[Number(expectedRevision) + 1 + i];
      if (!record || record.id !== events[i].id) return conflict;
      last = record;
    }
    return this.idempotent(last as LogRecord);
  }

  private idempotent(last: LogRecord): AppendOutcome {
    const position = (this.options.idempotentReplyPosition ?? 'last-event') === 'last-event' ? last.position : undefined;
    return { kind: 'success', currentRevision: last.revision, position, idempotent: true };
  }

  private firstIndexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.records[mid].position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function size(...texts: string[]): bigint {
  return BigInt(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
}
