/**
 * XState's pure `transition(machine, snapshot, event)` builds a throwaway actor on every call, and that actor
 * computes the machine's initial snapshot first — about 100 µs, most of the cost of folding one event. The machines
 * here invoke and spawn nothing, and the fold ignores the actions it would collect, so one inert scope per machine
 * can serve every transition: same next snapshot, a fraction of the cost (the replay tests compare both).
 * `initialTransition` builds a throwaway actor the same way; opening a dossier uses the same scope instead.
 */
import { ActorScope, AnyStateMachine, createActor, EventFromLogic, SnapshotFrom } from 'xstate';

const scopes = new WeakMap<AnyStateMachine, ActorScope<never, never, never, never>>();

function scopeFor(machine: AnyStateMachine): ActorScope<never, never, never, never> {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      logger: () => undefined,
      defer: () => undefined,
      system: self.system,
      stopChild: () => undefined,
      emit: () => undefined,
      actionExecutor: () => undefined,
    } as unknown as ActorScope<never, never, never, never>;
    scopes.set(machine, scope);
  }
  return scope;
}

/** The first snapshot for an input, as XState's pure `initialTransition` would give it. */
export function initialSnapshot<M extends AnyStateMachine>(machine: M, input: unknown): SnapshotFrom<M> {
  return machine.getInitialSnapshot(scopeFor(machine) as never, input) as SnapshotFrom<M>;
}

/** The next snapshot, as XState's pure `transition` would give it. */
export function nextSnapshot<M extends AnyStateMachine>(machine: M, snapshot: SnapshotFrom<M>, event: EventFromLogic<M>): SnapshotFrom<M> {
  return machine.transition(snapshot, event, scopeFor(machine) as never) as SnapshotFrom<M>;
}
