/**
 * A province's log for read-model tests (test/support/province-generator.ts, a few hundred dossiers) with what makes
 * read models hard mixed in: three small provinces that dossiers are transferred to, transfers within a grassroots
 * organisation, moves of a grassroots organisation and of a cell in the middle of the log, and at its end a move
 * across provinces and a succession, each dated in the past of the events around it. Renumbered from position 1.
 */
import type { ProjectedEvent } from '../../projections/projection';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { AdmissionEvent, decide, DossierState, evolve, MACHINE_VERSION } from '../../workflows/admission';
import { addDays } from '../../workflows/calendar';
import { province } from './province-generator';

/** Small provinces of one cell each, created before any dossier: dossiers move to them from the first. */
const OTHER_PROVINCES = ['tinh-2', 'tinh-3', 'tinh-4'].flatMap((p) => [
  org('OrganizationCreated', p, { id: p, name: p, kind: 'province', authorisedToAdmit: false }, '2020-01-02'),
  org('OrganizationCreated', `${p}-co-so`, { id: `${p}-co-so`, name: p, kind: 'grassroots', parentId: p, authorisedToAdmit: false }, '2020-01-02'),
  org('OrganizationCreated', `${p}-chi-bo`, { id: `${p}-chi-bo`, name: p, kind: 'cell', parentId: `${p}-co-so`, authorisedToAdmit: false }, '2020-01-02'),
]);

/** The restructuring, dated in the past of the events around it: mid-log and after the last dossier event. */
const MIDWAY = [
  org('OrganizationMoved', 'cap-tren-1-co-so-1', { id: 'cap-tren-1-co-so-1', newParent: 'cap-tren-2', effectiveOn: '2024-06-01' }, '2024-06-03'),
  // a cell moved between two grassroots of the same district: the district and the province stay aggregated
  org('OrganizationMoved', 'cap-tren-4-co-so-1-chi-bo-1', { id: 'cap-tren-4-co-so-1-chi-bo-1', newParent: 'cap-tren-4-co-so-2', effectiveOn: '2022-01-01' }, '2022-01-05'),
];
const LATE = [
  // across provinces: both are answered by the scan from then on
  org('OrganizationMoved', 'tinh-3-co-so', { id: 'tinh-3-co-so', newParent: 'tinh-4', effectiveOn: '2024-06-01' }, '2025-07-01'),
  org('OrganizationSucceeded', 'cap-tren-3-co-so-2', { predecessor: 'cap-tren-3-co-so-2', successor: 'cap-tren-5-co-so-3', effectiveOn: '2023-03-01' }, '2025-07-01'),
];

function org(type: string, id: string, data: Record<string, unknown>, recordedOn: string): ProjectedEvent {
  const metadata = { occurredOn: recordedOn, actor: 'admin', orgId: 'tinh-uy' };
  return { id: `${type}-${id}`, type, streamId: `organization-${id}`, revision: 1, position: 0, data, metadata, recordedAt: `${recordedOn}T03:00:00.000Z` };
}

/** The province's log with transfers appended to some open dossiers and the restructuring mixed in, renumbered. */
export async function restructuredProvinceLog(dossiers: number): Promise<ProjectedEvent[]> {
  const generated = await province(dossiers);
  const store = new SqliteEventStore(generated.file);
  const stored: ProjectedEvent[] = [];
  try {
    for (let after = 0; ; ) {
      const page = await store.readAll({ after, maxCount: 5000 });
      if (page.length === 0) break;
      stored.push(...(page as unknown as ProjectedEvent[]));
      after = page[page.length - 1].position;
    }
  } finally {
    await store.close();
  }
  const byStream = new Map<string, ProjectedEvent[]>();
  for (const e of stored) if (e.streamId.startsWith('dossier-')) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  // Every fifth dossier still open moves to a cell of the same grassroots, or (every other one) to another province.
  const transfers: ProjectedEvent[] = [];
  let n = 0;
  for (const events of byStream.values()) {
    if (n++ % 5 !== 0) continue;
    let state: DossierState | undefined;
    for (const e of events) state = evolve(state, { ...e.data, type: e.type, occurredOn: e.metadata.occurredOn } as AdmissionEvent, { machineVersion: MACHINE_VERSION });
    const last = events[events.length - 1];
    const cell = String(state!.context.cellId);
    const toCellId = n % 2 === 0 ? cell.replace(/-chi-bo-\d+$/, cell.endsWith('-1') ? '-chi-bo-2' : '-chi-bo-1') : n % 3 === 0 ? 'tinh-3-chi-bo' : 'tinh-2-chi-bo';
    const transfer = { type: 'DossierTransferred', occurredOn: addDays(String(last.metadata.occurredOn), 3), toCellId } as AdmissionEvent;
    if (!('ok' in decide(state, transfer, { today: '2026-06-30' }))) continue;
    const { type, occurredOn, ...data } = transfer;
    transfers.push({ ...last, id: `${last.id}-t`, type, data, metadata: { ...last.metadata, occurredOn }, revision: last.revision + 1 });
  }
  const middle = Math.floor(stored.length / 2);
  return [...OTHER_PROVINCES, ...stored.slice(0, middle), ...MIDWAY, ...stored.slice(middle), ...transfers, ...LATE].map((e, i) => ({ ...e, position: i + 1 }));
}
