/**
 * A fake EventStoreDB for tests: a gRPC server on 127.0.0.1 built with @grpc/grpc-js and the service definitions
 * generated inside @eventstore/db-client, so the real client talks to it over real HTTP/2 and protobuf. Connect
 * with `esdb://127.0.0.1:PORT?tls=false` (single node, no gossip).
 *
 * What it does: Streams.Append (client streaming) and Streams.BatchAppend (bidi; advertised in
 * ServerFeatures.GetSupportedMethods only when `batchAppend` is on, which is how the client picks its path);
 * Streams.Read for a stream (forwards and backwards), for `$all` (forwards and backwards), and catch-up
 * subscriptions to `$all` (confirmation, history strictly after the start position, CaughtUp, then live events);
 * expected revisions no_stream / any / exact / stream_exists; the server's id-based idempotency (a repeated append
 * answers with the first result) and its `StreamNotFound` read answer. Fault hooks: stop()/start() on the same
 * port (the client sees code 14 UNAVAILABLE in between); failNextAppendAfterCommit() (the append is written, then
 * the call fails or the connection drops, so the client cannot know it committed) and failNextAppendBeforeCommit()
 * (the call fails unwritten, optionally after another writer moved the stream on). It counts calls per method.
 *
 * What it does not model: persistence (a process exit loses everything; stop/start keeps memory), clustering,
 * gossip, leader election and NotLeader answers, TLS, authentication, ACLs and AccessDenied, stream metadata,
 * $maxCount/$maxAge/truncation, deletes and tombstones (Delete/Tombstone are unimplemented), scavenging, projections,
 * persistent subscriptions, subscriptions to a single stream, server-side filters and checkpoints, link events and
 * resolveLinkTos, system streams beyond two seeded `$`-events at the start of the log, the idempotency cache's
 * size limit (for `any` it remembers every id forever), commit timeouts and other server-side failures except the
 * fault hooks, invalid-position checks on `$all` reads, deadlines sent by the client, maximum append size, slow
 * subscribers falling behind (FellBehind), and backpressure (reads are written as fast as gRPC buffers them).
 */
import * as grpc from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty as SharedEmpty,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
// google-protobuf ships with @eventstore/db-client (its generated code requires these same modules).
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { AppendOutcome, Expected, FakeLog, LogRecord, ProposedEvent } from './log';

export interface EsdbFakeOptions {
  /** 0 (default) picks a free port */
  port?: number;
  /** advertise Streams.BatchAppend so the client uses it instead of Streams.Append (default true) */
  batchAppend?: boolean;
  /** answer repeated appends with the first result (default true); off makes a retried append a conflict */
  idempotency?: boolean;
  /** what an idempotent reply carries: the earlier last event's position (default) or none, as older servers */
  idempotentReplyPosition?: 'last-event' | 'none';
  /** write two `$`-system events first, as a real log starts with some (default true) */
  seedSystemEvents?: boolean;
}

/** How a failed append call ends: with status 14 UNAVAILABLE, or with every connection cut (as a network blip). */
export type AppendFault = 'unavailable' | 'drop-connection';

interface PendingFault {
  when: 'before-commit' | 'after-commit';
  fault: AppendFault;
  meanwhile?: () => void;
}

export interface CallCounts {
  getSupportedMethods: number;
  append: number;
  batchAppend: number;
  /** BatchAppend requests that completed an append (several can share one BatchAppend call) */
  batchAppendWrites: number;
  read: number;
  subscribe: number;
}

const STREAMS = 'event_store.client.streams.streams';

export class EsdbFake {
  readonly log: FakeLog;
  readonly calls: CallCounts = {
    getSupportedMethods: 0,
    append: 0,
    batchAppend: 0,
    batchAppendWrites: 0,
    read: 0,
    subscribe: 0,
  };
  private server: grpc.Server | undefined;
  private boundPort: number;
  private readonly batchAppend: boolean;
  private pendingFault: PendingFault | undefined;
  private readonly liveSubscriptions = new Set<() => void>();

