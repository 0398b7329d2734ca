/**
 * A whole province's log for the projection benchmark: about 100 000 dossiers (≥ 1 000 000 events) across some 500
 * cells, with organisations and quotas, written fast and cached.
 *
 * Fast, not through the engine: a handful of dossier histories from the demo scenario (src/demo) serve as templates,
 * each checked once with the workflow's own decide/evolve; every dossier of the province is a template stamped with
 * its own id, cell, candidate name and a shift of all its dates by whole weeks (weekdays stay weekdays; the workflow's
 * rules are not re-checked on the copies, which is what makes it fast; holidays may fall differently). Prefixes of the
 * templates give the open stages. Events carry the engine's stored shape and metadata (actor, orgId, occurredOn,
 * recordedAt, commandId, ruleSet, machineVersion) but no hash chain, and are appended through SqliteEventStore in
 * large batches (the adapter's group commit: one transaction per chunk), interleaved in date order within each chunk
 * of dossiers as a real log would be.
 *
 * Cached under the OS temp dir, keyed by GENERATOR_VERSION and the size: bump the version when the output changes.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decide, DossierState, evolve, MACHINE_VERSION, ruleSetFor, stateOf } from '../../workflows/admission';
import { fromDayNumber, toDayNumber } from '../../workflows/calendar';
import type { JsonObject, NewEvent } from '../../src/engine/event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { fullName } from '../../src/demo/names';
import { personIdOf } from '../../src/engine/person-claims';
import { Rng } from '../../src/demo/random';
import { demoDossiers } from '../../src/demo/scenario';

export const GENERATOR_VERSION = 2;

export interface Province {
  file: string;
  events: number;
  dossiers: number;
  rootId: string;
  cellIds: string[];
  reused: boolean;
}

/** States a template ends in, and how often a province's dossiers stand there (weights; `nominated` is a prefix). */
const WEIGHTS: [string, number][] = [
  ['official', 40], ['probationary.review', 12], ['probationary.theoryClass', 2], ['admitted', 1],
  ['backgroundCheck.awaitingDecision', 1], ['backgroundCheck.verification', 4], ['backgroundCheck.sponsors', 1],
  ['backgroundCheck.opinions', 1], ['backgroundCheck.cellVote', 1], ['backgroundCheck.personalHistory', 1],
  ['awarenessClass.certified', 15], ['awarenessClass.enrolled', 8], ['nominated', 4], ['dropped', 1], ['withdrawn', 1],
];
const LAST_DAY = toDayNumber('2025-06-30');
const CHUNK = 2000;

interface Template {
  events: { type: string; occurredOn: string; data: string }[];
  lastDay: number;
}

/** A few demo histories per state, each replayed through decide/evolve once: the copies inherit their validity. */
function templates(): Map<string, Template[]> {
  const byState = new Map<string, Template[]>();
  for (const dossier of demoDossiers()) {
    for (const [state, length] of [[dossier.expectedState, dossier.commands.length], ['nominated', 1]] as const) {
      const list = byState.get(state) ?? [];
      if (list.length >= 5) continue;
      let folded: DossierState | undefined;
      for (const { event } of dossier.commands.slice(0, length)) {
        const decision = decide(folded, event, { today: '2025-06-30' });
        if (!('ok' in decision)) throw new Error(`template ${dossier.key} refused at ${event.type}: ${decision.detail}`);
        folded = evolve(folded, event, { machineVersion: MACHINE_VERSION });
      }
      if (stateOf(folded!) !== state) throw new Error(`template ${dossier.key} ends in ${stateOf(folded!)}, not ${state}`);
      const events = dossier.commands.slice(0, length).map(({ event: { type, occurredOn, ...data } }) => {
        return { type, occurredOn, data: JSON.stringify(data) };
      });
      list.push({ events, lastDay: toDayNumber(events[events.length - 1].occurredOn) });
      byState.set(state, list);
    }
  }
  return byState;
}

interface Org {
  id: string;
  name: string;
  kind: string;
  parentId?: string;
}

/** 1 province, 9 district committees and 2 blocks, 12 grassroots organisations each, 4 cells under each of those. */
function organisations(): Org[] {
  const orgs: Org[] = [{ id: 'tinh-uy', name: 'Tỉnh ủy (benchmark)', kind: 'province' }];
  for (let d = 1; d <= 11; d++) {
    const parent = `cap-tren-${d}`;
    const district = d <= 9;
    const name = district ? `Huyện ủy ${d}` : `Đảng ủy Khối ${d - 9}`;
    orgs.push({ id: parent, name, kind: district ? 'district' : 'block', parentId: 'tinh-uy' });
    for (let g = 1; g <= 12; g++) {
      const grassroots = `${parent}-co-so-${g}`;
      orgs.push({ id: grassroots, name: `Đảng bộ cơ sở ${d}.${g}`, kind: 'grassroots', parentId: parent });
      for (let c = 1; c <= 4; c++) {
        orgs.push({ id: `${grassroots}-chi-bo-${c}`, name: `Chi bộ ${d}.${g}.${c}`, kind: 'cell', parentId: grassroots });
      }
    }
  }
  return orgs;
}

const uuid = (n: number, kind: number) => `${kind.toString(16).padStart(8, '0')}-0000-8000-8000-${n.toString(16).padStart(12, '0')}`;

