import { createHash, hash } from 'node:crypto';
import type { JsonObject } from './event-store';

/**
 * SHA-256 of a text, in hex. `crypto.hash` (Node ≥ 20.12) does it in one call, without the Hash object that costs
 * about as much as hashing a short text; older runtimes take the object.
 */
export const sha256Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('sha256', text, 'hex') : (text) => createHash('sha256').update(text).digest('hex');

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so the same content always hashes the same whatever order a
 * store or a driver gives the keys back in. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  return `{${canonicalMembers(value).join(',')}}`;
}

/** The members of an object's canonical JSON, each `"key":value`, in key order (`undefined` members left out). */
export function canonicalMembers(value: object): string[] {
  const members = value as Record<string, unknown>;
  return Object.keys(members)
    .filter((k) => members[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(members[k])}`);
}

/**
 * SHA-256 over the previous event's hash and the canonical JSON of this event's type, data and metadata (the
 * metadata without its own `hash`, with `prevHash`). Changing, removing or reordering any event breaks the chain
 * at that event.
 */
export function eventHash(prevHash: string, event: { type: string; data: JsonObject; metadata: JsonObject }): string {
  const { hash: _ignored, ...metadata } = event.metadata;
  return sha256Hex(`${prevHash}${canonicalJson({ type: event.type, data: event.data, metadata })}`);
}

/**
 * The text `eventHash` hashes (after the previous hash), prepared before the event's place in the chain and its time
 * are known: three pieces around the values of `metadata.prevHash` and `metadata.recordedAt`, which must be there
 * (their values are ignored). `chainedHash` fills them in; the result is `eventHash`'s, by construction of the same
 * canonical form (keys sorted: data, metadata, type; in the metadata, prevHash before recordedAt). A caller that has
 * `canonicalJson(event.data)` already may pass it (`canonicalData`) rather than have it written again.
 */
export type HashedText = readonly [string, string, string];

/** The members whose values `chainedHash` fills in, as canonicalMembers writes their keys. */
const OPEN_KEYS = ['"prevHash":', '"recordedAt":'];

export function hashedText(event: { type: string; data: JsonObject; metadata: JsonObject }, canonicalData?: string): HashedText {
  // The canonical form of the metadata without its own hash (as eventHash takes it), cut at the two values left open.
  const data = canonicalData ?? (event.data === undefined ? undefined : canonicalJson(event.data));
  const pieces: string[] = [];
  let text = `{${data === undefined ? '' : `"data":${data},`}"metadata":{`;
  let separator = '';
  for (const member of canonicalMembers(event.metadata)) {
    if (member.startsWith('"hash":')) continue;
    const open = OPEN_KEYS.find((key) => member.startsWith(key));
    if (open) {
      pieces.push(`${text}${separator}${open}`);
      text = '';
    } else {
      text += `${separator}${member}`;
    }
    separator = ',';
  }
  pieces.push(`${text}},"type":${JSON.stringify(event.type)}}`);
  if (pieces.length !== 3) throw new RangeError('an event prepared for the chain needs prevHash and recordedAt in its metadata');
  return pieces as unknown as HashedText;
}

/** `eventHash` of the event whose text was prepared by `hashedText`, with this previous hash and time. */
export function chainedHash(prevHash: string, recordedAt: string, text: HashedText): string {
  return sha256Hex(`${prevHash}${text[0]}${JSON.stringify(prevHash)}${text[1]}${JSON.stringify(recordedAt)}${text[2]}`);
}
