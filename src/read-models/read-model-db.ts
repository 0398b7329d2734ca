/**
 * The local read-model file: the projections' tables plus one checkpoint row per projection. Row changes and the
 * checkpoints that cover them are written in one transaction, so after a crash the file is exactly as of some
 * checkpoint and the runner resumes from there. The file is disposable: a rebuild replays the log.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

import { deleteSql, openReadModelFile, q, upsertSql } from './read-model-sql';
import type { Projection, ProjectedEvent, Row, RowChange, RowReader, TableDef, Value } from '../../projections/projection';

interface TableStatements {
  def: TableDef;
  columns: string[];
  get: Database.Statement;
  /** upsert, or for a counter table: insert or add to the counter */
  upsert: Database.Statement;
  remove: Database.Statement;
  where: Map<string, Database.Statement>;
  /** rows are kept in the row cache (read back by projections) */
  cached: boolean;
}

/** Rows kept in memory per table; beyond this the table's cache starts over and misses ask SQLite again. */
const ROW_CACHE_LIMIT = 200_000;

/** A deleted row in a batch's overlay: its key values, for the DELETE. */
class Tombstone {
  constructor(readonly key: Value[]) {}
}

/** A batch's pending rows: the latest version of each touched row by key, or a tombstone where it was deleted. */
type Overlay = Map<string, Map<string, Row | Tombstone>>;

export class ReadModelDb implements RowReader {
  readonly db: Database.Database;
  private readonly tables = new Map<string, TableStatements>();
  private readonly checkpoints = new Map<string, number>();
  private readonly generations = new Map<string, number>();
  private overlay?: Overlay;
  /**
   * Rows read or written, by table and key (null: known to be absent). This object is the file's only writer, so
   * the cache never goes stale. A table that was empty when opened and never overflowed the cache is `complete`:
   * a miss is an absent row without asking SQLite — the common case while rebuilding, when most keys are new.
   */
  private readonly rows = new Map<string, Map<string, Row | null>>();
  private readonly complete = new Set<string>();
  /**
   * Stored rows of `where` lookups, by table and column and value, dropped when the batch that writes the table is
   * flushed: the organisation tree is looked up for most dossier events and changes a handful of times a year.
   */
  private readonly wheres = new Map<string, Map<string, Row[]>>();
  private readonly updateCheckpoint: Database.Statement;

  constructor(
    readonly file: string,
    readonly projections: Projection[],
  ) {
    this.db = openReadModelFile(file);
    this.db.exec('CREATE TABLE IF NOT EXISTS checkpoints (projection TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)');
    const stored = new Map(
      (this.db.prepare('SELECT projection, version, position FROM checkpoints').all() as { projection: string; version: number; position: number }[]).map(
        (row) => [row.projection, row],
      ),
    );
    this.updateCheckpoint = this.db.prepare('UPDATE checkpoints SET position = ? WHERE projection = ?');
    for (const projection of projections) {
      const known = stored.get(projection.name);
      if (!known || known.version !== projection.version) this.reset(projection);
      else this.checkpoints.set(projection.name, known.position);
      for (const table of projection.tables) {
        this.prepare(table);
        this.rows.set(table.name, new Map());
        if (cachedTable(table) && !this.db.prepare(`SELECT 1 FROM ${q(table.name)} LIMIT 1`).get()) this.complete.add(table.name);
      }
    }
  }

  /** The position up to which a projection has applied the log. */
  checkpoint(name: string): number {
    return this.checkpoints.get(name) ?? 0;
  }

  /** The lowest checkpoint: where the runner must resume reading. */
  lowestCheckpoint(): number {
    return Math.min(...this.projections.map((p) => this.checkpoint(p.name)));
  }