/** The engine's stored shape: data without type and date, the date and the audit fields in the metadata (no hash). */
function stamp(
  id: string,
  at: { streamId: string; revision: number },
  type: string,
  occurredOn: string,
  data: JsonObject,
  by: { actor: string; orgId: string },
): NewEvent {
  const metadata = { ...by, occurredOn, recordedAt: `${occurredOn}T03:00:00.000Z`, commandId: `${at.streamId}/${at.revision}`, machineVersion: 1 };
  return { id, type, data, metadata: { ...metadata, ruleSet: ruleSetFor(occurredOn) } };
}

/** The cached province of `dossiers` dossiers, generated first if needed (progress: `onProgress(events)`). */
export async function province(dossiers = 100_000, onProgress?: (events: number) => void): Promise<Province> {
  const file = join(tmpdir(), `ketnap-province-v${GENERATOR_VERSION}-${dossiers}.db`);
  const orgs = organisations();
  const cellIds = orgs.filter((o) => o.kind === 'cell').map((o) => o.id);
  const base = { file, dossiers, rootId: 'tinh-uy', cellIds };
  if (existsSync(`${file}.done`)) return { ...base, events: JSON.parse(readFileSync(`${file}.done`, 'utf8')).events, reused: true };
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });

  const store = new SqliteEventStore(file);
  let events = 0;
  const admin = (orgId: string, kind: number, type: string, data: JsonObject) => {
    const streamId = `${type === 'QuotaAssigned' ? 'quotas' : 'organization'}-${orgId}`;
    const id = uuid(++events, kind);
    return store.append(streamId, [stamp(id, { streamId, revision: events }, type, '2020-01-02', data, { actor: 'admin', orgId })], 'any');
  };
  await Promise.all(orgs.map((o) => admin(o.id, 1, 'OrganizationCreated', { ...o, authorisedToAdmit: false })));
  // Every organisation holds a 2024 target from above, and every one above the cells a term target too.
  const quota = (o: { id: string }, period: string, target: number, assignedBy: string) =>
    admin(o.id, 2, 'QuotaAssigned', { orgId: o.id, metric: 'admissions', period, target, assignedBy });
  await Promise.all(orgs.map((o) => quota(o, '2024', o.kind === 'cell' ? 3 : 40, 'Ban Thường vụ cấp trên')));
  const aboveCells = orgs.filter((o) => o.kind !== 'cell');
  await Promise.all(aboveCells.map((o) => quota(o, '2020-2025', 150, 'Nghị quyết Đại hội nhiệm kỳ 2020-2025')));

  const byState = templates();
  const weighted = WEIGHTS.flatMap(([state, w]) => Array<string>(w).fill(state));
  const rng = new Rng(`province/${GENERATOR_VERSION}`);
  // One person, one dossier (domain.md "Duplicates"): a name drawn for a birth date taken already is drawn again, from
  // a generator of its own so that the rest of the province (templates, dates, cells) stays as it was.
  const people = new Set<string>();
  const uniqueName = (n: number, gender: 'male' | 'female', dateOfBirth: string, first: string) => {
    let name = first;
    for (let k = 0; people.has(personIdOf({ fullName: name, dateOfBirth })); k++) name = fullName(new Rng(`province/rename/${n}/${k}`), gender);
    people.add(personIdOf({ fullName: name, dateOfBirth }));
    return name;
  };
  for (let first = 0; first < dossiers; first += CHUNK) {
    const chunk: { streamId: string; revision: number; event: NewEvent }[] = [];
    for (let n = first; n < Math.min(first + CHUNK, dossiers); n++) {
      const template = rng.pick(byState.get(rng.pick(weighted))!);
      const shift = 7 * rng.int(-200, Math.floor((LAST_DAY - template.lastDay) / 7));
      const cellId = rng.pick(cellIds);
      const grassroots = cellId.replace(/-chi-bo-\d+$/, '');
      const dossierId = uuid(n, 3);
      const shifted = (date: string) => fromDayNumber(toDayNumber(date) + shift);
      template.events.forEach(({ type, occurredOn, data }, revision) => {
        const parsed = JSON.parse(data.replace(/"(\d{4}-\d{2}-\d{2})"/g, (_, d: string) => `"${shifted(d)}"`)) as JsonObject;
        if (type === 'CandidateNominated') {
          const candidate = parsed.candidate as JsonObject;
          parsed.cellId = cellId;
          const gender = candidate.gender as 'male' | 'female';
          parsed.candidate = { ...candidate, fullName: uniqueName(n, gender, String(candidate.dateOfBirth), fullName(rng, gender)) };
        }
        const streamId = `dossier-${dossierId}`;
        const by = { actor: `van-thu-${grassroots}`, orgId: grassroots };
        chunk.push({ streamId, revision, event: stamp(uuid(++events, 4), { streamId, revision }, type, shifted(occurredOn), parsed, by) });
      });
    }
    // A log interleaves dossiers by the dates of their acts; the sort is stable, so each stream keeps its order.
    chunk.sort((a, b) => (a.event.metadata.occurredOn as string).localeCompare(b.event.metadata.occurredOn as string));
    await Promise.all(chunk.map((e) => store.append(e.streamId, [e.event], e.revision === 0 ? 'no_stream' : e.revision - 1)));
    onProgress?.(events);
  }
  await store.close();
  writeFileSync(`${file}.done`, JSON.stringify({ events, dossiers, generatorVersion: GENERATOR_VERSION }));
  return { ...base, events, reused: false };
}
