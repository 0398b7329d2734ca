/**
 * Reading the engine's stored events (src/engine/dossiers.ts, engine.ts): the business date sits in
 * `metadata.occurredOn`, the data carries neither `type` nor `occurredOn`, and the stream id names the aggregate.
 * Also the date sentinels that the read models use for open intervals, so that every "covers date D" test in SQL is
 * the same two comparisons: `valid_from <= :d AND :d < valid_to`.
 */
import type { ProjectedEvent } from './projection';

/** "Since always": the start of intervals that have no recorded beginning (an organisation's first place). */
export const BEGINNING = '0000-01-01';
/** "Still open": the end of an interval that has not ended (a dossier still in its stage, a parent still valid). */
export const OPEN_END = '9999-12-31';

/** The business date of the act; events recorded before the engine stamped it fall back to their recording day. */
export function occurredOn(event: ProjectedEvent): string {
  const on = event.metadata.occurredOn ?? event.data.occurredOn;
  return typeof on === 'string' ? on : event.recordedAt.slice(0, 10);
}

/** The aggregate id of a stream `<kind>-<id>`: `idInStream('dossier-1b2c…', 'dossier')` → `1b2c…`; undefined for another kind. */
export function idInStream(streamId: string, kind: 'dossier' | 'deadlines' | 'organization' | 'quotas' | 'token'): string | undefined {
  const prefix = `${kind}-`;
  return streamId.startsWith(prefix) ? streamId.slice(prefix.length) : undefined;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