  /** Applies a batch of events to every projection that has not seen them, and moves the checkpoints, atomically. */
  applyBatch(events: ProjectedEvent[]): void {
    if (events.length === 0) return;
    const last = events[events.length - 1].position;
    const changed = new Set<string>();
    // Rows a batch touches are kept in memory and written once each at the end: a dossier's summary row or a day's
    // counter is rewritten by many events of a batch, and each SQLite write costs more than the projection's logic.
    this.overlay = new Map();
    const from = this.projections.map((p) => this.checkpoint(p.name));
    try {
      // Event by event, every projection in turn: each event sees what the events before it made of every read model
      // (the dossiers read the organisation tree), however the log is cut into batches, as a replay sees it too.
      for (const event of events) {
        for (let i = 0; i < this.projections.length; i++) {
          if (event.position <= from[i]) continue;
          const projection = this.projections[i];
          for (const change of projection.apply(event, this)) {
            this.stage(change);
            changed.add(projection.name);
          }
        }
      }
      const overlay = this.overlay;
      this.db.transaction(() => {
        this.flush(overlay);
        for (const projection of this.projections) this.updateCheckpoint.run(Math.max(this.checkpoint(projection.name), last), projection.name);
      })();
    } finally {
      this.overlay = undefined;
    }
    for (const projection of this.projections) this.checkpoints.set(projection.name, Math.max(this.checkpoint(projection.name), last));
    for (const name of changed) this.generations.set(name, this.generation(name) + 1);
  }

  /** Grows whenever a projection's rows change: callers may cache query answers until it moves. */
  generation(name: string): number {
    return this.generations.get(name) ?? 0;
  }

  get(table: string, key: Row): Row | undefined {
    const t = this.table(table);
    if (t.def.counter) throw new Error(`${table} is a counter table: projections add to it, they do not read it`);
    const id = keyOf(t, key);
    const staged = this.overlay?.get(table)?.get(id);
    if (staged !== undefined) return staged instanceof Tombstone ? undefined : staged;
    const cache = this.rows.get(table)!;
    const cached = cache.get(id);
    if (cached !== undefined) return cached ?? undefined;
    if (this.complete.has(table)) return undefined;
    const row = (t.get.get(...t.def.key.map((k) => key[k] ?? null)) as Row | undefined) ?? null;
    if (t.cached) this.remember(table, id, row);
    return row ?? undefined;
  }

  where(table: string, column: string, value: Value): Row[] {
    const t = this.table(table);
    const statement = this.whereStatement(t, column);
    let stored: Row[];
    if (t.cached) {
      let byValue = this.wheres.get(table);
      if (!byValue) this.wheres.set(table, (byValue = new Map()));
      const id = `${column}\u0000${part(value)}`;
      let found = byValue.get(id);
      if (!found) {
        if (byValue.size >= ROW_CACHE_LIMIT) byValue.clear();
        byValue.set(id, (found = statement.all(value) as Row[]));
      }
      stored = found.slice();
    } else stored = statement.all(value) as Row[];
    const staged = this.overlay?.get(table);
    if (!staged || staged.size === 0) return stored;
    // The rows as they stand in this batch: staged versions replace stored ones, staged deletions remove them.
    const rows = new Map(stored.map((row) => [keyOf(t, row), row] as const));
    for (const [key, row] of staged) {
      if (!(row instanceof Tombstone) && (row[column] ?? null) === value) rows.set(key, row);
      else rows.delete(key);
    }
    return [...rows.values()];
  }

  /**
   * SHA-256 over every projection's rows in key order: two read-model files that answer every query alike have the
   * same hash (a resumed run against a clean rebuild, an import against its source).
   */
  contentHash(): string {
    const hash = createHash('sha256');
    for (const projection of this.projections) {
      for (const table of projection.tables) {
        hash.update(`\n${table.name}\n`);
        const columns = Object.keys(table.columns);
        const rows = this.db.prepare(`SELECT ${columns.map(q).join(', ')} FROM ${q(table.name)} ORDER BY ${table.key.map(q).join(', ')}`).raw();
        for (const row of rows.iterate()) hash.update(JSON.stringify(row));
      }
    }
    return hash.digest('hex');
  }

