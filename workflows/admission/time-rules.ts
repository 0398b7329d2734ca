/** The time rules whose dates the checks and the deadlines share: R-T-DECIDE / R-T-RECOGNISE extensions and R-T-CEREMONY. */
import { addWorkingDays, IsoDate } from '../calendar';
import { AdmissionContext, DecisionClock } from './context';
import { EventOfType } from './events';
import { rulesOn } from './rule-sets';
import { RuleViolation, violation } from './rule-violation';

/** Due date of a decision clock (R-T-DECIDE / R-T-RECOGNISE), counted under the rules of its start. */
export function decisionDueOn(clock: DecisionClock, rule: 'R-T-DECIDE' | 'R-T-RECOGNISE'): IsoDate {
  const rules = rulesOn(clock.startedOn);
  const base = rule === 'R-T-DECIDE' ? rules.workingDays.decide : rules.workingDays.recognise;
  return addWorkingDays(clock.startedOn, base + (clock.extension?.workingDays ?? 0));
}

/** R-T-DECIDE / R-T-RECOGNISE: an extension of at most 30 working days, once, before the deadline has passed. */
export function checkExtension(context: AdmissionContext, event: EventOfType<'DecisionDeadlineExtended'>): RuleViolation | null {
  const rule = context.recognitionClock ? 'R-T-RECOGNISE' : 'R-T-DECIDE';
  const clock = context.recognitionClock ?? context.decisionClock;
  if (!clock) return null;
  const rules = rulesOn(clock.startedOn);
  const max = rule === 'R-T-DECIDE' ? rules.workingDays.decideExtensionMax : rules.workingDays.recogniseExtensionMax;
  if (!Number.isInteger(event.workingDays) || event.workingDays < 1 || event.workingDays > max) {
    return violation(
      rule,
      'EXTENSION_OUT_OF_RANGE',
      `An extension is 1 to ${max} working days; ${event.workingDays} was given.`,
      `Gia hạn từ 1 đến ${max} ngày làm việc; đã ghi ${event.workingDays}.`,
    );
  }
  if (clock.extension) {
    return violation(
      rule,
      'ALREADY_EXTENDED',
      `The deadline was already extended on ${clock.extension.on}; it can be extended once only.`,
      `Thời hạn đã được gia hạn ngày ${clock.extension.on}; chỉ được gia hạn một lần.`,
    );
  }
  const due = decisionDueOn(clock, rule);
  if (event.occurredOn > due) {
    return violation(
      rule,
      'DEADLINE_ALREADY_PASSED',
      `The deadline (${due}) has passed; a missed deadline cannot be extended afterwards.`,
      `Thời hạn (${due}) đã qua; không gia hạn sau khi đã quá hạn.`,
    );
  }
  return null;
}

/** R-T-CEREMONY: the ceremony is due 30 working days after the decision was received. */
export function ceremonyDueOn(context: AdmissionContext): IsoDate | null {
  if (!context.admission) return null;
  const { receivedOn } = context.admission;
  return addWorkingDays(receivedOn, rulesOn(receivedOn).workingDays.ceremony);
}

/** The last approved day for a late ceremony, if any approval was recorded. */
export function ceremonyApprovedUntil(context: AdmissionContext): IsoDate | null {
  return context.ceremonyDelays.reduce<IsoDate | null>((latest, d) => (latest === null || d.until > latest ? d.until : latest), null);
}

/**
 * Hướng dẫn 01-HD/TW (3.2): within 30 working days of receiving the decision the cell holds the ceremony; a later one
 * needs the approval of the committee above, recorded beforehand as CeremonyDelayApproved. The ceremony cannot come
 * before the cell has the decision (R-ORDER).
 */
export function checkCeremony(context: AdmissionContext, on: IsoDate): RuleViolation | null {
  const due = ceremonyDueOn(context);
  if (!context.admission || due === null) return null;
  if (on < context.admission.receivedOn) {
    return violation(
      'R-ORDER',
      'CEREMONY_BEFORE_RECEIPT',
      `The cell received the decision on ${context.admission.receivedOn}; the ceremony cannot be held before that.`,
      `Chi bộ nhận quyết định ngày ${context.admission.receivedOn}; không thể tổ chức lễ kết nạp trước ngày đó.`,
    );
  }
  if (on <= due) return null;
  const until = ceremonyApprovedUntil(context);
  if (until === null) {
    return violation(
      'R-T-CEREMONY',
      'LATE_WITHOUT_APPROVAL',
      `The ceremony was due by ${due} (30 working days after receipt on ${context.admission.receivedOn}); a later ceremony needs a CeremonyDelayApproved first.`,
      `Lễ kết nạp phải tổ chức chậm nhất ngày ${due} (30 ngày làm việc từ ngày nhận quyết định ${context.admission.receivedOn}); tổ chức muộn hơn phải được cấp ủy cấp trên đồng ý trước (CeremonyDelayApproved).`,
    );
  }
  if (on > until) {
    return violation(
      'R-T-CEREMONY',
      'AFTER_APPROVED_DELAY',
      `The late ceremony was approved until ${until}; ${on} is after that.`,
      `Lễ kết nạp muộn được đồng ý đến hết ngày ${until}; ngày ${on} đã quá thời hạn đó.`,
    );
  }
  return null;
}
