import { createHash } from 'node:crypto';
import { decideHistory } from '../../../src/engine/dossiers';
import { prepareEvents } from '../../../src/engine/engine';
import { canonicalJson } from '../../../src/engine/hash-chain';
import { importCommand, prepareRow } from '../../../src/import/prepare';
import { parseRow } from '../../../src/import/rows';
import { generateRows, isGood } from '../../support/import-rows';

/**
 * prepareRow writes each event's canonical JSON once, for the row's fingerprint and for its events' hashed text: the
 * answers must be those of writing them separately, as earlier versions did (a file imported by one is recognised by
 * the next by its fingerprint).
 */
describe('a prepared import row', () => {
  const today = '2025-06-30';
  const author = { actor: 'import', orgId: '*' };
  const rows = generateRows(120, { seed: 'prepare' }).filter(isGood);

  it('has the fingerprint of its events as one canonical JSON, and the hashed texts prepareEvents gives alone', () => {
    for (const [i, row] of rows.entries()) {
      const parsed = parseRow(row.cells);
      if ('problems' in parsed) throw new Error(`row ${i} should parse: ${JSON.stringify(parsed.problems)}`);
      const fingerprint = createHash('sha256').update(canonicalJson(parsed.events)).digest('hex').slice(0, 32);
      const decided = decideHistory(undefined, parsed.events, today);
      if ('refused' in decided) throw decided.refused;

      const prepared = prepareRow({ line: i + 2, raw: row.cells, problems: [] }, today, author);

      expect(prepared).toMatchObject({ dossierId: parsed.dossierId, fingerprint });
      if (!('verdict' in prepared) || !('decided' in prepared.verdict)) throw new Error(`row ${i} should be decided`);
      expect(prepared.verdict.prepared).toEqual(prepareEvents(decided.events, importCommand(parsed.dossierId, fingerprint, author)));
    }
  });
});
