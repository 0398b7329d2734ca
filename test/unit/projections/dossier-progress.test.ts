/**
 * The dossiers projection derives stage, state and dates without XState (projections/dossier-progress.ts). Here that
 * derivation is held against the workflow itself: after every event of every stored history, and of a few hundred
 * random histories that the workflow accepted, the summary row must say what `evolve` + `stateOf`/`datesOf` say.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { orgHistoryProjection } from '../../../projections/org-history';
import { DOSSIER_DETAILS_TABLE, DOSSIER_SUMMARY_TABLE, dossiersProjection } from '../../../projections/dossiers';
import type { Projection, Row, RowChange, RowReader, Value } from '../../../projections/projection';
import { DERIVED_MACHINE_VERSIONS } from '../../../projections/dossier-progress';
import { addDays } from '../../../workflows/calendar';
import {
  AdmissionEvent,
  AdmissionEventType,
  allowedEvents,
  datesOf,
  decide,
  DossierState,
  evolve,
  MACHINES,
  stageOf,
  stateOf,
} from '../../../workflows/admission';
import { projectionHarness } from '../../support/projection-harness';
import { ev, member } from '../workflows/support/events';

const TODAY = '2026-06-30';

/** An admission event as the engine stores it (src/engine/dossiers.ts): data without type and occurredOn. */
function stored(dossierId: string, event: AdmissionEvent) {
  const { type, occurredOn, ...data } = event;
  return { type, data, streamId: `dossier-${dossierId}`, metadata: { occurredOn, machineVersion: 1, actor: 'clerk', orgId: 'cell-a' } };
}

/**
 * The projection's rows in plain maps: `apply` is pure, so the random histories need no database (SQLite's share of
 * the cost would otherwise dominate). The stored fixtures go through the real read-model database instead.
 */
class MemoryRows implements RowReader {
  private readonly tables = new Map<string, { key: string[]; rows: Map<string, Row> }>();
  constructor(...projections: Projection[]) {
    for (const t of projections.flatMap((p) => p.tables)) this.tables.set(t.name, { key: t.key, rows: new Map() });
  }
  get(table: string, key: Row): Row | undefined {
    const t = this.tables.get(table)!;
    return t.rows.get(t.key.map((k) => key[k]).join('\u0000'));
  }
  where(table: string, column: string, value: Value): Row[] {
    return [...this.tables.get(table)!.rows.values()].filter((r) => r[column] === value);
  }
  write(changes: RowChange[]): void {
    for (const change of changes) {
      const t = this.tables.get(change.table)!;
      const row = 'upsert' in change ? change.upsert : 'add' in change ? change.add : change.delete;
      const key = t.key.map((k) => row[k]).join('\u0000');
      if ('upsert' in change) t.rows.set(key, { ...change.upsert });
      else if ('add' in change) t.rows.set(key, { ...row, n: Number(t.rows.get(key)?.n ?? 0) + Number(row.n) });
      else t.rows.delete(key);
    }
  }
}

/** What the summary and details rows must say after an event, by the workflow's own reading of its folded state. */
function expectedRow(state: DossierState) {
  const dates = datesOf(state);
  return {
    stage: stageOf(state),
    state: stateOf(state),
    cell_id: state.context.cellId,
    stage_entered_on: state.stageEnteredOn,
    nominated_on: dates.nominatedOn,
    certificate_issued_on: dates.certificateIssuedOn,
    admission_decided_on: dates.admissionDecidedOn,
    ceremony_on: dates.ceremonyOn,
    probation_ends_on: dates.probationEndsOn,
    official_from: dates.officialFrom,
  };
}

function compare(index: number, event: AdmissionEvent, row: Row | undefined, state: DossierState): void {
  const expected = expectedRow(state);
  const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, row?.[k]]));
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`after event #${index} (${event.type} of ${event.occurredOn}):\n  projection ${JSON.stringify(actual)}\n  workflow   ${JSON.stringify(expected)}`);
  }
}