  constructor(options: EsdbFakeOptions = {}) {
    this.boundPort = options.port ?? 0;
    this.batchAppend = options.batchAppend ?? true;
    this.log = new FakeLog({
      idempotency: options.idempotency,
      idempotentReplyPosition: options.idempotentReplyPosition,
    });
    if (options.seedSystemEvents ?? true) {
      const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
      const system = (streamId: string, type: string, data: unknown) =>
        this.log.append(
          streamId,
          [{ id: randomUUID(), type, contentType: 'application/json', data: json(data), metadata: new Uint8Array() }],
          { kind: 'any' },
        );
      system('$epoch-information', '$epoch-information', { epochNumber: 0 });
      system('$settings', 'update-default-acl', { $userStreamAcl: {}, $systemStreamAcl: {} });
    }
  }

  static async start(options: EsdbFakeOptions = {}): Promise<EsdbFake> {
    const fake = new EsdbFake(options);
    await fake.start();
    return fake;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** subscriptions the server is feeding live events to */
  get activeSubscriptions(): number {
    return this.liveSubscriptions.size;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Listens (again) on the same port; the log survives a stop/start, as a durable server's would. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) =>
        this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppendCall(call),
      delete: (_call: unknown, callback: grpc.sendUnaryData<never>) => callback(unimplemented('Delete')),
      tombstone: (_call: unknown, callback: grpc.sendUnaryData<never>) => callback(unimplemented('Tombstone')),
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => {
        this.calls.getSupportedMethods++;
        callback(null, this.supportedMethods());
      },
    });
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${this.boundPort}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    this.server = server;
  }

  /** Drops every connection and stops listening: clients get code 14 UNAVAILABLE until start(). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const unsubscribe of [...this.liveSubscriptions]) unsubscribe();
    server.forceShutdown();
  }

  /** One-shot: the next append that writes (either path) is written to the log, then its call fails. */
  failNextAppendAfterCommit(fault: AppendFault = 'unavailable'): void {
    this.pendingFault = { when: 'after-commit', fault };
  }

  /**
   * One-shot: the next append fails without being written; `meanwhile` runs first, e.g. another writer's append
   * through `log`, so the client's retry finds the stream moved on.
   */
  failNextAppendBeforeCommit(meanwhile?: () => void, fault: AppendFault = 'unavailable'): void {
    this.pendingFault = { when: 'before-commit', fault, meanwhile };
  }

  /** Records of the log that are not `$`-system events, for assertions. */
  userRecords(): LogRecord[] {
    return this.log.after(undefined).filter((r) => !r.streamId.startsWith('$') && !r.type.startsWith('$'));
  }

  private supportedMethods(): SupportedMethods {
    const method = (service: string, name: string, features: string[] = []) =>
      new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
    const methods = [
      method(STREAMS, 'read', ['position', 'events']),
      method(STREAMS, 'append'),
      method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
    ];
    if (this.batchAppend) methods.push(method(STREAMS, 'batchappend', ['deadline_duration']));
    return new SupportedMethods().setEventStoreServerVersion('24.10.0-fake').setMethodsList(methods);
  }

  /**
   * Writes an append unless a fault says otherwise. Returns the outcome to answer with, or the fault that ends
   * the call instead (an after-commit fault fires only on an append that actually wrote).
   */
  private write(streamId: string, events: ProposedEvent[], expected: Expected): AppendOutcome | AppendFault {
    const pending = this.pendingFault;
    if (pending?.when === 'before-commit') {
      this.pendingFault = undefined;
      pending.meanwhile?.();
      return pending.fault;
    }
    const outcome = this.log.append(streamId, events, expected);
    if (pending?.when === 'after-commit' && outcome.kind === 'success' && !outcome.idempotent) {
      this.pendingFault = undefined;
      return pending.fault;
    }
    return outcome;
  }

  /** Simulates a network blip: every connection is cut, and the server listens again on the same port. */
  private dropConnections(): void {
    void this.stop()
      .then(() => this.start())
      .catch((error: unknown) => console.error(`esdb-fake could not listen again: ${String(error)}`));
  }

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>) {
    this.calls.append++;
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let failure: grpc.ServerErrorResponse | undefined;
    call.on('data', (request: AppendReq) => {
      if (failure) return;
      try {
        if (request.hasOptions()) options = request.getOptions();
        else if (request.hasProposedMessage()) events.push(toProposed(request.getProposedMessage() as AppendReq.ProposedMessage));
      } catch (error) {
        failure = invalidArgument((error as Error).message);
      }
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (failure) return callback(failure);
      if (!options?.hasStreamIdentifier()) return callback(invalidArgument('the first message must carry options'));
      const streamId = streamName(options.getStreamIdentifier());
      const expected: Expected = options.hasRevision()
        ? { kind: 'revision', revision: BigInt(options.getRevision()) }
        : options.hasNoStream()
          ? { kind: 'no_stream' }
          : options.hasStreamExists()
            ? { kind: 'stream_exists' }
            : { kind: 'any' };
      const outcome = this.write(streamId, events, expected);
      if (outcome === 'drop-connection') return this.dropConnections();
      if (outcome === 'unavailable') return callback(unavailable('connection lost during the append'));
      callback(null, toAppendResp(outcome, expected));
    });
  }

  private batchAppendCall(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
    this.calls.batchAppend++;
    const pending = new Map<string, { streamId: string; expected: Expected; events: ProposedEvent[] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId() as UUID;
      const key = uuidString(correlation);
      const options = request.getOptions();
      if (options) {
        const expected: Expected = options.hasStreamPosition()
          ? { kind: 'revision', revision: BigInt(options.getStreamPosition()) }
          : options.hasNoStream()
            ? { kind: 'no_stream' }
            : options.hasStreamExists()
              ? { kind: 'stream_exists' }
              : { kind: 'any' };
        pending.set(key, { streamId: streamName(options.getStreamIdentifier()), expected, events: [] });
      }
      const write = pending.get(key);
      if (!write) return;
      const response = new BatchAppendResp()
        .setCorrelationId(correlation)
        .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(write.streamId, 'utf8')));
      try {
        write.events.push(...request.getProposedMessagesList().map(toProposed));
      } catch (error) {
        pending.delete(key);
        call.write(response.setError(status(grpc.status.INVALID_ARGUMENT, (error as Error).message)));
        return;
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      this.calls.batchAppendWrites++;
      const outcome = this.write(write.streamId, write.events, write.expected);
      if (outcome === 'drop-connection') return this.dropConnections();
      if (outcome === 'unavailable') {
        call.emit('error', unavailable('connection lost during the append'));
        return;
      }
      call.write(toBatchAppendResp(response, outcome, write.expected));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
    this.calls.read++;
    const options = call.request.getOptions();
    if (!options) return call.emit('error', invalidArgument('options are required'));
    if (options.hasFilter()) return call.emit('error', unimplemented('server-side filters'));
    if (options.getResolveLinks()) return call.emit('error', unimplemented('resolveLinkTos'));
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const toResp = (record: LogRecord) => new ReadResp().setEvent(toReadEvent(record, structuredIds));

    if (options.hasSubscription()) {
      if (!options.hasAll()) return call.emit('error', unimplemented('subscriptions to a single stream'));
      return this.subscribeToAll(call, options.getAll() as ReadReq.Options.AllOptions, toResp);
    }

    const direction = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
    const count = Number(BigInt.asUintN(53, BigInt(options.getCount() || '0')));
    if (options.hasStream()) {
      const stream = options.getStream() as ReadReq.Options.StreamOptions;
      const from = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? 'end' : 'start';
      const records = this.log.readStream(streamName(stream.getStreamIdentifier()), from, direction, count);
      if (records === 'stream_not_found') {
        call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(stream.getStreamIdentifier())));
      } else {
        for (const record of records) call.write(toResp(record));
      }
      return call.end();
    }
    const all = options.getAll() as ReadReq.Options.AllOptions;
    const from = all.hasPosition() ? BigInt((all.getPosition() as ReadReq.Options.Position).getCommitPosition()) : all.hasEnd() ? 'end' : 'start';
    for (const record of this.log.readAll(from, direction, count)) call.write(toResp(record));
    call.end();
  }

  /** Like the server's AllSubscription: events strictly after the start position, then CaughtUp, then live. */
  private subscribeToAll(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    all: ReadReq.Options.AllOptions,
    toResp: (record: LogRecord) => ReadResp,
  ) {
    this.calls.subscribe++;
    let checkpoint = all.hasPosition()
      ? BigInt((all.getPosition() as ReadReq.Options.Position).getCommitPosition())
      : all.hasEnd()
        ? this.log.lastPosition
        : undefined;
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    const send = (record: LogRecord) => {
      if (checkpoint !== undefined && record.position <= checkpoint) return;
      checkpoint = record.position;
      call.write(toResp(record));
    };
    // The log is in memory and this runs in one turn of the event loop, so nothing can be appended between the
    // catch-up and the registration of the live listener.
    for (const record of this.log.after(checkpoint)) send(record);
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    const stopListening = this.log.onAppend(send);
    const unsubscribe = () => {
      stopListening();
      this.liveSubscriptions.delete(unsubscribe);
    };
    this.liveSubscriptions.add(unsubscribe);
    call.on('cancelled', unsubscribe);
    call.on('close', unsubscribe);
    call.on('error', unsubscribe);
  }
}

