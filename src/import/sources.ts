/**
 * The rows of an import file, CSV or JSON lines, as raw cell values by column, each with the line it starts on. A
 * header that cannot be read stops the import before any row (ImportFileError); a row that cannot be read is one
 * refused row among the others.
 */
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { COLUMNS, columnOf, ColumnKey } from './columns';
import { readCsv } from './csv';
import type { RawRow, RowProblem } from './values';

export interface SourceRow {
  line: number;
  raw: RawRow;
  /** problems of the row's form (unknown keys, wrong value types), before its cells are read */
  problems: RowProblem[];
}

export class ImportFileError extends Error {}

/** Columns a row cannot do without (the nomination): a file without them is refused as a whole. */
const REQUIRED: ColumnKey[] = ['cell_id', 'full_name', 'date_of_birth', 'gender', 'education', 'nominated_on', 'nominated_by_kind', 'nominated_by_name', 'helper_name'];

const named = (key: ColumnKey) => `${key} (${COLUMNS.find((c) => c.key === key)!.vi})`;

export async function* csvRows(input: Readable): AsyncGenerator<SourceRow> {
  let columns: (ColumnKey | null)[] | undefined;
  for await (const { line, fields } of readCsv(input)) {
    if (!columns) {
      columns = headerColumns(fields);
      continue;
    }
    const raw: RawRow = {};
    const problems: RowProblem[] = [];
    fields.forEach((value, i) => {
      const key = columns![i];
      if (key) raw[key] = value;
      else if (key === undefined && value.trim() !== '') {
        problems.push({ code: 'VALIDATION_FAILED', message: `the row has ${fields.length} fields, the header ${columns!.length}`, messageVi: `Dòng có ${fields.length} cột, dòng tiêu đề có ${columns!.length}` });
      }
    });
    yield { line, raw, problems: problems.slice(0, 1) };
  }
  if (!columns) throw new ImportFileError('the file is empty: the first line must name the columns (see docs/import.md)');
}

function headerColumns(headers: string[]): (ColumnKey | null)[] {
  const columns = headers.map((header) => columnOf(header));
  const unknown = headers.filter((_, i) => columns[i] === undefined);
  if (unknown.length > 0) throw new ImportFileError(`unknown column(s): ${unknown.map((h) => `"${h}"`).join(', ')} (docs/import.md lists the columns)`);
  const twice = columns.filter((key, i) => key && columns.indexOf(key) !== i);
  if (twice.length > 0) throw new ImportFileError(`column(s) given twice: ${twice.join(', ')}`);
  const missing = REQUIRED.filter((key) => !columns.includes(key));
  if (missing.length > 0) throw new ImportFileError(`the file has no column for ${missing.map(named).join(', ')}`);
  return columns as (ColumnKey | null)[];
}

/** JSON lines: one object per line, keyed by the same column names (English or Vietnamese). */
export async function* jsonLinesRows(input: Readable): AsyncGenerator<SourceRow> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    if (text.trim() === '') continue;
    const raw: RawRow = {};
    const problems: RowProblem[] = [];
    const fail = (message: string, messageVi: string, field?: string) => problems.push({ code: 'VALIDATION_FAILED', field, message, messageVi });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      fail('the line is not valid JSON', 'Dòng không phải JSON hợp lệ');
    }
    if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) fail('the line must be a JSON object', 'Dòng phải là một đối tượng JSON');
    else if (parsed !== undefined) {
      for (const [name, value] of Object.entries(parsed)) {
        const key = columnOf(name);
        if (key === null || value === null) continue;
        if (key === undefined) fail(`unknown field "${name}"`, `Trường không hợp lệ: "${name}"`, name);
        else if (typeof value === 'string' || typeof value === 'number') raw[key] = String(value);
        else if (typeof value === 'boolean') raw[key] = value ? 'yes' : 'no';
        else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) raw[key] = value.join(';');
        else fail(`${name} must be a string, a number, yes/no or a list of strings`, `${name} có kiểu không hợp lệ`, name);
      }
    }
    yield { line, raw, problems };
  }
}
