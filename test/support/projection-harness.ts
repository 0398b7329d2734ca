import type { ProjectedEvent, Projection, Row } from '../../projections/projection';
import { ReadModelDb } from '../../src/read-models/read-model-db';

/**
 * given(events) → then(rows): runs a projection over events in an in-memory read-model database.
 * Positions and revisions are filled in; tests name only type and data. `readsFrom`: projections whose tables it reads
 * (the dossiers projection reads the organisation tree of org-history), applied first.
 */
export function projectionHarness(projection: Projection, ...readsFrom: Projection[]) {
  const db = new ReadModelDb(':memory:', [...readsFrom, projection]);
  let position = 0;
  const harness = {
    given(...events: { type: string; data: Record<string, unknown>; streamId?: string; metadata?: Record<string, unknown> }[]) {
      db.applyBatch(
        events.map(
          (e): ProjectedEvent => ({
            id: `e${++position}`,
            type: e.type,
            data: e.data,
            metadata: e.metadata ?? {},
            streamId: e.streamId ?? 'test-1',
            revision: position - 1,
            position,
            recordedAt: '2024-01-01T00:00:00.000Z',
          }),
        ),
      );
      return harness;
    },
    /** The table's rows, by `orderBy` or else in key order. */
    rows(table: string, orderBy?: string): Row[] {
      return db.db.prepare(`SELECT * FROM "${table}"${orderBy ? ` ORDER BY ${orderBy}` : ''}`).all() as Row[];
    },
    close: () => db.close(),
  };
  return harness;
}
