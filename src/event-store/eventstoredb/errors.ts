/**
 * EventStoreDB client errors, sorted into what the port knows. Checked by the client's `type` tag and the gRPC
 * `code` rather than `instanceof`: raw grpc-js errors reach us too (code 14 without a client class around it).
 */
import { ErrorType } from '@eventstore/db-client';
import { EngineError, StoreUnavailableError, StreamNotFoundError } from '../../engine/errors';

/** gRPC status codes (ABORTED is how EventStoreDB answers a commit timeout: the write may have happened). */
const GrpcStatus = { CANCELLED: 1, DEADLINE_EXCEEDED: 4, ABORTED: 10, INTERNAL: 13, UNAVAILABLE: 14 } as const;

interface ErrorLike {
  type?: unknown;
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

function fields(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

export function messageOf(error: unknown): string {
  const { message, details } = fields(error);
  if (typeof message === 'string' && message) return message;
  if (typeof details === 'string' && details) return details;
  return String(error);
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion: bigint | 'no_stream' } {
  return fields(error).type === ErrorType.WRONG_EXPECTED_VERSION && 'actualVersion' in (error as object);
}

export function isStreamNotFound(error: unknown): boolean {
  return fields(error).type === ErrorType.STREAM_NOT_FOUND;
}

/** A deleted (tombstoned) stream has no events to read: to a reader it is not found. */
function isStreamDeleted(error: unknown): boolean {
  return fields(error).type === ErrorType.STREAM_DELETED;
}

/**
 * Failures where the server was not reached, went away, or did not answer in time. For an append they are
 * ambiguous: the events may or may not have been written. A cancellation we asked for ourselves is not one.
 */
export function isTransient(error: unknown): boolean {
  const { type, code, details } = fields(error);
  if (code === GrpcStatus.CANCELLED && details === 'Cancelled on client') return false;
  if (
    type === ErrorType.UNAVAILABLE ||
    type === ErrorType.DEADLINE_EXCEEDED ||
    type === ErrorType.TIMEOUT ||
    type === ErrorType.CANCELLED
  ) {
    return true;
  }
  if (
    code === GrpcStatus.UNAVAILABLE ||
    code === GrpcStatus.DEADLINE_EXCEEDED ||
    code === GrpcStatus.ABORTED ||
    code === GrpcStatus.CANCELLED
  ) {
    return true;
  }
  // An HTTP/2 stream reset mid-call (code 13) and the grpc-js "write after end" race are lost connections too.
  const message = messageOf(error);
  return (code === GrpcStatus.INTERNAL && message.includes('RST_STREAM')) || /write after end|ECONNRESET|ECONNREFUSED|EPIPE/.test(message);
}

/**
 * Anything the client threw, as the port's error; what the port has no word for keeps its cause. `readOf` names
 * the stream when the failure is a read of it.
 */
export function translate(error: unknown, context: string, readOf?: string): Error {
  if (error instanceof EngineError) return error;
  if (readOf !== undefined && (isStreamNotFound(error) || isStreamDeleted(error))) return new StreamNotFoundError(readOf);
  if (isTransient(error)) return new StoreUnavailableError(`${context}: ${messageOf(error)}`, { cause: error });
  return new Error(`eventstoredb: ${context} failed: ${messageOf(error)}`, { cause: error });
}
