import { join } from 'node:path';
import { organisationsOf } from '../../src/cli/context';
import { organizationStream, organizationStreamId } from '../../src/engine/admin-streams';
import { BusinessDay } from '../../src/engine/clock';
import { Engine } from '../../src/engine/engine';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { OrgRow } from '../../src/read-models/org-directory';
import { CELLS, GRASSROOTS, GRASSROOTS_CELL, PROVINCE, seedOrganisations } from '../support/import-rows';
import { tempDir } from '../support/temp-dir';

/**
 * The CLI's organisation directory (import's cell checks, `tokens create`'s scope) is built from the organisations'
 * own streams where the store lists its streams, and from the whole log where it does not: both must give the same
 * tree, moves and successions included, whatever else the log holds.
 */
describe('the CLI organisation directory', () => {
  const temp = tempDir('ketnap-cli-orgs-');
  const clock = { now: () => new Date('2024-03-01T03:00:00Z') };
  let store: SqliteEventStore;

  beforeAll(async () => {
    store = new SqliteEventStore(join(temp.dir, 'events.db'));
    await seedOrganisations(store);
    const engine = new Engine(store, { clock });
    const act = (id: string, type: string, data: Record<string, unknown>) =>
      engine.execute(organizationStream, organizationStreamId(id), { actor: 'admin', orgId: id }, () => [{ type, data, occurredOn: '2024-03-01' }]);
    // Other streams between the organisations' acts: the directory must skip them.
    await store.append('dossier-x', [{ id: '00000000-0000-8000-8000-000000000001', type: 'CandidateNominated', data: {}, metadata: {} }], 'no_stream');
    await act(CELLS[0], 'OrganizationMoved', { id: CELLS[0], newParent: PROVINCE, effectiveOn: '2024-03-01' });
    await act(CELLS[1], 'OrganizationSucceeded', { predecessor: CELLS[1], successor: CELLS[2], effectiveOn: '2024-03-01' });
    await act(GRASSROOTS, 'OrganizationMoved', { id: GRASSROOTS, newParent: GRASSROOTS_CELL, effectiveOn: '2024-03-01' });
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  async function tree(from: SqliteEventStore): Promise<{ row: OrgRow | undefined; path: string[] }[]> {
    const { orgs, close } = await organisationsOf(from, new BusinessDay(clock, 'Asia/Ho_Chi_Minh'));
    try {
      return [PROVINCE, GRASSROOTS, GRASSROOTS_CELL, ...CELLS].map((id) => ({ row: orgs.get(id), path: orgs.pathOn(id, '2024-03-01').map((o) => o.id) }));
    } finally {
      close();
    }
  }

  it('is the same from the organisations\' streams as from the whole log', async () => {
    const logOnly = Object.create(store) as SqliteEventStore;
    (logOnly as { streamHeads?: unknown }).streamHeads = undefined;

    const fromStreams = await tree(store);

    expect(fromStreams).toEqual(await tree(logOnly));
    expect(fromStreams[3]).toMatchObject({ row: { id: CELLS[0], parent_id: PROVINCE }, path: [PROVINCE, CELLS[0]] });
    expect(fromStreams[4]).toMatchObject({ row: { successor_id: CELLS[2] }, path: [PROVINCE, GRASSROOTS_CELL, GRASSROOTS, CELLS[2], CELLS[1]] });
    expect(fromStreams[5]).toMatchObject({ path: [PROVINCE, GRASSROOTS_CELL, GRASSROOTS, CELLS[2]] });
  });
});