function toProposed(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type) throw new Error('required metadata property "type" is missing');
  if (!contentType) throw new Error('required metadata property "content-type" is missing');
  const id = uuidString(message.getId());
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new Error(`invalid event id "${id}"`);
  return {
    id: id.toLowerCase(),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

function toAppendResp(outcome: AppendOutcome, expected: Expected): AppendResp {
  const response = new AppendResp();
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new SharedEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new SharedEmpty());
    else {
      const position = String(outcome.position);
      success.setPosition(new AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
    }
    return response.setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new SharedEmpty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new SharedEmpty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new SharedEmpty());
  else wrong.setExpectedAny(new SharedEmpty());
  return response.setWrongExpectedVersion(wrong);
}

function toBatchAppendResp(response: BatchAppendResp, outcome: AppendOutcome, expected: Expected): BatchAppendResp {
  if (outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.currentRevision === undefined) success.setNoStream(new GoogleEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position === undefined) success.setNoPosition(new GoogleEmpty());
    else {
      const position = String(outcome.position);
      success.setPosition(new AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
    }
    return response.setSuccess(success);
  }
  const wrong = new WrongExpectedVersion();
  if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new GoogleEmpty());
  else wrong.setExpectedAny(new GoogleEmpty());
  const details = new Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return response.setError(status(grpc.status.FAILED_PRECONDITION, 'WrongExpectedVersion', details));
}