  /** A stored row by key, straight from the file (no cache): for a replay's reads of rows it does not hold. */
  storedRow(table: string, key: Row): Row | undefined {
    const t = this.table(table);
    return t.get.get(...t.def.key.map((k) => key[k] ?? null)) as Row | undefined;
  }

  /** Stored rows whose column equals the value, straight from the file (no cache, no batch overlay). */
  storedWhere(table: string, column: string, value: Value): Row[] {
    return this.whereStatement(this.table(table), column).all(value) as Row[];
  }

  /**
   * After a replay wrote rows and checkpoints past this object (src/read-models/replay.ts, possibly on a connection
   * of its own): reads the checkpoints back, forgets every cached row and moves the generations of the projections
   * that changed, so that queries and the live runner go on from the file as it now is.
   */
  replayed(changed: Iterable<string>): void {
    const stored = this.db.prepare('SELECT projection, position FROM checkpoints').all() as { projection: string; position: number }[];
    for (const { projection, position } of stored) if (this.checkpoints.has(projection)) this.checkpoints.set(projection, position);
    for (const rows of this.rows.values()) rows.clear();
    this.wheres.clear();
    this.complete.clear();
    for (const name of changed) this.generations.set(name, this.generation(name) + 1);
  }

  /** Creates the secondary indexes that are missing (after a reset, once the replay has caught up). */
  ensureIndexes(): void {
    for (const projection of this.projections) {
      for (const table of projection.tables) {
        (table.indexes ?? []).forEach((columns, i) =>
          this.db.exec(`CREATE INDEX IF NOT EXISTS ${q(`${table.name}_i${i}`)} ON ${q(table.name)} (${columns.map(q).join(', ')})`),
        );
      }
    }
  }

  /** Drops every projection's rows and checkpoints: the next run replays the whole log. */
  resetAll(): void {
    this.db.transaction(() => this.projections.forEach((p) => this.reset(p)))();
  }

  close(): void {
    this.db.close();
  }

  private reset(projection: Projection): void {
    for (const table of projection.tables) {
      this.db.exec(`DROP TABLE IF EXISTS ${q(table.name)}`);
      const columns = Object.entries(table.columns).map(([name, type]) => `${q(name)} ${type}`);
      // A single INTEGER key is the rowid itself; any other key is the table's b-tree (WITHOUT ROWID), so a row is one
      // b-tree entry, not a rowid entry plus a key index entry: half the writes.
      const rowid = table.key.length === 1 && table.columns[table.key[0]] === 'INTEGER';
      this.db.exec(`CREATE TABLE ${q(table.name)} (${columns.join(', ')}, PRIMARY KEY (${table.key.map(q).join(', ')}))${rowid ? '' : ' WITHOUT ROWID'}`);
      // Secondary indexes come after the replay (ensureIndexes): building one over loaded rows is far cheaper than
      // keeping it up to date row by row while a rebuild writes millions.
    }
    this.db
      .prepare('INSERT INTO checkpoints (projection, version, position) VALUES (?, ?, 0) ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = 0')
      .run(projection.name, projection.version);
    this.checkpoints.set(projection.name, 0);
    this.generations.set(projection.name, this.generation(projection.name) + 1);
    for (const table of projection.tables) {
      this.rows.set(table.name, new Map());
      this.wheres.delete(table.name);
      if (cachedTable(table)) this.complete.add(table.name);
    }
  }

  private prepare(def: TableDef): void {
    const keyMatch = def.key.map((k) => `${q(k)} = ?`).join(' AND ');
    this.tables.set(def.name, {
      def,
      columns: Object.keys(def.columns),
      cached: cachedTable(def),
      get: this.db.prepare(`SELECT * FROM ${q(def.name)} WHERE ${keyMatch}`),
      upsert: this.db.prepare(upsertSql(def, { add: def.counter !== undefined }) + (def.counter && def.dropZero ? ` RETURNING ${q(def.counter)}` : '')),
      remove: this.db.prepare(deleteSql(def)),
      where: new Map(),
    });
  }

