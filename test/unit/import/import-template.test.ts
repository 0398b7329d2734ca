import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateOf } from '../../../workflows/admission';
import { decideHistory } from '../../../src/engine/dossiers';
import { COLUMNS } from '../../../src/import/columns';
import { checkShape, parseRow } from '../../../src/import/rows';
import { csvRows } from '../../../src/import/sources';

/** The documented template and the column table stay in step with the importer. */
const DOCS = join(__dirname, '..', '..', '..', 'docs');

describe('docs/import-template.csv', () => {
  it('has every column, and its example candidates import as they are', async () => {
    const states: string[] = [];
    for await (const row of csvRows(createReadStream(join(DOCS, 'import-template.csv')))) {
      expect(row.problems).toEqual([]);
      const parsed = parseRow(row.raw);
      if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
      expect(checkShape(parsed.events)).toEqual([]);
      const decided = decideHistory(undefined, parsed.events, '2025-06-30');
      if ('refused' in decided) throw decided.refused;
      states.push(stateOf(decided.state!));
    }
    expect(states).toEqual(['official', 'backgroundCheck.verification', 'awarenessClass.enrolled']);
    const header = readFileSync(join(DOCS, 'import-template.csv'), 'utf8').split('\r\n')[0];
    expect(header.replace(/^\uFEFF/, '').split(',')).toEqual(COLUMNS.map((c) => c.vi));
  });
});

describe('docs/import.md (the README links to it)', () => {
  it('lists every column in English and Vietnamese', () => {
    for (const file of [join(DOCS, 'import.md')]) {
      const doc = readFileSync(file, 'utf8');
      expect(COLUMNS.filter((column) => !doc.includes(`| \`${column.key}\` | ${column.vi} |`)).map((c) => c.key)).toEqual([]);
    }
  });
});