function toReadEvent(record: LogRecord, structuredIds: boolean): ReadResp.ReadEvent {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(toUuid(record.id, structuredIds))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(record.streamId, 'utf8')))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  recorded
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.createdTicks.toString());
  return new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.position.toString());
}

function streamName(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new Error('missing stream identifier');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured() as UUID.Structured;
    const bytes = Buffer.alloc(16);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getMostSignificantBits())), 0);
    bytes.writeBigUInt64BE(BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits())), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

function toUuid(id: string, structured: boolean): UUID {
  if (!structured) return new UUID().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return new UUID().setStructured(
    new UUID.Structured()
      .setMostSignificantBits(BigInt.asIntN(64, bytes.readBigUInt64BE(0)).toString())
      .setLeastSignificantBits(BigInt.asIntN(64, bytes.readBigUInt64BE(8)).toString()),
  );
}

function status(code: number, message: string, details?: Any): Status {
  const result = new Status().setCode(code).setMessage(message);
  return details ? result.setDetails(details) : result;
}

function serviceError(code: grpc.status, details: string): grpc.ServerErrorResponse {
  return Object.assign(new Error(details), { code, details });
}

function unavailable(details: string) {
  return serviceError(grpc.status.UNAVAILABLE, details);
}

function invalidArgument(details: string) {
  return serviceError(grpc.status.INVALID_ARGUMENT, details);
}

function unimplemented(what: string) {
  return serviceError(grpc.status.UNIMPLEMENTED, `esdb-fake does not model ${what}`);
}
