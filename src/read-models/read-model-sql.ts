/** The SQL every writer of a read-model file shares: how the file is opened, and its upsert and delete statements. */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TableDef } from '../../projections/projection';

/** SQLite's page cache of the read-model file, in KiB. */
export const CACHE_KIB = 256 * 1024;

/**
 * Opens (creating its folder) a read-model file as every connection to it is set up: the ReadModelDb's own and a
 * replay's writer thread (which writes each row once per chunk and reads nothing back, so a smaller page cache does).
 */
export function openReadModelFile(file: string, cacheKib = CACHE_KIB): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // A lost read-model transaction is replayed from the log, so the fsync per commit is not needed here.
  db.pragma('synchronous = NORMAL');
  // Keys of dossier rows are UUIDs: a rebuild writes all over the b-trees, and with SQLite's default 2 MB page cache
  // most writes first read their page back from the OS (the rebuild rate fell as the file grew). 256 MB holds the
  // hot pages of a province; the default WAL checkpoint every 1 000 pages would copy them out again and again.
  db.pragma(`cache_size = -${cacheKib}`);
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}

/**
 * INSERT of `rows` rows of a table (the columns in the order of its definition); on a stored key the row replaces
 * the stored one's columns, or with `add` its counter is added to the stored counter. The live runner's and a
 * replay's writes (replay-writer.ts) are the same statement.
 */
export function upsertSql(def: TableDef, options: { add: boolean; rows?: number }): string {
  const columns = Object.keys(def.columns);
  if (options.add && !def.counter) throw new Error(`${def.name} is not a counter table`);
  const updates = options.add
    ? [`${q(def.counter!)} = ${q(def.name)}.${q(def.counter!)} + excluded.${q(def.counter!)}`]
    : columns.filter((c) => !def.key.includes(c)).map((c) => `${q(c)} = excluded.${q(c)}`);
  const row = `(${columns.map(() => '?').join(', ')})`;
  return (
    `INSERT INTO ${q(def.name)} (${columns.map(q).join(', ')}) VALUES ${Array.from({ length: options.rows ?? 1 }, () => row).join(', ')}` +
    ` ON CONFLICT (${def.key.map(q).join(', ')}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`
  );
}

/** DELETE of one row by its key columns, in order. */
export function deleteSql(def: TableDef): string {
  return `DELETE FROM ${q(def.name)} WHERE ${def.key.map((k) => `${q(k)} = ?`).join(' AND ')}`;
}

/** Quotes an identifier; names come from projection definitions in the repo, never from requests. */
export function q(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