  private stage(change: RowChange): void {
    const t = this.table(change.table);
    let staged = this.overlay!.get(change.table);
    if (!staged) this.overlay!.set(change.table, (staged = new Map()));
    if ('upsert' in change) {
      if (t.def.counter) throw new Error(`${change.table} is a counter table: add to it`);
      // Kept as the projection made it (projections build a fresh row for each change); missing columns are
      // written as NULL by the flush.
      staged.set(keyOf(t, change.upsert), change.upsert);
    } else if ('add' in change) {
      const counter = t.def.counter;
      if (!counter) throw new Error(`${change.table} is not a counter table`);
      const id = keyOf(t, change.add);
      const pending = staged.get(id) as Row | undefined;
      if (pending) pending[counter] = Number(pending[counter]) + Number(change.add[counter]);
      else staged.set(id, { ...change.add });
    } else {
      staged.set(keyOf(t, change.delete), new Tombstone(t.def.key.map((k) => change.delete[k] ?? null)));
    }
  }

  private whereStatement(t: TableStatements, column: string): Database.Statement {
    let statement = t.where.get(column);
    if (!statement) {
      if (!(column in t.def.columns)) throw new Error(`table ${t.def.name} has no column ${column}`);
      statement = this.db.prepare(`SELECT * FROM ${q(t.def.name)} WHERE ${q(column)} IS ?`);
      t.where.set(column, statement);
    }
    return statement;
  }

  private remember(table: string, key: string, row: Row | null): void {
    const cache = this.rows.get(table)!;
    if (cache.size >= ROW_CACHE_LIMIT && !cache.has(key)) {
      cache.clear();
      this.complete.delete(table);
    }
    cache.set(key, row);
  }

  private flush(overlay: Overlay): void {
    for (const [table, rows] of overlay) {
      const t = this.table(table);
      if (rows.size > 0) this.wheres.delete(table);
      for (const [key, row] of rows) {
        if (row instanceof Tombstone) {
          t.remove.run(row.key);
          if (t.cached) this.remember(table, key, null);
        } else if (t.def.counter && t.def.dropZero) {
          // The row exists only while its sum is not 0, whatever the batches were: an addition of 0 is skipped
          // and a row that comes to 0 is deleted.
          const counter = t.def.counter;
          if (Number(row[counter]) === 0) continue;
          const after = t.upsert.get(t.columns.map((c) => row[c] ?? null)) as Row;
          if (Number(after[counter]) === 0) t.remove.run(t.def.key.map((k) => row[k] ?? null));
        } else {
          t.upsert.run(t.columns.map((c) => row[c] ?? null));
          if (t.cached) this.remember(table, key, row);
        }
      }
    }
  }

  private table(name: string): TableStatements {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no read-model table ${name}`);
    return t;
  }
}

/** Rows of tables that projections read back are cached; counters and write-only tables are not. */
function cachedTable(def: TableDef): boolean {
  return !def.counter && !def.writeOnly;
}

/**
 * A row's key as a string: its key columns' values in order, each tagged with its type (the number 1 and the text
 * "1" are different keys) and separated by a character that ids and dates never contain. Computed for every row
 * read or written, so it avoids JSON.
 */
function keyOf(t: TableStatements, row: Row): string {
  const { key } = t.def;
  if (key.length === 1) return part(row[key[0]]);
  let id = part(row[key[0]]);
  for (let i = 1; i < key.length; i++) id += `\u0000${part(row[key[i]])}`;
  return id;
}

function part(value: Value | undefined): string {
  if (typeof value === 'string') return `s${value}`;
  return value === null || value === undefined ? 'z' : `n${value}`;
}

