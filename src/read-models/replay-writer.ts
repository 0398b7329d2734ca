/**
 * Writes a replay's chunks (src/read-models/replay.ts) into a read-model file: each chunk's rows and the checkpoints
 * that cover them in one transaction, so a killed replay leaves the file as of its last chunk. A chunk comes in parts
 * (what need not wait for the chunk's end is written while the replay goes on), its last part with the checkpoints. The same code runs on
 * the ReadModelDb's own connection or on a writer thread's (replay-worker.ts); a chunk is plain arrays, so that it
 * crosses to the thread as a structured clone without a row object per row.
 *
 * Rows go in many to a statement: better-sqlite3 costs about a microsecond per call besides each bound value.
 */
import type Database from 'better-sqlite3';
import type { TableDef, Value } from '../../projections/projection';
import { deleteSql, upsertSql } from './read-model-sql';

/** `replace`: the rows are the rows as they are now; `add`: the counters are to be added to the stored ones. */
export type WriteMode = 'replace' | 'add';

export interface TableChunk {
  table: string;
  mode: WriteMode;
  /** whole rows, the columns in the order of the table definition, one row after the other */
  rows: Value[];
  /** keys of rows to delete, the key columns in order, one key after the other */
  deletes: Value[];
}

/**
 * A part of a chunk: its parts are written in order inside one transaction, which the part that carries the
 * checkpoints (the chunk's last) commits.
 */
export interface ChunkPart {
  /** numbers the parts, in order */
  seq: number;
  tables: TableChunk[];
  /** [projection, position]: where each projection's checkpoint stands once the chunk is in; ends the chunk */
  checkpoints?: [string, number][];
}

/** SQLite's historical limit of bound parameters per statement (later builds allow more; this one always works). */
const MAX_PARAMETERS = 999;
const MAX_ROWS_PER_STATEMENT = 64;

class TableWriter {
  private readonly columns: string[];
  private readonly perStatement: number;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly remove: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly def: TableDef,
  ) {
    this.columns = Object.keys(def.columns);
    this.perStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / this.columns.length)));
    this.remove = db.prepare(deleteSql(def));
  }

  write(chunk: TableChunk): void {
    const width = this.columns.length;
    const { rows } = chunk;
    if (rows.length % width !== 0) throw new Error(`replay chunk for ${this.def.name}: ${rows.length} values are not whole rows of ${width}`);
    const many = this.perStatement * width;
    let i = 0;
    if (rows.length >= many) {
      const statement = this.upsert(chunk.mode, this.perStatement);
      // bound as arguments, not as one array: better-sqlite3 reads arguments faster (about 15 % a row)
      for (; i + many <= rows.length; i += many) statement.run(...rows.slice(i, i + many));
    }
    if (i < rows.length) {
      const one = this.upsert(chunk.mode, 1);
      for (; i < rows.length; i += width) one.run(...rows.slice(i, i + width));
    }
    const keyWidth = this.def.key.length;
    for (let k = 0; k < chunk.deletes.length; k += keyWidth) this.remove.run(...chunk.deletes.slice(k, k + keyWidth));
  }

  /** INSERT of `count` rows; on a stored key, the row replaces the stored one's columns, or its counter adds up. */
  private upsert(mode: WriteMode, count: number): Database.Statement {
    const id = `${mode}${count}`;
    let statement = this.statements.get(id);
    if (!statement) this.statements.set(id, (statement = this.db.prepare(upsertSql(this.def, { add: mode === 'add', rows: count }))));
    return statement;
  }
}

export class ChunkWriter {
  private readonly tables = new Map<string, TableWriter>();
  private readonly setCheckpoint: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    defs: TableDef[],
  ) {
    for (const def of defs) this.tables.set(def.name, new TableWriter(db, def));
    this.setCheckpoint = db.prepare('UPDATE checkpoints SET position = ? WHERE projection = ?');
  }

  /** Writes a part; the chunk's transaction begins with its first part and commits with its checkpoints. */
  write(part: ChunkPart): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN');
    try {
      for (const table of part.tables) {
        const writer = this.tables.get(table.table);
        if (!writer) throw new Error(`replay chunk for an unknown table ${table.table}`);
        writer.write(table);
      }
      if (part.checkpoints) {
        for (const [projection, position] of part.checkpoints) this.setCheckpoint.run(position, projection);
        this.db.exec('COMMIT');
      }
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Drops the chunk under way (the file stays as of the last chunk written). */
  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
