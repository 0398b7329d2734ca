/**
 * The rows a replay (replay.ts) holds while it runs the projections over the log: what the projections read back, and
 * what the chunk under way has changed, each row once, until the chunk is written.
 *
 * Unlike ReadModelDb's batch overlay over a row cache, there is one copy of each row here and no per-change
 * bookkeeping beyond the row itself: rows live in nested Maps keyed by their key columns' values (no key string is
 * built per change), and a changed row is listed once per chunk. Per kind of table (projections/projection.ts):
 *
 * - read back (neither counter nor write-only): every row read or written stays held until the replay ends or memory
 *   runs short (`evict`). While a table was empty when the replay began and nothing was evicted, a row not held does
 *   not exist: most keys of a rebuild are new, and need no read.
 * - counters that drop their zeros: held the same way, as sums; a chunk writes the sums as they are and deletes the
 *   rows that came to 0, so no write reads a counter back.
 * - other counters: the chunk's additions, summed per row, added to the stored rows blindly; dropped once written.
 * - write-only: each change goes to the writer with the page of the log that made it, in order, and is not held.
 * Projections read neither counters nor write-only tables back (projections/projection.ts); a replay refuses to.
 */
import type { Row, RowChange, RowReader, TableDef, Value } from '../../projections/projection';
import type { ReadModelDb } from './read-model-db';
import { q } from './read-model-sql';
import type { TableChunk } from './replay-writer';
import { type Level, type RowCode, rowCode } from './row-code';

/** Rows by key in nested Maps, a level per key column (no key string is built per change); see row-code.ts. */
class KeyedMaps<T> {
  root: Level<T> = new Map();

  constructor(readonly code: RowCode) {}

  find(row: Row): T | undefined {
    return this.code.find(this.root, row);
  }

  findOrMake(row: Row, make: () => T): T {
    return this.code.findOrMake(this.root, row, make);
  }

  forEach(visit: (leaf: T) => void): void {
    this.code.forEach(this.root, visit);
  }
}

/** A held row: its current version (null: absent), the chunk that last changed it, and whether the file may hold it. */
class Entry {
  chunk = -1;
  constructor(
    readonly key: Value[],
    public row: Row | null,
    public stored: boolean,
  ) {}
}

interface TableState {
  readonly def: TableDef;
  get(key: Row): Row | undefined;
  where(column: string, value: Value): Row[];
  apply(change: RowChange, chunk: number): void;
  /** the chunk's writes, or undefined when it changed nothing here */
  take(): TableChunk | undefined;
  /** forget every held row (nothing may be waiting to be written) */
  evict(): void;
}

/** A table whose rows stay held between chunks: read back by projections, or counters that drop their zeros. */
class HeldTable implements TableState {
  private rows: KeyedMaps<Entry>;
  private dirty: Entry[] = [];
  /** secondary indexes over the held rows, by column and value, made on a table's first `where` on the column */
  private readonly indexes = new Map<string, Map<Value, Set<Entry>>>();
  /** `where` answers, until the table changes */
  private readonly answers = new Map<string, Map<Value, Row[]>>();
  private readonly code: RowCode;

  constructor(
    readonly def: TableDef,
    private readonly db: ReadModelDb,
    /** every row of the table is held: it was empty when the replay began and nothing was evicted since */
    private complete: boolean,
  ) {
    this.code = rowCode(def);
    this.rows = new KeyedMaps(this.code);
  }

  get(key: Row): Row | undefined {
    return this.entry(key, 'read')?.row ?? undefined;
  }

  where(column: string, value: Value): Row[] {
    if (!(column in this.def.columns)) throw new Error(`table ${this.def.name} has no column ${column}`);
    let byValue = this.answers.get(column);
    if (!byValue) this.answers.set(column, (byValue = new Map()));
    let answer = byValue.get(value);
    if (answer) return answer;
    const held: Row[] = [];
    this.heldWhere(column, value, (entry) => {
      if (entry.row !== null) held.push(entry.row);
    });
    if (this.complete) answer = held;
    else {
      // The file's rows, except where a held version (current, or not yet written) stands for them.
      answer = this.db.storedWhere(this.def.name, column, value).filter((row) => this.rows.find(row) === undefined);
      answer.push(...held);
    }
    // Shared by every caller until the table changes: frozen, so that no projection edits another's answer.
    Object.freeze(answer);
    byValue.set(value, answer);
    return answer;
  }

