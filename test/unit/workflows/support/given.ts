/**
 * Given / when / then for the admission workflow: "given these accepted events, when this event is proposed, then it is
 * accepted (and the dossier is in this state) or refused (with this rule)". `given` itself runs every event through
 * `decide` first, so a test cannot start from a history the workflow would never have accepted.
 */
import {
  AdmissionEvent,
  decide,
  Decision,
  DossierState,
  evolve,
  MACHINE_VERSION,
  Refusal,
  RuleId,
  stageOf,
  stateOf,
} from '../../../../workflows/admission';

/** A fixed "today" late enough for every history in these tests; time never comes from the test machine's clock. */
export const TODAY = '2026-06-30';

export function replay(events: readonly AdmissionEvent[], today = TODAY): DossierState | undefined {
  let state: DossierState | undefined;
  for (const event of events) {
    const decision = decide(state, event, { today });
    if (!('ok' in decision)) {
      throw new Error(`given: ${event.type} of ${event.occurredOn} was refused: ${JSON.stringify(decision)}`);
    }
    state = evolve(state, event, { machineVersion: MACHINE_VERSION });
  }
  return state;
}

export interface Outcome {
  decision: Decision;
  /** asserts acceptance and returns the folded state */
  accepted(): DossierState;
  /** asserts acceptance and the machine state (dotted) */
  thenState(dotted: string): DossierState;
  thenRefused(rule: RuleId, reason?: string): Refusal;
  thenNotAllowed(): Refusal & { code: 'TRANSITION_NOT_ALLOWED' };
}

export function given(events: readonly AdmissionEvent[], today = TODAY) {
  const state = replay(events, today);
  return {
    state,
    when(event: AdmissionEvent, whenToday = today): Outcome {
      const decision = decide(state, event, { today: whenToday });
      const accepted = () => {
        expect(decision).toEqual({ ok: true, ruleSet: expect.any(String), machineVersion: MACHINE_VERSION });
        return evolve(state, event, { machineVersion: MACHINE_VERSION });
      };
      return {
        decision,
        accepted,
        thenState(dotted) {
          const next = accepted();
          expect(stateOf(next)).toBe(dotted);
          expect(stageOf(next)).toBe(dotted.split('.')[0]);
          return next;
        },
        thenRefused(rule, reason) {
          expect(decision).toMatchObject({ code: 'RULE_VIOLATION', rule, ...(reason ? { reason } : {}) });
          const refusal = decision as Refusal;
          expect(refusal.detail.length).toBeGreaterThan(10);
          expect(refusal.detailVi.length).toBeGreaterThan(10);
          return refusal;
        },
        thenNotAllowed() {
          expect(decision).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', allowed: expect.any(Array) });
          return decision as Refusal & { code: 'TRANSITION_NOT_ALLOWED' };
        },
      };
    },
  };
}
