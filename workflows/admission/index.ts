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
import { certainlyRefused, checkEvent, RuleViolation } from './rules';
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
  if (state && !restore(state).can(event)) return notAllowed();
  return { ok: true, ruleSet: ruleSetFor(event.occurredOn), machineVersion };
}

export function evolve(state: DossierState | undefined, event: AdmissionEvent, meta: { machineVersion: number }): DossierState {
  if (!state) {
    if (event.type !== 'CandidateNominated') {
      throw new Error(`a dossier's history must start with CandidateNominated, not ${event.type}`);
    }
    const snapshot = initialSnapshot(machineFor(meta.machineVersion), event);
    const on = event.occurredOn;
    return {
      machineVersion: meta.machineVersion,
      value: snapshot.value as MachineValue,
      context: snapshot.context,
      lastEventOn: on,
      stageEnteredOn: on,
      stepEnteredOn: on,
    };
  }
  // A pinned dossier folds through its own version whatever the caller passes (no migration event exists yet).
  const snapshot = nextSnapshot(machineFor(state.machineVersion), restore(state), event);
  const value = snapshot.value as MachineValue;
  const before = stateOf(state);
  const after = dottedState(value);
  const on = event.occurredOn;
  return {
    machineVersion: state.machineVersion,
    value,
    context: snapshot.context,
    lastEventOn: on,
    stageEnteredOn: after.split('.')[0] === before.split('.')[0] ? state.stageEnteredOn : on,
    stepEnteredOn: after === before ? state.stepEnteredOn : on,
  };
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
export type { RuleId, RuleViolation } from './rules';
export type { AdmissionContext } from './context';
export * from './events';