  apply(change: RowChange, chunk: number): void {
    let entry: Entry;
    if ('add' in change) {
      const counter = this.def.counter;
      if (!counter) throw new Error(`${this.def.name} is not a counter table`);
      entry = this.entry(change.add, 'sum')!;
      if (entry.row === null) entry.row = { ...change.add };
      else this.code.add(entry.row, change.add);
    } else {
      const row = 'upsert' in change ? change.upsert : null;
      if (row && this.def.counter) throw new Error(`${this.def.name} is a counter table: add to it`);
      entry = this.entry('upsert' in change ? change.upsert : change.delete, 'write')!;
      if (this.indexes.size > 0) this.unindex(entry);
      entry.row = row;
      if (this.indexes.size > 0) this.index(entry);
      if (this.answers.size > 0) this.answers.clear();
    }
    if (entry.chunk !== chunk) {
      entry.chunk = chunk;
      this.dirty.push(entry);
    }
  }

  take(): TableChunk | undefined {
    if (this.dirty.length === 0) return undefined;
    const rows: Value[] = [];
    const deletes: Value[] = [];
    const counter = this.def.dropZero ? this.def.counter : undefined;
    for (const entry of this.dirty) {
      const { row } = entry;
      if (row === null || (counter !== undefined && Number(row[counter]) === 0)) {
        // absent now: delete it where the file may hold it
        if (entry.stored) deletes.push(...entry.key);
        entry.stored = false;
      } else {
        this.code.push(rows, row);
        entry.stored = true;
      }
    }
    this.dirty = [];
    return rows.length > 0 || deletes.length > 0 ? { table: this.def.name, mode: 'replace', rows, deletes } : undefined;
  }

  evict(): void {
    this.rows = new KeyedMaps(this.code);
    this.indexes.clear();
    this.answers.clear();
    this.dirty = [];
    this.complete = false;
  }

  /**
   * The held entry of a key. Not held: to `read` it, undefined if the table is complete, else the file's row, held
   * from now on; to `write` it, a new entry (which the file may hold unless the table is complete); to `sum` into it,
   * an entry with the file's sum, if any.
   */
  private entry(key: Row, purpose: 'read' | 'write' | 'sum'): Entry | undefined {
    if (this.complete) return purpose === 'read' ? this.rows.find(key) : this.rows.findOrMake(key, () => new Entry(this.code.key(key), null, false));
    const found = this.rows.find(key);
    if (found !== undefined) return found;
    if (purpose === 'write') return this.rows.findOrMake(key, () => new Entry(this.code.key(key), null, true));
    const stored = this.db.storedRow(this.def.name, key);
    const entry = this.rows.findOrMake(key, () => new Entry(this.code.key(key), stored ?? null, stored !== undefined));
    if (stored !== undefined && this.indexes.size > 0) this.index(entry);
    return entry;
  }

  /** Visits the held entries whose row has the value in the column: under the first key column, or by an index. */
  private heldWhere(column: string, value: Value, visit: (entry: Entry) => void): void {
    if (column === this.def.key[0]) {
      const under = this.rows.root.get(value);
      if (under === undefined) return;
      if (this.def.key.length === 1) visit(under as Entry);
      else this.code.forEach(new Map([[value, under]]), visit);
      return;
    }
    let index = this.indexes.get(column);
    if (!index) {
      const made = new Map<Value, Set<Entry>>();
      this.rows.forEach((entry) => this.indexIn(made, column, entry));
      this.indexes.set(column, (index = made));
    }
    index.get(value)?.forEach(visit);
  }

  private index(entry: Entry): void {
    for (const [column, index] of this.indexes) this.indexIn(index, column, entry);
  }

  private indexIn(index: Map<Value, Set<Entry>>, column: string, entry: Entry): void {
    if (entry.row === null) return;
    const value = entry.row[column] ?? null;
    let entries = index.get(value);
    if (!entries) index.set(value, (entries = new Set()));
    entries.add(entry);
  }

  private unindex(entry: Entry): void {
    if (entry.row === null) return;
    for (const [column, index] of this.indexes) index.get(entry.row[column] ?? null)?.delete(entry);
  }
}

/** Counters that keep their zeros: the chunk's additions, summed by key, added to the file's rows blindly. */
class SumTable implements TableState {
  private sums: KeyedMaps<Row>;
  private readonly code: RowCode;

  constructor(readonly def: TableDef) {
    this.code = rowCode(def);
    this.sums = new KeyedMaps(this.code);
  }

