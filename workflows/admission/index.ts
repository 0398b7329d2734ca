/**
 * The admission workflow: the API the engine calls. Everything here is pure: no I/O, no clock (today comes in as
 * `ctx.today`), no exceptions for a refusal.
 *
 * - `decide(state, event, ctx)`: may this event be recorded now? `{ ok: true, ruleSet, machineVersion }` (stamp both in
 *   the event's metadata) or a `Refusal`: TRANSITION_NOT_ALLOWED (wrong state, with the types that are allowed) or
 *   RULE_VIOLATION (right state, a rule of domain.md broken, with `rule`, `reason`, `detail`, `detailVi`).
 * - `evolve(state, event, meta)`: fold one accepted event into the state. No rule checks, never throws for an accepted
 *   history; it folds through the machine version the dossier is pinned to.
 * - `DossierState` is plain JSON (the XState state value and context, plus a few dates): cache it as it is.
 * - Reading a state: `stageOf`, `stateOf`, `allowedEvents`, `deadlinesOf`, `datesOf`, `certificateExpired`,
 *   `currentStep`; `ruleSetFor(date)` names the legal regime of an act's date.
 *
 * Typical engine use: `state = events.reduce((s, e) => evolve(s, e, { machineVersion }), undefined)`, then
 * `decide(state, command, { today })`, append if ok, `evolve` the new event into the cached state.
 */
import type { IsoDate } from '../calendar';
import { deadlinesOf, certificateExpired, currentStep } from './deadlines';
import {
  dottedState,
  DossierState,
  eventsOfState,
  machineFor,
  MACHINE_VERSION,
  MachineValue,
  restore,
  stageOf,
  stateOf,
} from './dossier';
import type { AdmissionEvent, AdmissionEventType } from './events';
import { EVENT_TYPES } from './events';
import { initialSnapshot, nextSnapshot } from './pure-transition';
import { certainlyRefused, checkEvent } from './rules';
import type { RuleViolation } from './rule-violation';
import { ruleSetFor, RuleSetId } from './rule-sets';

export interface TransitionNotAllowed {
  code: 'TRANSITION_NOT_ALLOWED';
  /** the event types that could be recorded now */
  allowed: string[];
  detail: string;
  detailVi: string;
}

export type Refusal = TransitionNotAllowed | RuleViolation;

export type Decision = { ok: true; ruleSet: RuleSetId; machineVersion: number } | Refusal;

/** The event types that could be accepted now: the state's transitions minus those a rule would refuse for sure. */
export function allowedEvents(state: DossierState | undefined, ctx: { today: IsoDate }): AdmissionEventType[] {
  const types = eventsOfState(state);
  return state ? types.filter((type) => !certainlyRefused(state, type, ctx.today)) : types;
}

export function decide(state: DossierState | undefined, event: AdmissionEvent, ctx: { today: IsoDate }): Decision {
  return decideOn(state, state && (() => restore(state)), event, ctx);
}

/** XState's snapshot of a state, rebuilt from the plain state only when a step needs it. */
type Snapshot = ReturnType<typeof restore>;

function decideOn(state: DossierState | undefined, snapshot: (() => Snapshot) | undefined, event: AdmissionEvent, ctx: { today: IsoDate }): Decision {
  const machineVersion = state?.machineVersion ?? MACHINE_VERSION;
  const where = state ? stateOf(state) : '(new dossier)';
  const notAllowed = (): TransitionNotAllowed => ({
    code: 'TRANSITION_NOT_ALLOWED',
    allowed: allowedEvents(state, ctx),
    detail: `${String(event.type)} cannot be recorded while the dossier is in ${where}.`,
    detailVi: `Không thể ghi ${String(event.type)} khi hồ sơ đang ở bước ${where}.`,
  });
  if (!EVENT_TYPES.includes(event.type) || !eventsOfState(state).includes(event.type)) return notAllowed();
  const violation = checkEvent(state, event, ctx.today);
  if (violation) return violation;
  // The shape accepts the type; routing guards have a fallback everywhere, so this only guards against a machine edit
  // that would leave an accepted event unhandled.
  if (snapshot && !snapshot().can(event)) return notAllowed();
  return { ok: true, ruleSet: ruleSetFor(event.occurredOn), machineVersion };
}

export function evolve(state: DossierState | undefined, event: AdmissionEvent, meta: { machineVersion: number }): DossierState {
  return evolveFrom(state, state && restore(state), event, meta).state;
}

