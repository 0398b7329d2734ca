/**
 * Loads the demo scenario through the public write side: organisations and quotas as the engine's commands (the
 * organisation rules of workflows/organization decide), dossiers through `Dossiers.record` (the admission workflow
 * decides, with the same rules and clock check as an HTTP request). Nothing is appended around the engine.
 *
 * Idempotent: every command has a deterministic id (`demo/<stream>/<n>`), so a second run finds each one already in
 * its stream and the engine answers with the first result without writing. Fast: dossiers are recorded CONCURRENCY at a
 * time (each one's events in order), so the embedded store's group commit shares one fsync among them.
 */
import { BusinessDay } from '../engine/clock';
import { decideCreate, decideSuccession, DEFAULT_HORIZON_DAYS, OrganizationCreated, OrgFacts } from '../../workflows/organization';
import { businessDate, Clock } from '../engine/clock';
import { Dossiers, dossierStreamId } from '../engine/dossiers';
import { organizationStream, organizationStreamId, quotaStream, quotaStreamId } from '../engine/admin-streams';
import { Engine } from '../engine/engine';
import { PersonClaims } from '../engine/person-claims';
import { StreamNotFoundError } from '../engine/errors';
import type { EventStore, JsonObject } from '../engine/event-store';
import { DEMO_NOW } from './calendar';
import type { DemoDossier } from './dossier';
import { DemoOrg, ORGANISATIONS, QUOTAS, RESTRUCTURED_ON, RESTRUCTURING, RESTRUCTURING_ORGANISATIONS } from './organisations';
import { demoDossiers } from './scenario';

/**
 * The streams of organisations and quotas, as the HTTP controllers write them (src/http/organizations,
 * src/http/read): a count is all their fold needs. Restated here because src/demo may not import src/http.
 */

/** The bootstrap admin, as the HTTP layer records it: actor `admin`, organisation the one acted on. */
const ADMIN = 'admin';
const CONCURRENCY = 32;

export const demoClock: Clock = { now: () => new Date(DEMO_NOW) };
/** The restructuring is recorded on the day it takes effect, 09:00 in Hồ Chí Minh City. */
const restructuringClock: Clock = { now: () => new Date(`${RESTRUCTURED_ON}T02:00:00.000Z`) };

export interface DemoOptions {
  clock?: Clock;
  timeZone?: string;
  /** called after each command with the commands done so far and the total */
  onProgress?(done: number, total: number): void;
}

export interface DemoSummary {
  organisations: number;
  quotas: number;
  dossiers: number;
  /** commands of the scenario (one event each) */
  commands: number;
  /** people claimed, one per dossier (PersonClaimed on `person-<id>`, beside the commands' events) */
  claims: number;
  /** events this run appended; 0 when the scenario was already loaded */
  appended: number;
  /** dossiers by their final state */
  states: Record<string, number>;
}