  get(): Row | undefined {
    throw new Error(`${this.def.name} is a counter table: projections add to it, they do not read it`);
  }

  where(): Row[] {
    return this.get() as never;
  }

  apply(change: RowChange): void {
    const counter = this.def.counter!;
    if (!('add' in change)) throw new Error(`${this.def.name} is a counter table: add to it`);
    const sum = this.sums.findOrMake(change.add, () => ({ ...change.add, [counter]: 0 }));
    this.code.add(sum, change.add);
  }

  take(): TableChunk | undefined {
    const rows: Value[] = [];
    this.sums.forEach((sum) => this.code.push(rows, sum));
    this.sums = new KeyedMaps(this.code);
    return rows.length > 0 ? { table: this.def.name, mode: 'add', rows, deletes: [] } : undefined;
  }

  evict(): void {}
}

/**
 * Write-only tables: their changes in order, as flat values, handed to the writer after every page of the log (so
 * they are not held for long). A row written twice is written twice (the second write wins); projections do not read
 * these tables back (projections/projection.ts), and a replay refuses to answer if one does.
 */
class WriteOnlyTable implements TableState {
  /** the changes since the last hand-over, in order: rows to write, then keys to delete, then rows again… */
  private parts: TableChunk[] = [];
  private readonly code: RowCode;

  constructor(readonly def: TableDef) {
    this.code = rowCode(def);
  }

  get(): Row | undefined {
    throw new Error(`${this.def.name} is write-only: a projection that reads it back must not declare it so (projections/projection.ts)`);
  }

  where(): Row[] {
    return this.get() as never;
  }

  apply(change: RowChange): void {
    if ('add' in change) throw new Error(`${this.def.name} is not a counter table`);
    let part = this.parts[this.parts.length - 1];
    if ('upsert' in change) {
      // rows written after a deletion go to a part of their own, so that the writer keeps the order
      if (!part || part.deletes.length > 0) this.parts.push((part = { table: this.def.name, mode: 'replace', rows: [], deletes: [] }));
      this.code.push(part.rows, change.upsert);
    } else {
      if (!part) this.parts.push((part = { table: this.def.name, mode: 'replace', rows: [], deletes: [] }));
      part.deletes.push(...this.code.key(change.delete));
    }
  }

  /** the changes so far, in parts to be written in order */
  takeParts(): TableChunk[] {
    const parts = this.parts;
    this.parts = [];
    return parts;
  }

  take(): undefined {
    return undefined;
  }

  evict(): void {}
}

export class ReplayState implements RowReader {
  private readonly tables = new Map<string, TableState>();
  private readonly writeOnly: WriteOnlyTable[] = [];
  /** the chunk under way: a row changed in it is written once, at its end */
  private chunk = 0;

  constructor(db: ReadModelDb) {
    for (const projection of db.projections) {
      for (const def of projection.tables) {
        let table: TableState;
        if (def.counter && !def.dropZero) table = new SumTable(def);
        else if (def.writeOnly && !def.counter) this.writeOnly.push((table = new WriteOnlyTable(def)));
        else table = new HeldTable(def, db, !db.db.prepare(`SELECT 1 FROM ${q(def.name)} LIMIT 1`).get());
        this.tables.set(def.name, table);
      }
    }
  }

  get(table: string, key: Row): Row | undefined {
    const t = this.table(table);
    if (t.def.counter) throw new Error(`${table} is a counter table: projections add to it, they do not read it`);
    return t.get(key);
  }

  where(table: string, column: string, value: Value): Row[] {
    const t = this.table(table);
    if (t.def.counter) throw new Error(`${table} is a counter table: projections add to it, they do not read it`);
    return t.where(column, value);
  }

  apply(change: RowChange): void {
    this.table(change.table).apply(change, this.chunk);
  }

  /** The write-only tables' changes since the last call, to be written in this order before anything later. */
  takeWriteOnly(): TableChunk[] {
    return this.writeOnly.flatMap((t) => t.takeParts());
  }

  /** Ends the chunk under way: every change still to be written, table by table. */
  take(): TableChunk[] {
    const tables = this.takeWriteOnly();
    for (const t of this.tables.values()) {
      const written = t.take();
      if (written) tables.push(written);
    }
    this.chunk++;
    return tables;
  }

  /** Forgets every held row; only once every chunk is written. Later reads ask the file. */
  evict(): void {
    for (const t of this.tables.values()) t.evict();
  }

  private table(name: string): TableState {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no read-model table ${name}`);
    return t;
  }
}