function evolveFrom(
  state: DossierState | undefined,
  snapshot: Snapshot | undefined,
  event: AdmissionEvent,
  meta: { machineVersion: number },
): { state: DossierState; snapshot: Snapshot } {
  if (!state) {
    if (event.type !== 'CandidateNominated') {
      throw new Error(`a dossier's history must start with CandidateNominated, not ${event.type}`);
    }
    const first = initialSnapshot(machineFor(meta.machineVersion), event);
    const on = event.occurredOn;
    const opened: DossierState = {
      machineVersion: meta.machineVersion,
      value: first.value as MachineValue,
      context: first.context,
      lastEventOn: on,
      stageEnteredOn: on,
      stepEnteredOn: on,
    };
    return { state: opened, snapshot: first };
  }
  // A pinned dossier folds through its own version whatever the caller passes (no migration event exists yet).
  const next = nextSnapshot(machineFor(state.machineVersion), snapshot ?? restore(state), event);
  const value = next.value as MachineValue;
  const before = stateOf(state);
  const after = dottedState(value);
  const on = event.occurredOn;
  const evolved: DossierState = {
    machineVersion: state.machineVersion,
    value,
    context: next.context,
    lastEventOn: on,
    stageEnteredOn: after.split('.')[0] === before.split('.')[0] ? state.stageEnteredOn : on,
    stepEnteredOn: after === before ? state.stepEnteredOn : on,
  };
  return { state: evolved, snapshot: next };
}

/** One event of a history that `decideEach` accepted, with what `decide` answered for it. */
export interface AcceptedStep {
  event: AdmissionEvent;
  ruleSet: RuleSetId;
  machineVersion: number;
}

/**
 * `decide` and then `evolve` for each event of a history in turn, as if they were recorded one by one: the accepted
 * steps and the state they lead to, or the first refusal (with its index and the state it met). The same answers as
 * those calls, step by step (the property tests compare them); XState's snapshot is carried from one step to the next
 * instead of being rebuilt from the plain state twice per event (for decide's `can` and for the transition), which
 * was a fifth of the cost of deciding an imported row. The snapshot never leaves this call.
 */
export function decideEach(
  state: DossierState | undefined,
  events: readonly AdmissionEvent[],
  ctx: { today: IsoDate },
): { accepted: AcceptedStep[]; state: DossierState | undefined } | { refused: { index: number; refusal: Refusal; state: DossierState | undefined } } {
  let snapshot = state && restore(state);
  const accepted: AcceptedStep[] = [];
  for (const [index, event] of events.entries()) {
    const current = snapshot;
    const decision = decideOn(state, current && (() => current), event, ctx);
    if (!('ok' in decision)) return { refused: { index, refusal: decision, state } };
    accepted.push({ event, ruleSet: decision.ruleSet, machineVersion: decision.machineVersion });
    ({ state, snapshot } = evolveFrom(state, snapshot, event, { machineVersion: decision.machineVersion }));
  }
  return { accepted, state };
}

/** Folds a whole accepted history (a convenience over `evolve`). */
export function fold(events: readonly AdmissionEvent[], meta: { machineVersion: number }): DossierState | undefined {
  return events.reduce<DossierState | undefined>((state, event) => evolve(state, event, meta), undefined);
}

export { stageOf, stateOf, deadlinesOf, certificateExpired, currentStep, ruleSetFor, MACHINE_VERSION };
export { STAGES, END_STAGES, MACHINES, type Stage, type DossierState, type MachineValue } from './dossier';
export { datesOf, partyAgeMonths, probationEndsOn, certificateLastValidDay, type DossierDates } from './derived-dates';
export { RULE_SETS, rulesOn, type RuleSet, type RuleSetId, type MonthEndRule } from './rule-sets';
export type { Deadline, DeadlineRule, DeadlineStatus } from './deadlines';
export type { RuleId, RuleViolation } from './rule-violation';
export type { AdmissionContext } from './context';
export * from './events';
export { acceptedNames, DECIDER_FIELDS, namesBody, type NamedBody } from './body-names';
export {
  AUTHORITY,
  authorise,
  bodiesOn,
  mayRecord,
  overSixty,
  owningBody,
  type ActBody,
  type ActBodies,
  type ActQuestion,
  type AuthorityDecision,
  type AuthorityNode,
  type AuthorityRules,
  type AuthorityViolation,
  type NotCompetent,
  type NoOwner,
  type NoOwnerReason,
  type Owner,
} from './authority';
