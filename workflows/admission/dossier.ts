/**
 * The folded dossier as plain data (`DossierState`), the registry of machine versions, and reading the machine state.
 *
 * A dossier is pinned to the machine version it was opened with: its whole history folds through that version for
 * ever (domain.md: only an explicit migration event, not modelled yet, could move it). New versions are added to
 * `MACHINES`; old ones are never edited.
 */
import { getNextTransitions } from 'xstate';
import type { IsoDate } from '../calendar';
import type { AdmissionContext } from './context';
import { AdmissionEventType, EVENT_TYPES } from './events';
import { AdmissionMachine, admissionMachineV1 } from './machine-v1';

/** The machine version new dossiers are opened with. */
export const MACHINE_VERSION = 1;

export const MACHINES: Readonly<Record<number, AdmissionMachine>> = { 1: admissionMachineV1 };

export function machineFor(version: number): AdmissionMachine {
  const machine = MACHINES[version];
  if (!machine) throw new RangeError(`unknown admission machine version ${version}`);
  return machine;
}

export const STAGES = [
  'nominated',
  'awarenessClass',
  'backgroundCheck',
  'admitted',
  'probationary',
  'official',
  'rejected',
  'dropped',
  'withdrawn',
  'removed',
] as const;
export type Stage = (typeof STAGES)[number];

export const END_STAGES: readonly Stage[] = ['official', 'rejected', 'dropped', 'withdrawn', 'removed'];

/** XState's state value, as JSON: a leaf name, or one active child per compound state. */
export type MachineValue = string | { [state: string]: MachineValue };

export interface DossierState {
  machineVersion: number;
  /** the machine's state value (`{ backgroundCheck: 'sponsors' }`) */
  value: MachineValue;
  context: AdmissionContext;
  /** `occurredOn` of the last accepted event (R-DATE) */
  lastEventOn: IsoDate;
  /** the day the dossier entered its current stage, and its current sub-step (for stall reminders) */
  stageEnteredOn: IsoDate;
  stepEnteredOn: IsoDate;
}

/** Rebuilds the XState snapshot from the plain state (no actor is started; nothing runs). */
export function restore(state: DossierState): ReturnType<AdmissionMachine['resolveState']> {
  return machineFor(state.machineVersion).resolveState({ value: state.value, context: state.context });
}

/** The machine state as a dotted path: `backgroundCheck.sponsors`, `nominated`. */
export function dottedState(value: MachineValue): string {
  if (typeof value === 'string') return value;
  const [key] = Object.keys(value);
  return `${key}.${dottedState(value[key])}`;
}

export function stateOf(state: DossierState): string {
  return dottedState(state.value);
}

export function stageOf(state: DossierState): Stage {
  return stateOf(state).split('.')[0] as Stage;
}

/**
 * The event types the current state has a transition for, whatever the rules say (XState's `getNextTransitions`
 * lists guarded transitions too). A new dossier accepts only its opening event.
 */
export function eventsOfState(state: DossierState | undefined): AdmissionEventType[] {
  if (!state) return ['CandidateNominated'];
  // Transitions depend on the machine and the state value only (guards are not evaluated), so they are memoised.
  const key = `${state.machineVersion}:${stateOf(state)}`;
  let types = eventsByState.get(key);
  if (!types) {
    const found = new Set(getNextTransitions(restore(state)).map((t) => t.eventType));
    types = EVENT_TYPES.filter((type) => found.has(type));
    eventsByState.set(key, types);
  }
  return [...types];
}

const eventsByState = new Map<string, AdmissionEventType[]>();
