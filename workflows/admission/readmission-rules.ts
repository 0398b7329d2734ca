/** R-READMIT: readmission (kết nạp lại), Quy định 24-QĐ/TW §3.5. */
import { IsoDate, isIsoDate } from '../calendar';
import { AdmissionContext } from './context';
import { CandidateNominated } from './events';
import { addMonthsUnder, RuleSet } from './rule-sets';
import { invalidDate, RuleViolation, violation } from './rule-violation';

/**
 * R-READMIT at the door (Quy định 24-QĐ/TW 3.5, kept by 232-QĐ/TW and 294-QĐ/TW 3.5): readmission is possible once
 * only (3.5.1), and not for those who left by abandoning party activity, by a voluntary
 * request to leave (except for especially difficult family reasons), who caused serious internal disunity, or who were
 * convicted of corruption or of a serious offence or worse (3.5.2). These are declared facts that cannot change later.
 */
export function checkReadmissible(event: CandidateNominated): RuleViolation | null {
  const r = event.readmission;
  if (!r) return null;
  if (!isIsoDate(r.leftOn)) return invalidDate('readmission.leftOn', r.leftOn);
  if (r.leftOn > event.occurredOn) {
    return violation('R-READMIT', 'LEFT_AFTER_NOMINATION', `The candidate is declared to have left the Party on ${r.leftOn}, after the nomination (${event.occurredOn}).`, `Ngày ra khỏi Đảng (${r.leftOn}) sau ngày giới thiệu (${event.occurredOn}).`);
  }
  if (r.conviction?.clearedOn !== undefined) {
    if (!isIsoDate(r.conviction.clearedOn)) return invalidDate('readmission.conviction.clearedOn', r.conviction.clearedOn);
    if (r.conviction.clearedOn > event.occurredOn) {
      return violation('R-READMIT', 'CLEARED_AFTER_NOMINATION', `The conviction is declared cleared on ${r.conviction.clearedOn}, after the nomination (${event.occurredOn}).`, `Ngày được xóa án tích (${r.conviction.clearedOn}) sau ngày giới thiệu (${event.occurredOn}).`);
    }
  }
  if (r.readmittedBefore) {
    return violation('R-READMIT', 'ALREADY_READMITTED', 'A former member is readmitted once only (Quy định 24-QĐ/TW 3.5.1); this person was readmitted before.', 'Chỉ kết nạp lại một lần (Quy định 24-QĐ/TW, 3.5.1); người này đã được kết nạp lại trước đây.');
  }
  const barred: Partial<Record<string, [string, string, string]>> = {
    abandoned_party_activity: ['LEFT_BY_ABANDONING_ACTIVITY', 'left by abandoning party activity', 'tự bỏ sinh hoạt đảng'],
    resigned: ['LEFT_BY_RESIGNING', 'asked to leave of their own will (not for especially difficult family reasons)', 'tự nguyện làm đơn xin ra khỏi Đảng (không vì lý do gia đình đặc biệt khó khăn)'],
  };
  const how = barred[r.leftHow];
  const found: [string, string, string] | undefined =
    how ??
    (r.causedSeriousDisunity ? ['SERIOUS_DISUNITY', 'caused serious internal disunity', 'gây mất đoàn kết nội bộ nghiêm trọng'] : undefined) ??
    (r.conviction?.corruption ? ['CORRUPTION_CONVICTION', 'was convicted of a corruption offence', 'bị kết án về tội tham nhũng'] : undefined) ??
    (r.conviction && r.conviction.severity !== 'less_serious'
      ? ['SERIOUS_CONVICTION', `was convicted of a ${r.conviction.severity.replace('_', ' ')} offence`, 'bị kết án về tội phạm nghiêm trọng trở lên']
      : undefined);
  if (found) {
    return violation('R-READMIT', found[0], `A former member who ${found[1]} is not readmitted (Quy định 24-QĐ/TW 3.5.2).`, `Không xem xét kết nạp lại người ${found[2]} (Quy định 24-QĐ/TW, 3.5.2).`);
  }
  if (r.conviction && r.conviction.clearedOn === undefined) {
    return violation('R-READMIT', 'CONVICTION_NOT_CLEARED', 'A former member convicted of a less serious offence is readmitted 60 months after the conviction is cleared (xóa án tích): readmission.conviction.clearedOn is needed.', 'Người bị án hình sự về tội phạm ít nghiêm trọng chỉ được xét kết nạp lại sau 60 tháng kể từ ngày được xóa án tích: cần ghi ngày xóa án tích.');
  }
  return null;
}

