/**
 * What a read model is, as pure data and functions: its tables, and for each event the row changes it makes given
 * the rows as they are. The runner in src/read-models/ owns the database, the subscription and the checkpoints.
 */

/** An event of the log as projections see it (structurally the event store's StoredEvent). */
export interface ProjectedEvent {
  id: string;
  type: string;
  data: { [key: string]: unknown };
  metadata: { [key: string]: unknown };
  streamId: string;
  revision: number;
  position: number;
  recordedAt: string;
}

export type ColumnType = 'TEXT' | 'INTEGER' | 'REAL';
export type Value = string | number | null;
export type Row = { [column: string]: Value };

export interface TableDef {
  name: string;
  columns: { [column: string]: ColumnType };
  /** primary key columns */
  key: string[];
  /** secondary indexes, each a list of columns */
  indexes?: string[][];
  /**
   * A counter table: its rows are only ever added to (`{ table, add }` changes), never read back by projections, so
   * the database adds blindly and a rebuild never reads a counter before writing it.
   */
  counter?: string;
  /**
   * A counter table whose rows are deleted when their counter comes to 0 (and never created at 0), so that they
   * exist exactly where the sum is not 0, however the log was cut into batches: for counters that go up and down,
   * whose zeros would otherwise pile up for the queries to read. It costs each write a read-back.
   */
  dropZero?: boolean;
  /**
   * Projections never read this table's rows back (an index for queries, a history): the database keeps no copy of
   * them in memory. The live runner still answers such a read from SQLite; a replay (src/read-models/replay.ts)
   * refuses it, as it does reads of counter tables.
   */
  writeOnly?: boolean;
}

/**
 * `upsert` writes the whole row (columns it omits become NULL); `delete` names the key; `add` (counter tables only)
 * adds the row's counter value to the stored row's, creating the row when it is absent.
 */
export type RowChange = { table: string; upsert: Row } | { table: string; delete: Row } | { table: string; add: Row };

/** Read access to the rows as they stand, including the changes of earlier events in the same batch. */
export interface RowReader {
  get(table: string, key: Row): Row | undefined;
  /** rows whose column equals the value */
  where(table: string, column: string, value: Value): Row[];
}

export interface Projection {
  /** stable name; also the prefix of its tables */
  name: string;
  /** bump when tables or logic change: the runner then rebuilds this projection from the start of the log */
  version: number;
  tables: TableDef[];
  apply(event: ProjectedEvent, rows: RowReader): RowChange[];
}