/** Replays a history through the projection (in memory) beside the workflow's states; returns the states visited. */
function expectSameAfterEveryEvent(events: readonly AdmissionEvent[], states: readonly DossierState[]): string[] {
  const rows = new MemoryRows(dossiersProjection, orgHistoryProjection);
  events.forEach((event, index) => {
    const { type, data, streamId, metadata } = stored('d1', event);
    rows.write(dossiersProjection.apply({ id: `e${index}`, type, data, metadata, streamId, revision: index, position: index + 1, recordedAt: '2026-01-01T00:00:00Z' }, rows));
    compare(index, event, { ...rows.get(DOSSIER_SUMMARY_TABLE, { id: 'd1' }), ...rows.get(DOSSIER_DETAILS_TABLE, { id: 'd1' }) }, states[index]);
  });
  return states.map(stateOf);
}

const DIR = join(__dirname, '../../fixtures/histories');
const fixtures = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, (JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { events: AdmissionEvent[] }).events] as const);

/** mulberry32: a seeded generator, so that a failure names a history that can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An event of the given type on the given day, with data that sometimes passes and sometimes fails a vote. */
function proposal(type: AdmissionEventType, on: string, r: () => number): AdmissionEvent | undefined {
  const n = (max: number) => Math.floor(r() * (max + 1));
  switch (type) {
    case 'AwarenessClassEnrolled':
      return ev.enrolled(on);
    case 'AwarenessCertificateIssued':
      return ev.certified(on);
    case 'ApplicationSubmitted':
      return ev.applied(on);
    case 'PersonalHistoryDeclared':
      return ev.history(on);
    case 'BackgroundCheckRequested':
      return ev.checkRequested(on);
    case 'BackgroundCheckConcluded':
      return ev.checkConcluded(on, r() < 0.05 ? 'fail' : 'pass');
    case 'SponsorsAssigned':
      // Sponsors who have known the candidate long enough (R-SPONSOR) whatever year the history started in.
      return ev.sponsors(on, [member({ knownSince: addDays(on, -800) }), member({ fullName: 'Võ Thị Thu', knownSince: addDays(on, -900) })]);
    case 'MassOrganizationOpinionsCollected':
      return ev.opinions(on);
    case 'CellAdmissionVoteHeld':
      return ev.cellVote(on, { officialMembers: 9, excluded: n(2), votesFor: 3 + n(6) });
    case 'GrassrootsCommitteeResolved':
      return ev.grassroots(on, r() < 0.8);
    case 'DecisionDeadlineExtended':
      return ev.extended(on, 10);
    case 'AdmissionDecided':
      return ev.decided(on, on);
    case 'AdmissionRejected':
      return ev.rejected(on);
    case 'CeremonyDelayApproved':
      return ev.delayApproved(on, addDays(on, 60));
    case 'AdmissionCeremonyHeld':
      return ev.ceremony(on);
    case 'TheoryClassCompleted':
      return ev.theoryClass(on);
    case 'RecognitionVoteHeld': {
      // Mostly undecided splits, so that R-DEADLOCK's third inconclusive vote comes up too.
      const recognition = r() < 0.4 ? 6 + n(3) : n(5);
      return ev.recognitionVote(on, { votesForRecognition: recognition, votesForRemoval: Math.min(9 - recognition, r() < 0.3 ? 6 + n(3) : n(4)) });
    }
    case 'OfficialMembershipRecognized':
      return ev.recognized(on);
    case 'ProbationaryMemberRemoved':
      return ev.removed(on);
    case 'CandidateDropped':
      return ev.dropped(on);
    case 'CandidateWithdrawn':
      return ev.withdrawn(on);
    case 'DossierTransferred':
      return ev.transferred(on, `cell-${1 + n(3)}`);
    default:
      return undefined;
  }
}

const ENDINGS: AdmissionEventType[] = ['CandidateDropped', 'CandidateWithdrawn', 'AdmissionRejected', 'ProbationaryMemberRemoved'];

