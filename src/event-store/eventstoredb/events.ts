/**
 * Client events as the port's StoredEvent. Positions are commit positions; data and metadata must be JSON objects,
 * anything else in a stream this application writes means the log was written by someone else or altered.
 */
import type { AllStreamResolvedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { JsonObject, StoredEvent } from '../../engine/event-store';
import { StoreCorruptError } from '../../engine/errors';

export function positionOf(resolved: ResolvedEvent | AllStreamResolvedEvent): number | undefined {
  const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
  return commit === undefined ? undefined : Number(commit);
}

export function isSystemEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** undefined for a link whose event is gone (only possible when links are resolved, which we never ask for) */
export function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const revision = Number(event.revision);
  const position = positionOf(resolved);
  if (position === undefined) throw new StoreCorruptError(event.streamId, revision, 'the event has no log position');
  return {
    id: event.id,
    type: event.type,
    data: jsonObject(event.data, event.streamId, revision, 'data'),
    metadata: event.metadata === undefined ? {} : jsonObject(event.metadata, event.streamId, revision, 'metadata'),
    streamId: event.streamId,
    revision,
    position,
    recordedAt: event.created.toISOString(),
  };
}

function jsonObject(value: unknown, streamId: string, revision: number, field: string): JsonObject {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)) {
    return value as JsonObject;
  }
  throw new StoreCorruptError(streamId, revision, `${field} is not a JSON object`);
}
