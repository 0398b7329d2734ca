import { createHash } from 'node:crypto';
import type { JsonObject } from './event-store';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so the same content always hashes the same whatever order a
 * store or a driver gives the keys back in. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as JsonObject)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as JsonObject)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * SHA-256 over the previous event's hash and the canonical JSON of this event's type, data and metadata (the
 * metadata without its own `hash`, with `prevHash`). Changing, removing or reordering any event breaks the chain
 * at that event.
 */
export function eventHash(prevHash: string, event: { type: string; data: JsonObject; metadata: JsonObject }): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ type: event.type, data: event.data, metadata }))
    .digest('hex');
}