/** A history the workflow accepts: each step proposes allowed types (endings rarely) and keeps what `decide` accepts. */
function randomHistory(seed: number): { events: AdmissionEvent[]; states: DossierState[] } {
  const r = random(seed);
  let on = addDays('2019-01-01', Math.floor(r() * 400));
  const events: AdmissionEvent[] = [ev.nominated(on)];
  let state: DossierState = evolve(undefined, events[0], { machineVersion: 1 });
  const states = [state];
  for (let step = 0; step < 60 && !['official', 'rejected', 'dropped', 'withdrawn', 'removed'].includes(stageOf(state)); step++) {
    const roll = r();
    // Now and then a long gap: past a probation year, or (rarely) past a certificate's five years.
    on = addDays(on, roll < 0.01 ? 1830 : roll < 0.06 ? 200 + Math.floor(r() * 200) : Math.floor(r() * 20));
    // The recognition vote may not precede the end of probation: go there rather than wait for a lucky gap.
    const probationEnds = datesOf(state).probationEndsOn;
    if (stateOf(state) === 'probationary.review' && probationEnds && on < probationEnds) on = addDays(probationEnds, Math.floor(r() * 5));
    if (on > TODAY) break;
    const allowed = allowedEvents(state, { today: TODAY }).filter((type) => !ENDINGS.includes(type) || r() < 0.01);
    while (allowed.length > 0) {
      const type = allowed.splice(Math.floor(r() * allowed.length), 1)[0];
      const event = proposal(type, on, r);
      if (!event || !('ok' in decide(state, event, { today: TODAY }))) continue;
      events.push(event);
      state = evolve(state, event, { machineVersion: 1 });
      states.push(state);
      break;
    }
  }
  return { events, states };
}

describe('stage derivation without XState', () => {
  it.each(fixtures)('matches the workflow after every event of %s, through the read-model database', (_file, events) => {
    const h = projectionHarness(dossiersProjection, orgHistoryProjection);
    let state: DossierState | undefined;
    events.forEach((event, index) => {
      state = evolve(state, event, { machineVersion: 1 });
      h.given(stored('d1', event));
      compare(index, event, { ...h.rows(DOSSIER_SUMMARY_TABLE)[0], ...h.rows(DOSSIER_DETAILS_TABLE)[0] }, state);
    });
    expect(h.rows(DOSSIER_SUMMARY_TABLE)).toHaveLength(1);
    h.close();
  });

  it('matches the workflow after every event of 100 random accepted histories, which visit every state', () => {
    const visited = new Set<string>();
    for (let seed = 1; seed <= 100; seed++) {
      const history = randomHistory(seed);
      try {
        expectSameAfterEveryEvent(history.events, history.states).forEach((s) => visited.add(s));
      } catch (error) {
        throw new Error(`seed ${seed}: ${(error as Error).message}`);
      }
    }
    // The generator must reach the routing corners, or this test would prove little.
    expect([...visited].sort()).toEqual(
      expect.arrayContaining([
        'backgroundCheck.personalHistory',
        'backgroundCheck.verification',
        'backgroundCheck.sponsors',
        'backgroundCheck.opinions',
        'backgroundCheck.cellVote',
        'backgroundCheck.grassrootsResolution',
        'backgroundCheck.awaitingDecision',
        'probationary.review',
        'probationary.awaitingRecognition',
        'probationary.awaitingRemoval',
        'probationary.recognitionEscalated',
        'official',
        'rejected',
        'dropped',
        'withdrawn',
      ]),
    );
  });

  it('has a derivation for every registered machine version', () => {
    expect(Object.keys(MACHINES).map(Number).filter((v) => !DERIVED_MACHINE_VERSIONS.includes(v))).toEqual([]);
  });

  it('refuses to guess the stages of a machine version it does not know', () => {
    const h = projectionHarness(dossiersProjection, orgHistoryProjection);
    const { type, occurredOn, ...data } = ev.nominated();
    expect(() => h.given({ type, data, streamId: 'dossier-d9', metadata: { occurredOn, machineVersion: 99 } })).toThrow(/machine v99/);
    expect(h.rows(DOSSIER_SUMMARY_TABLE)).toEqual([]);
    h.close();
  });
});
