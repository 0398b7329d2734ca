/** What a rule check answers: nothing, or one violation with its rule id, a stable reason and the messages. */
import type { IsoDate } from '../calendar';
import type { AdmissionContext } from './context';
import type { DossierState } from './dossier';
import type { AdmissionEvent } from './events';
import type { RuleSet } from './rule-sets';

export type RuleId =
  | 'R-AGE'
  | 'R-EDU'
  | 'R-CERT'
  | 'R-SPONSOR'
  | 'R-VOTE'
  | 'R-ORDER'
  | 'R-DEADLOCK'
  | 'R-DATE'
  | 'R-T-DECIDE'
  | 'R-T-CEREMONY'
  | 'R-T-RECOGNISE'
  | 'R-READMIT';

export interface RuleViolation {
  code: 'RULE_VIOLATION';
  rule: RuleId;
  /** which check of the rule failed, e.g. `CELL_TOO_SMALL` under R-VOTE; stable, for clients and tests */
  reason: string;
  detail: string;
  detailVi: string;
}

export interface CheckInput<E extends AdmissionEvent = AdmissionEvent> {
  /** undefined for the event that opens the dossier */
  state: DossierState | undefined;
  event: E;
  /** the rule set in force on `event.occurredOn` */
  rules: RuleSet;
  today: IsoDate;
}

export type Check<E extends AdmissionEvent> = (input: CheckInput<E> & { context: AdmissionContext }) => RuleViolation | null;

export function violation(rule: RuleId, reason: string, detail: string, detailVi: string): RuleViolation {
  return { code: 'RULE_VIOLATION', rule, reason, detail, detailVi };
}

/** R-DATE: a field that is not a calendar date. */
export function invalidDate(field: string, value: unknown): RuleViolation {
  return violation(
    'R-DATE',
    'INVALID_DATE',
    `${field} is not a calendar date (YYYY-MM-DD): ${String(value)}.`,
    `${field} không phải là ngày hợp lệ (YYYY-MM-DD): ${String(value)}.`,
  );
}