export async function loadDemo(store: EventStore, options: DemoOptions = {}): Promise<DemoSummary> {
  const clock = options.clock ?? demoClock;
  const engine = new Engine(store, { clock });
  const dossiers = new Dossiers(engine, store, new BusinessDay(clock, options.timeZone ?? 'Asia/Ho_Chi_Minh'));
  // Nominations claim their person as over HTTP: the scenario draws no person twice (names.ts), so none is refused.
  const claims = new PersonClaims(engine, dossiers);
  const scenario = demoDossiers();
  const total =
    ORGANISATIONS.length + QUOTAS.length + scenario.reduce((n, d) => n + d.commands.length, 0) + RESTRUCTURING_ORGANISATIONS.length + RESTRUCTURING.length;
  let done = 0;
  let appended = 0;
  const count = (events: number) => {
    appended += events;
    options.onProgress?.(++done, total);
  };
  const today = () => businessDate(clock.now(), options.timeZone ?? 'Asia/Ho_Chi_Minh');

  for (const org of ORGANISATIONS) {
    const result = await createOrganisation(engine, org, today());
    count(result.replayed ? 0 : result.events.length);
  }
  for (const [i, quota] of QUOTAS.entries()) {
    const { orgId, ...body } = quota;
    const context = { actor: ADMIN, orgId, commandId: `demo/quotas-${orgId}/${i}` };
    const result = await engine.execute(quotaStream, quotaStreamId(orgId), context, () => [
      { type: 'QuotaAssigned', data: { orgId, ...body }, occurredOn: today() },
    ]);
    count(result.replayed ? 0 : result.events.length);
  }

  const states: Record<string, number> = {};
  const queue = [...scenario];
  const worker = async () => {
    for (let dossier = queue.shift(); dossier; dossier = queue.shift()) {
      const state = await recordDossier(store, dossiers, claims, dossier, (replayed) => count(replayed ? 0 : 1));
      states[state] = (states[state] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));

  // The 2025 restructuring, after every act of the scenario (all dated 2024 or earlier).
  const later = new Engine(store, { clock: restructuringClock });
  for (const org of RESTRUCTURING_ORGANISATIONS) {
    const result = await createOrganisation(later, org, RESTRUCTURED_ON);
    count(result.replayed ? 0 : result.events.length);
  }
  for (const succession of RESTRUCTURING) {
    const result = await recordSuccession(later, succession);
    count(result.replayed ? 0 : result.events.length);
  }
  const summary = { organisations: ORGANISATIONS.length + RESTRUCTURING_ORGANISATIONS.length, quotas: QUOTAS.length, dossiers: scenario.length, commands: total };
  return { ...summary, claims: scenario.length, appended, states };
}

const demoOrg = (id: string): DemoOrg | undefined => [...ORGANISATIONS, ...RESTRUCTURING_ORGANISATIONS].find((o) => o.id === id);
const factsOf = (org: DemoOrg): OrgFacts => ({ id: org.id, kind: org.kind, since: null });

/** Creates the organisation unless its stream exists (by this demo or by hand): the organisation rules decide. */
async function createOrganisation(engine: Engine, org: DemoOrg, today: string) {
  const event: OrganizationCreated = { type: 'OrganizationCreated', id: org.id, name: org.name, kind: org.kind, authorisedToAdmit: false };
  if (org.parentId) event.parentId = org.parentId;
  const parent = org.parentId === undefined ? undefined : demoOrg(org.parentId);
  const refusal = decideCreate(event, parent && factsOf(parent), today);
  if (refusal) throw new Error(`demo organisation ${org.id} refused: ${refusal.detail}`);
  const { type, ...data } = event;
  const context = { actor: ADMIN, orgId: org.id, commandId: `demo/organization-${org.id}/0` };
  return engine.execute(organizationStream, organizationStreamId(org.id), context, (state) =>
    state === undefined ? [{ type, data: data as unknown as JsonObject, occurredOn: today }] : [],
  );
}

/** Records a succession as the HTTP layer does (the organisation rules decide); a second run finds its command. */
async function recordSuccession(engine: Engine, { predecessor, successor, effectiveOn }: (typeof RESTRUCTURING)[number]) {
  const [from, to] = [demoOrg(predecessor), demoOrg(successor)];
  if (!from || !to) throw new Error(`demo succession ${predecessor} → ${successor}: unknown organisation`);
  const refusal = decideSuccession(factsOf(from), factsOf(to), effectiveOn, false, { today: RESTRUCTURED_ON, horizonDays: DEFAULT_HORIZON_DAYS });
  if (refusal) throw new Error(`demo succession of ${predecessor} refused: ${refusal.detail}`);
  const context = { actor: ADMIN, orgId: predecessor, commandId: `demo/organization-${predecessor}/1` };
  return engine.execute(organizationStream, organizationStreamId(predecessor), context, () => [
    { type: 'OrganizationSucceeded', data: { predecessor, successor, effectiveOn }, occurredOn: RESTRUCTURED_ON },
  ]);
}

/** The id of a dossier's i-th command: the same on every run, so the engine knows it again. */
export const demoCommandId = (dossierId: string, i: number) => `demo/dossier-${dossierId}/${i}`;

/**
 * Records a dossier's events in order; a refusal names the dossier and the act, and the final state is checked.
 * A stream that ends with the dossier's last command holds all of them (they are recorded in order) and was checked
 * when it was written: it is skipped rather than replayed command by command (a replay re-reads the stream).
 */
async function recordDossier(store: EventStore, dossiers: Dossiers, claims: PersonClaims, dossier: DemoDossier, done: (replayed: boolean) => void): Promise<string> {
  const last = dossier.commands.length - 1;
  const tail = await store.readStream(dossierStreamId(dossier.id), { fromRevision: last, maxCount: 2 }).catch((error: unknown) => {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  });
  if (tail.length === 1 && tail[0].metadata.commandId === demoCommandId(dossier.id, last)) {
    for (let i = 0; i <= last; i++) done(true);
    return dossier.expectedState;
  }
  let state = '';
  for (const [i, { event, actor, orgId }] of dossier.commands.entries()) {
    try {
      // No authority check (HTTP's competenceOf): the demo loads as the operator; its decisions name the block's
      // standing committee as the check would want ("Ban Thường vụ <name>", organisations.ts).
      const context = { actor, orgId, commandId: demoCommandId(dossier.id, i) };
      const outcome = event.type === 'CandidateNominated' ? await claims.open(dossier.id, event, context) : await dossiers.record(dossier.id, event, context);
      state = outcome.view.state;
      done(outcome.replayed);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`demo dossier ${dossier.key} (${dossier.id}): ${event.type} of ${event.occurredOn} refused: ${why}`);
    }
  }
  if (state !== dossier.expectedState) throw new Error(`demo dossier ${dossier.key} ended in ${state}, expected ${dossier.expectedState}`);
  return state;
}