/** The first day the cell may vote on a readmission (R-READMIT), under the vote date's rules. */
export function readmissionWaitEndsOn(context: AdmissionContext, rules: RuleSet): IsoDate | null {
  const r = context.readmission;
  if (!r) return null;
  // "riêng người bị án hình sự về tội ít nghiêm trọng thì phải sau 60 tháng kể từ ngày được xóa án tích": instead of
  // the 36 months from leaving (ASSUMPTION: and never earlier than them).
  const afterLeaving = addMonthsUnder(rules, r.leftOn, rules.readmission.monthsAfterLeaving);
  const cleared = r.conviction?.clearedOn;
  if (!cleared) return afterLeaving;
  const afterClearance = addMonthsUnder(rules, cleared, rules.readmission.monthsAfterConvictionCleared);
  return afterClearance > afterLeaving ? afterClearance : afterLeaving;
}

/**
 * R-READMIT at the cell vote (24-QĐ/TW 3.5.1 "đã ra khỏi Đảng ít nhất 36 tháng"): the months have passed on the vote
 * date, from the anniversary day on (left 2021-03-10 → from 2024-03-10), as R-AGE counts.
 */
export function checkReadmissionWait(context: AdmissionContext, on: IsoDate, rules: RuleSet): RuleViolation | null {
  const from = readmissionWaitEndsOn(context, rules);
  if (from === null || on >= from) return null;
  const convicted = context.readmission?.conviction?.clearedOn !== undefined;
  return convicted
    ? violation('R-READMIT', 'CONVICTION_WAIT_NOT_OVER', `A former member convicted of a less serious offence may be voted on from ${from}: ${rules.readmission.monthsAfterConvictionCleared} months after the conviction was cleared (${context.readmission!.conviction!.clearedOn}), and at least ${rules.readmission.monthsAfterLeaving} after leaving.`, `Người bị án hình sự về tội phạm ít nghiêm trọng chỉ được xét kết nạp lại từ ngày ${from} (sau ${rules.readmission.monthsAfterConvictionCleared} tháng kể từ ngày được xóa án tích ${context.readmission!.conviction!.clearedOn}).`)
    : violation('R-READMIT', 'WAIT_NOT_OVER', `A former member may be voted on ${rules.readmission.monthsAfterLeaving} months after leaving the Party (${context.readmission!.leftOn}), i.e. from ${from}.`, `Người đã ra khỏi Đảng (ngày ${context.readmission!.leftOn}) chỉ được xét kết nạp lại sau ít nhất ${rules.readmission.monthsAfterLeaving} tháng, tức từ ngày ${from}.`);
}

/** R-READMIT: the provincial consent in writing comes before the competent committee decides (24-QĐ/TW 3.5.1). */
export function checkReadmissionConsent(context: AdmissionContext): RuleViolation | null {
  if (!context.readmission || context.readmissionConsent) return null;
  return violation('R-READMIT', 'CONSENT_MISSING', "A readmission is decided only after the provincial standing committee's written consent (ReadmissionConsented).", 'Kết nạp lại phải được ban thường vụ tỉnh ủy, thành ủy (hoặc tương đương) đồng ý bằng văn bản trước khi cấp ủy có thẩm quyền quyết định.');
}

export function checkConsentEvent(context: AdmissionContext): RuleViolation | null {
  if (!context.readmission) {
    return violation('R-READMIT', 'NOT_A_READMISSION', 'The dossier is not a readmission: no consent to record.', 'Hồ sơ không phải kết nạp lại: không ghi nhận sự đồng ý kết nạp lại.');
  }
  if (context.readmissionConsent) {
    return violation('R-READMIT', 'ALREADY_CONSENTED', `The consent was recorded on ${context.readmissionConsent.on} (${context.readmissionConsent.ref}).`, `Đã ghi nhận sự đồng ý ngày ${context.readmissionConsent.on} (${context.readmissionConsent.ref}).`);
  }
  return null;
}
