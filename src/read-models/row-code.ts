/**
 * Row access compiled for one table, for a replay's inner loop (replay-state.ts). Projections build rows of many
 * shapes (one per table and projection); a generic loop that reads `row[column]` with the column's name in a variable
 * makes V8 look every such property up by name (a megamorphic access), which cost a replay about an eighth of its
 * time on the benchmark's province. A function generated for one table reads its columns by fixed names, so each
 * access sees one table's rows and V8's inline caches serve it. Column names come from the projection definitions in
 * the repo, never from input, and go into the source as JSON string literals.
 */
import type { Row, TableDef, Value } from '../../projections/projection';

/** Nested Maps with a level per key column, leaves of type T. */
export type Level<T> = Map<Value, Level<T> | T>;

export interface RowCode {
  /** the leaf under the row's key, if any */
  find<T>(root: Level<T>, row: Row): T | undefined;
  /** the leaf under the row's key, made (and its levels) when there is none */
  findOrMake<T>(root: Level<T>, row: Row, make: () => T): T;
  /** every leaf, in the order the keys were first made */
  forEach<T>(root: Level<T>, visit: (leaf: T) => void): void;
  /** appends the row's columns, in the order of the table definition (missing ones as null) */
  push(out: Value[], row: Row): void;
  /** the row's key columns, in order */
  key(row: Row): Value[];
  /** a counter table's: adds the addition's counter to the sum's */
  add(sum: Row, addition: Row): void;
}

const compiled = new Map<TableDef, RowCode>();

export function rowCode(def: TableDef): RowCode {
  let code = compiled.get(def);
  if (!code) compiled.set(def, (code = compile(def)));
  return code;
}

function compile(def: TableDef): RowCode {
  const read = (column: string) => `(row[${JSON.stringify(column)}] ?? null)`;
  const { key } = def;
  const last = key.length - 1;
  const levels = key.slice(0, last);
  const find = [
    'let level = root;',
    ...levels.map((k) => `level = level.get(${read(k)}); if (level === undefined) return undefined;`),
    `return level.get(${read(key[last])});`,
  ];
  const findOrMake = [
    'let level = root, next, value;',
    ...levels.map((k) => `value = ${read(k)}; next = level.get(value); if (next === undefined) level.set(value, (next = new Map())); level = next;`),
    `value = ${read(key[last])}; let leaf = level.get(value); if (leaf === undefined) level.set(value, (leaf = make())); return leaf;`,
  ];
  // one nested loop per level down to the leaves
  let forEach = 'visit(leaf);';
  for (let d = last; d >= 0; d--) forEach = `for (const ${d === last ? 'leaf' : `l${d + 1}`} of l${d}.values()) { ${forEach} }`;
  const columns = Object.keys(def.columns);
  return {
    find: new Function('root', 'row', find.join('\n')) as RowCode['find'],
    findOrMake: new Function('root', 'row', 'make', findOrMake.join('\n')) as RowCode['findOrMake'],
    forEach: new Function('l0', 'visit', forEach) as RowCode['forEach'],
    push: new Function('out', 'row', `out.push(${columns.map(read).join(', ')});`) as RowCode['push'],
    key: new Function('row', `return [${key.map(read).join(', ')}];`) as RowCode['key'],
    add: def.counter
      ? (new Function('sum', 'addition', `sum[${JSON.stringify(def.counter)}] = Number(sum[${JSON.stringify(def.counter)}]) + Number(addition[${JSON.stringify(def.counter)}]);`) as RowCode['add'])
      : () => {
          throw new Error(`${def.name} is not a counter table`);
        },
  };
}
