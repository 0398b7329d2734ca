/**
 * The rules of domain.md as named checks. A check looks at the dossier so far, the proposed event, the rule set of the
 * event's date and today, and returns either nothing or one violation with the rule id, a stable `reason` code and a
 * message in English and Vietnamese. A refusal is data, never an exception: the HTTP layer shows it as a 422.
 *
 * Sources: Điều lệ Đảng (2011); Quy định 24-QĐ/TW (2021), later 232-QĐ/TW and 294-QĐ/TW (2025), on applying the
 * Charter; Hướng dẫn 01-HD/TW (2021), later 06-HD/TW (2025); the admission forms of 12-HD/BTCTW (2022).
 */
import { addWorkingDays, IsoDate, isIsoDate } from '../calendar';
import { AdmissionContext, currentCertificate, DecisionClock } from './context';
import { certificateLastValidDay, probationEndsOn } from './derived-dates';
import { DossierState, stateOf } from './dossier';
import {
  AdmissionEvent,
  AdmissionEventType,
  CandidateNominated,
  CellAdmissionVoteHeld,
  CheckSubject,
  EDUCATION_LEVELS,
  EventOfType,
  RecognitionVoteHeld,
  Relation,
  SponsorsAssigned,
} from './events';
import { addMonthsUnder, rulesOn, RuleSet, wholeMonthsUnder } from './rule-sets';

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

interface CheckInput<E extends AdmissionEvent = AdmissionEvent> {
  /** undefined for the event that opens the dossier */
  state: DossierState | undefined;
  event: E;
  /** the rule set in force on `event.occurredOn` */
  rules: RuleSet;
  today: IsoDate;
}

type Check<E extends AdmissionEvent> = (input: CheckInput<E> & { context: AdmissionContext }) => RuleViolation | null;

function violation(rule: RuleId, reason: string, detail: string, detailVi: string): RuleViolation {
  return { code: 'RULE_VIOLATION', rule, reason, detail, detailVi };
}

/* ---------------------------------------------------------------- R-DATE */

function invalidDate(field: string, value: unknown): RuleViolation {
  return violation(
    'R-DATE',
    'INVALID_DATE',
    `${field} is not a calendar date (YYYY-MM-DD): ${String(value)}.`,
    `${field} không phải là ngày hợp lệ (YYYY-MM-DD): ${String(value)}.`,
  );
}

/**
 * Dates: an event may not predate the dossier's previous event, nor lie after today (the server's date, passed in).
 * Back-filling old acts is fine as long as they are recorded in order.
 */
function checkEventDate(state: DossierState | undefined, event: AdmissionEvent, today: IsoDate): RuleViolation | null {
  if (!isIsoDate(event.occurredOn)) return invalidDate('occurredOn', event.occurredOn);
  if (event.occurredOn > today) {
    return violation(
      'R-DATE',
      'IN_THE_FUTURE',
      `The act is dated ${event.occurredOn}, after today (${today}).`,
      `Ngày của sự việc (${event.occurredOn}) sau ngày hôm nay (${today}).`,
    );
  }
  if (state && event.occurredOn < state.lastEventOn) {
    return violation(
      'R-DATE',
      'BEFORE_PREVIOUS_EVENT',
      `The act is dated ${event.occurredOn}, before the dossier's previous event (${state.lastEventOn}).`,
      `Ngày của sự việc (${event.occurredOn}) sớm hơn sự việc trước đó của hồ sơ (${state.lastEventOn}).`,
    );
  }
  return null;
}

/** The other dates an event carries. */
function checkDataDates({ event, today }: CheckInput): RuleViolation | null {
  switch (event.type) {
    case 'CandidateNominated':
      if (!isIsoDate(event.candidate.dateOfBirth)) return invalidDate('candidate.dateOfBirth', event.candidate.dateOfBirth);
      if (event.candidate.dateOfBirth >= event.occurredOn) {
        return violation(
          'R-DATE',
          'BORN_AFTER_NOMINATION',
          `The date of birth ${event.candidate.dateOfBirth} is not before the nomination (${event.occurredOn}).`,
          `Ngày sinh ${event.candidate.dateOfBirth} không trước ngày giới thiệu (${event.occurredOn}).`,
        );
      }
      return null;
    case 'AwarenessClassEnrolled':
      return isIsoDate(event.startsOn) ? null : invalidDate('startsOn', event.startsOn);
    case 'AwarenessCertificateIssued':
      if (!isIsoDate(event.issuedOn)) return invalidDate('issuedOn', event.issuedOn);
      if (event.issuedOn > event.occurredOn) {
        return violation(
          'R-DATE',
          'ISSUED_AFTER_RECORDED_ACT',
          `The certificate is issued on ${event.issuedOn}, after the act it records (${event.occurredOn}).`,
          `Giấy chứng nhận cấp ngày ${event.issuedOn}, sau ngày của sự việc được ghi (${event.occurredOn}).`,
        );
      }
      return null;
    case 'SponsorsAssigned':
      for (const sponsor of event.sponsors) {
        if (sponsor.kind !== 'party_member') continue;
        if (!isIsoDate(sponsor.officialSince)) return invalidDate('sponsors[].officialSince', sponsor.officialSince);
        if (!isIsoDate(sponsor.knownSince)) return invalidDate('sponsors[].knownSince', sponsor.knownSince);
      }
      return null;
    case 'AdmissionDecided':
      if (!isIsoDate(event.receivedOn)) return invalidDate('receivedOn', event.receivedOn);
      if (event.receivedOn < event.occurredOn || event.receivedOn > today) {
        return violation(
          'R-DATE',
          'RECEIPT_OUT_OF_RANGE',
          `The decision of ${event.occurredOn} cannot be received on ${event.receivedOn}: receipt lies between the decision and today (${today}).`,
          `Quyết định ngày ${event.occurredOn} không thể được nhận ngày ${event.receivedOn}: ngày nhận phải từ ngày quyết định đến hôm nay (${today}).`,
        );
      }
      return null;
    case 'CeremonyDelayApproved':
      if (!isIsoDate(event.until)) return invalidDate('until', event.until);
      if (event.until < event.occurredOn) {
        return violation(
          'R-DATE',
          'UNTIL_BEFORE_APPROVAL',
          `A delay until ${event.until} ends before it is approved (${event.occurredOn}).`,
          `Thời hạn lùi đến ${event.until} kết thúc trước ngày được đồng ý (${event.occurredOn}).`,
        );
      }
      return null;
    default:
      return null;
  }
}

/* ---------------------------------------------------------------- R-EDU */

/** R-EDU (Quy định 24-QĐ/TW, 1.2): at least lower secondary; primary suffices in a hardship area. */
function checkEducation({ candidate }: Pick<CandidateNominated, 'candidate'>, rules: RuleSet): RuleViolation | null {
  const minimum = candidate.hardshipArea ? rules.education.minimumInHardshipArea : rules.education.minimum;
  if (EDUCATION_LEVELS.indexOf(candidate.education) >= EDUCATION_LEVELS.indexOf(minimum)) return null;
  return violation(
    'R-EDU',
    'EDUCATION_TOO_LOW',
    `Education "${candidate.education}" is below ${minimum}; primary education suffices only in a hardship area (mountain, border, island, ethnic-minority area, fishermen at sea).`,
    `Trình độ học vấn "${candidate.education}" thấp hơn mức tối thiểu (${minimum}); chỉ ở miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số, ngư dân thường xuyên làm việc trên biển mới được là tiểu học.`,
  );
}

/* ---------------------------------------------------------------- R-AGE */

/**
 * R-AGE (Điều lệ Đảng, Điều 1; Quy định 24-QĐ/TW, 1.1): on the cell vote date the candidate is between 216 and 720 whole
 * months old inclusive (18 to 60 years). Older candidates need the approval of the provincial standing committee,
 * recorded as `specialApproval` on the vote. Born 2006-02-15 → from 2024-02-15; born 1964-03-10 → until 2024-04-09.
 */
function checkAge(context: AdmissionContext, event: CellAdmissionVoteHeld, rules: RuleSet): RuleViolation | null {
  const born = context.candidate.dateOfBirth;
  const months = wholeMonthsUnder(rules, born, event.occurredOn);
  if (months < rules.age.minMonths) {
    const from = addMonthsUnder(rules, born, rules.age.minMonths);
    return violation(
      'R-AGE',
      'UNDER_AGE',
      `On ${event.occurredOn} the candidate is ${months} whole months old; the cell may vote from ${rules.age.minMonths} months (18 years), i.e. from ${from}.`,
      `Ngày ${event.occurredOn} người vào Đảng mới ${months} tháng tuổi tròn; chi bộ chỉ được xét kết nạp khi đủ ${rules.age.minMonths} tháng (18 tuổi), tức từ ngày ${from}.`,
    );
  }
  if (months > rules.age.maxMonthsWithoutApproval && !event.specialApproval) {
    return violation(
      'R-AGE',
      'OVER_AGE_WITHOUT_APPROVAL',
      `On ${event.occurredOn} the candidate is ${months} whole months old, over ${rules.age.maxMonthsWithoutApproval} (60 years): the vote needs specialApproval {by, ref} of the provincial standing committee.`,
      `Ngày ${event.occurredOn} người vào Đảng đã ${months} tháng tuổi tròn, quá ${rules.age.maxMonthsWithoutApproval} tháng (60 tuổi): cần có sự đồng ý của ban thường vụ tỉnh ủy, thành ủy (specialApproval {by, ref}).`,
    );
  }
  return null;
}

/* ---------------------------------------------------------------- R-READMIT */

/**
 * R-READMIT at the door (Quy định 24-QĐ/TW 3.5, kept by 232-QĐ/TW and 294-QĐ/TW 3.5): readmission is possible once
 * only (3.5.1), and not for those who left by abandoning party activity, by a voluntary
 * request to leave (except for especially difficult family reasons), who caused serious internal disunity, or who were
 * convicted of corruption or of a serious offence or worse (3.5.2). These are declared facts that cannot change later.
 */
function checkReadmissible(event: CandidateNominated): RuleViolation | null {
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
function checkReadmissionWait(context: AdmissionContext, on: IsoDate, rules: RuleSet): RuleViolation | null {
  const from = readmissionWaitEndsOn(context, rules);
  if (from === null || on >= from) return null;
  const convicted = context.readmission?.conviction?.clearedOn !== undefined;
  return convicted
    ? violation('R-READMIT', 'CONVICTION_WAIT_NOT_OVER', `A former member convicted of a less serious offence may be voted on from ${from}: ${rules.readmission.monthsAfterConvictionCleared} months after the conviction was cleared (${context.readmission!.conviction!.clearedOn}), and at least ${rules.readmission.monthsAfterLeaving} after leaving.`, `Người bị án hình sự về tội phạm ít nghiêm trọng chỉ được xét kết nạp lại từ ngày ${from} (sau ${rules.readmission.monthsAfterConvictionCleared} tháng kể từ ngày được xóa án tích ${context.readmission!.conviction!.clearedOn}).`)
    : violation('R-READMIT', 'WAIT_NOT_OVER', `A former member may be voted on ${rules.readmission.monthsAfterLeaving} months after leaving the Party (${context.readmission!.leftOn}), i.e. from ${from}.`, `Người đã ra khỏi Đảng (ngày ${context.readmission!.leftOn}) chỉ được xét kết nạp lại sau ít nhất ${rules.readmission.monthsAfterLeaving} tháng, tức từ ngày ${from}.`);
}

/** R-READMIT: the provincial consent in writing comes before the competent committee decides (24-QĐ/TW 3.5.1). */
function checkReadmissionConsent(context: AdmissionContext): RuleViolation | null {
  if (!context.readmission || context.readmissionConsent) return null;
  return violation('R-READMIT', 'CONSENT_MISSING', "A readmission is decided only after the provincial standing committee's written consent (ReadmissionConsented).", 'Kết nạp lại phải được ban thường vụ tỉnh ủy, thành ủy (hoặc tương đương) đồng ý bằng văn bản trước khi cấp ủy có thẩm quyền quyết định.');
}

function checkConsentEvent(context: AdmissionContext): RuleViolation | null {
  if (!context.readmission) {
    return violation('R-READMIT', 'NOT_A_READMISSION', 'The dossier is not a readmission: no consent to record.', 'Hồ sơ không phải kết nạp lại: không ghi nhận sự đồng ý kết nạp lại.');
  }
  if (context.readmissionConsent) {
    return violation('R-READMIT', 'ALREADY_CONSENTED', `The consent was recorded on ${context.readmissionConsent.on} (${context.readmissionConsent.ref}).`, `Đã ghi nhận sự đồng ý ngày ${context.readmissionConsent.on} (${context.readmissionConsent.ref}).`);
  }
  return null;
}

/* ---------------------------------------------------------------- R-CERT */

/**
 * R-CERT (Hướng dẫn 01-HD/TW: the certificate of the awareness class is valid for 60 months): it must be valid on the
 * cell vote date.
 */
function checkCertificateValid(context: AdmissionContext, on: IsoDate): RuleViolation | null {
  const certificate = currentCertificate(context);
  if (!certificate) return null; // reported by R-ORDER
  const lastValid = certificateLastValidDay(certificate.issuedOn);
  if (on <= lastValid) return null;
  return violation(
    'R-CERT',
    'CERTIFICATE_EXPIRED',
    `The awareness certificate ${certificate.certificateNo} issued on ${certificate.issuedOn} was valid until ${lastValid}; on ${on} it has lapsed. The candidate must attend a new awareness class.`,
    `Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng số ${certificate.certificateNo} cấp ngày ${certificate.issuedOn} chỉ có giá trị đến hết ngày ${lastValid}; ngày ${on} đã hết hạn. Người vào Đảng phải học lại lớp bồi dưỡng.`,
  );
}

/**
 * R-CERT dates: the certificate closes the class the dossier is enrolled in, so it is issued on or after that class's
 * start (the other end, not after the act that records it, is R-DATE `ISSUED_AFTER_RECORDED_ACT`).
 */
function checkCertificateIssuedAfterClassStart(context: AdmissionContext, event: EventOfType<'AwarenessCertificateIssued'>): RuleViolation | null {
  const enrolment = context.enrolments[context.enrolments.length - 1];
  if (!enrolment || event.issuedOn >= enrolment.startsOn) return null;
  return violation(
    'R-CERT',
    'ISSUED_BEFORE_CLASS_START',
    `The certificate is dated ${event.issuedOn}, before its class "${enrolment.className}" started (${enrolment.startsOn}).`,
    `Giấy chứng nhận cấp ngày ${event.issuedOn}, trước ngày khai giảng lớp "${enrolment.className}" (${enrolment.startsOn}).`,
  );
}

/** A second awareness class is for a lapsed certificate only. */
function checkReEnrolment(context: AdmissionContext, on: IsoDate): RuleViolation | null {
  const certificate = currentCertificate(context);
  if (!certificate) return null; // first enrolment
  const lastValid = certificateLastValidDay(certificate.issuedOn);
  if (on > lastValid) return null;
  return violation(
    'R-CERT',
    'CERTIFICATE_STILL_VALID',
    `The awareness certificate issued on ${certificate.issuedOn} is valid until ${lastValid}: a new awareness class is only for a lapsed certificate.`,
    `Giấy chứng nhận cấp ngày ${certificate.issuedOn} còn giá trị đến hết ngày ${lastValid}: chỉ học lại lớp bồi dưỡng khi giấy chứng nhận đã hết hạn.`,
  );
}

/* ---------------------------------------------------------------- R-SPONSOR */

/**
 * R-SPONSOR (Điều lệ Đảng, Điều 4.1; Quy định 24-QĐ/TW, 3.1–3.2): two official members, or one official member and the
 * executive committee of the youth union (the candidate is a youth-union member) or of the trade union (the candidate
 * is a trade-union member and not a youth-union member: our reading of "no youth union there", which the dossier cannot
 * see otherwise). A youth-union member of youth age (16–30 at the assignment) is sponsored by the youth-union committee
 * and one official member: "người vào Đảng trong độ tuổi thanh niên phải là đoàn viên …, được ban chấp hành đoàn cơ sở
 * và một đảng viên chính thức giới thiệu"; two members are refused. A member sponsor must be official on the assignment
 * date and have worked, studied or lived with the candidate for at least 12 months (since a day between the candidate's
 * birth and the assignment), unless appointed to replace a sponsor assigned earlier (Quy định 24-QĐ/TW 3.2: moved away,
 * disciplined, died): a first assignment has nobody to replace.
 */
function checkSponsors(context: AdmissionContext, event: SponsorsAssigned, rules: RuleSet): RuleViolation | null {
  const sponsors = event.sponsors;
  const members = sponsors.filter((s) => s.kind === 'party_member');
  const committees = sponsors.filter((s) => s.kind !== 'party_member');
  const categories = context.candidate.categories;
  if (sponsors.length !== 2 || members.length === 0) {
    return violation(
      'R-SPONSOR',
      'WRONG_SPONSORS',
      'A candidate needs two sponsors: two official party members, or one official member and the youth-union or trade-union committee.',
      'Người vào Đảng cần hai người giới thiệu: hai đảng viên chính thức, hoặc một đảng viên chính thức và ban chấp hành đoàn thanh niên hoặc công đoàn cơ sở.',
    );
  }
  for (const committee of committees) {
    if (committee.kind === 'youth_union_committee' && !categories.includes('youth_union')) {
      return violation(
        'R-SPONSOR',
        'YOUTH_UNION_COMMITTEE_NOT_ALLOWED',
        'The youth-union committee may sponsor only a youth-union member.',
        'Ban chấp hành đoàn cơ sở chỉ giới thiệu người vào Đảng là đoàn viên.',
      );
    }
    if (committee.kind === 'trade_union_committee' && (!categories.includes('trade_union') || categories.includes('youth_union'))) {
      return violation(
        'R-SPONSOR',
        'TRADE_UNION_COMMITTEE_NOT_ALLOWED',
        'The trade-union committee may sponsor only a trade-union member who is not a youth-union member (a youth-union member is sponsored by the youth-union committee).',
        'Ban chấp hành công đoàn cơ sở chỉ giới thiệu người vào Đảng là đoàn viên công đoàn không phải là đoàn viên thanh niên (đoàn viên thanh niên do ban chấp hành đoàn cơ sở giới thiệu).',
      );
    }
  }
  const ageYears = Math.floor(wholeMonthsUnder(rules, context.candidate.dateOfBirth, event.occurredOn) / 12);
  const youthAge = ageYears >= rules.youthAge.minYears && ageYears <= rules.youthAge.maxYears;
  if (youthAge && categories.includes('youth_union') && !committees.some((c) => c.kind === 'youth_union_committee')) {
    return violation(
      'R-SPONSOR',
      'YOUTH_UNION_COMMITTEE_REQUIRED',
      `On ${event.occurredOn} the candidate is ${ageYears}, of youth age (${rules.youthAge.minYears}–${rules.youthAge.maxYears}), and a youth-union member: the sponsors are the youth-union committee and one official member, not two members.`,
      `Ngày ${event.occurredOn} người vào Đảng ${ageYears} tuổi, trong độ tuổi thanh niên (${rules.youthAge.minYears}–${rules.youthAge.maxYears}) và là đoàn viên: người giới thiệu là ban chấp hành đoàn cơ sở và một đảng viên chính thức, không phải hai đảng viên.`,
    );
  }
  if (members.length === 2 && members[0].fullName.trim().toLowerCase() === members[1].fullName.trim().toLowerCase()) {
    return violation(
      'R-SPONSOR',
      'SAME_SPONSOR_TWICE',
      `${members[0].fullName} is named twice: the two sponsors must be different members.`,
      `${members[0].fullName} được ghi hai lần: hai người giới thiệu phải là hai đảng viên khác nhau.`,
    );
  }
  for (const member of members) {
    if (member.knownSince < context.candidate.dateOfBirth) {
      return violation(
        'R-SPONSOR',
        'KNOWN_BEFORE_BIRTH',
        `${member.fullName} cannot have known the candidate since ${member.knownSince}, before the candidate was born (${context.candidate.dateOfBirth}).`,
        `${member.fullName} không thể biết người vào Đảng từ ngày ${member.knownSince}, trước ngày sinh của người vào Đảng (${context.candidate.dateOfBirth}).`,
      );
    }
    if (member.knownSince > event.occurredOn) {
      return violation(
        'R-SPONSOR',
        'KNOWN_AFTER_ASSIGNMENT',
        `${member.fullName} is said to know the candidate only from ${member.knownSince}, after the assignment (${event.occurredOn}).`,
        `${member.fullName} được ghi là biết người vào Đảng từ ngày ${member.knownSince}, sau ngày được phân công (${event.occurredOn}).`,
      );
    }
    if (member.officialSince > event.occurredOn) {
      return violation(
        'R-SPONSOR',
        'SPONSOR_NOT_OFFICIAL',
        `${member.fullName} is an official member only from ${member.officialSince}; a sponsor must be official when assigned (${event.occurredOn}).`,
        `${member.fullName} là đảng viên chính thức từ ngày ${member.officialSince}; người giới thiệu phải là đảng viên chính thức khi được phân công (${event.occurredOn}).`,
      );
    }
    if (member.replacement && context.sponsors === null) {
      return violation(
        'R-SPONSOR',
        'REPLACEMENT_WITHOUT_PREDECESSOR',
        `${member.fullName} is marked as a replacement, but no sponsors were assigned before: the 12-month exemption is only for a sponsor who replaces one assigned earlier.`,
        `${member.fullName} được ghi là người thay thế, nhưng trước đó chưa phân công người giới thiệu: chỉ người thay thế người giới thiệu đã được phân công mới không cần đủ 12 tháng.`,
      );
    }
    const known = wholeMonthsUnder(rules, member.knownSince, event.occurredOn);
    if (!member.replacement && known < rules.sponsorKnownMonths) {
      return violation(
        'R-SPONSOR',
        'KNOWN_TOO_SHORT',
        `${member.fullName} has known the candidate for ${Math.max(known, 0)} whole months (since ${member.knownSince}); a sponsor needs ${rules.sponsorKnownMonths}, unless appointed as a replacement.`,
        `${member.fullName} mới cùng công tác, học tập hoặc sinh sống với người vào Đảng ${Math.max(known, 0)} tháng (từ ${member.knownSince}); người giới thiệu phải đủ ${rules.sponsorKnownMonths} tháng, trừ khi được phân công thay thế.`,
      );
    }
  }
  return null;
}

/* ---------------------------------------------------------------- R-VOTE */

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * R-VOTE: the counts must make sense, and a cell with fewer than 3 official members cannot vote (CELL_TOO_SMALL; such a
 * cell's candidates are handled by the grassroots committee, Hướng dẫn 01-HD/TW). Whether the vote passed is not a
 * refusal: a failed vote is recorded (voting.ts decides which).
 */
function checkVoteCounts(
  event: CellAdmissionVoteHeld | RecognitionVoteHeld,
  rules: RuleSet,
): RuleViolation | null {
  const inFavour = event.type === 'CellAdmissionVoteHeld' ? [event.votesFor] : [event.votesForRecognition, event.votesForRemoval];
  if (![event.officialMembers, event.excluded, ...inFavour].every(isCount)) {
    return violation(
      'R-VOTE',
      'INVALID_COUNTS',
      'Member and vote counts must be whole numbers of at least 0.',
      'Số đảng viên và số phiếu phải là số nguyên không âm.',
    );
  }
  if (event.officialMembers < rules.vote.minOfficialMembers) {
    return violation(
      'R-VOTE',
      'CELL_TOO_SMALL',
      `A cell needs at least ${rules.vote.minOfficialMembers} official members to vote; this one has ${event.officialMembers}.`,
      `Chi bộ phải có ít nhất ${rules.vote.minOfficialMembers} đảng viên chính thức mới được biểu quyết; chi bộ này có ${event.officialMembers}.`,
    );
  }
  const eligible = event.officialMembers - event.excluded;
  const cast = inFavour.reduce((sum, n) => sum + n, 0);
  if (eligible <= 0 || cast > eligible) {
    return violation(
      'R-VOTE',
      'INVALID_COUNTS',
      `${event.officialMembers} official members minus ${event.excluded} excluded leave ${Math.max(eligible, 0)} who count; ${cast} votes in favour cannot be right.`,
      `${event.officialMembers} đảng viên chính thức trừ ${event.excluded} người không tính còn ${Math.max(eligible, 0)}; ${cast} phiếu tán thành là không hợp lệ.`,
    );
  }
  return null;
}

/* ---------------------------------------------------------------- R-ORDER */

/** What the cell vote still lacks (R-ORDER); empty when the cell may vote. */
function missingForCellVote(context: AdmissionContext): { en: string; vi: string }[] {
  const missing: { en: string; vi: string }[] = [];
  if (!currentCertificate(context)) missing.push({ en: 'awareness certificate', vi: 'giấy chứng nhận bồi dưỡng nhận thức về Đảng' });
  if (!context.applicationSubmittedOn) missing.push({ en: 'application (1-KNĐ)', vi: 'đơn xin vào Đảng (1-KNĐ)' });
  if (!context.personalHistory) missing.push({ en: 'personal history (2-KNĐ)', vi: 'lý lịch người xin vào Đảng (2-KNĐ)' });
  if (context.checkConclusion?.result !== 'pass') {
    missing.push({ en: 'background check passed', vi: 'kết luận thẩm tra lý lịch' });
  }
  if (!context.sponsors) missing.push({ en: 'sponsors (3-KNĐ, 4-KNĐ)', vi: 'người giới thiệu (3-KNĐ, 4-KNĐ)' });
  if (!context.opinionsCollectedOn) {
    missing.push({ en: 'opinions of mass organisations (5-KNĐ)', vi: 'nhận xét của đoàn thể (5-KNĐ)' });
  }
  return missing;
}

function checkCellVoteOrder(context: AdmissionContext): RuleViolation | null {
  const missing = missingForCellVote(context);
  if (missing.length === 0) return null;
  return violation(
    'R-ORDER',
    'PREREQUISITES_MISSING',
    `The cell cannot vote yet; missing: ${missing.map((m) => m.en).join(', ')}.`,
    `Chi bộ chưa thể xét kết nạp; còn thiếu: ${missing.map((m) => m.vi).join(', ')}.`,
  );
}

/** The candidate's own side and the spouse's side of a personal history (01-HD/TW 2021, 3.4 c). */
const OWN_SIDE_SPARED_BY: readonly Relation[] = ['father', 'mother', 'sibling', 'child'];
const SPOUSE_SIDE: readonly Relation[] = ['spouse', 'father_in_law', 'mother_in_law'];

/**
 * R-RELATIVES: the subjects whose history must be verified before a passing conclusion, under the conclusion date's
 * rules. Under `side` (01-HD/TW 2021 3.4 c, kept by 06-HD/TW): a party member among the father, mother, siblings and
 * children spares the candidate's side; the spouse or a parent-in-law who is one spares the spouse's side.
 */
function subjectsToVerify(context: AdmissionContext, rules: RuleSet): CheckSubject[] {
  const relatives = context.personalHistory?.relatives ?? [];
  const mode = rules.verification.partyMemberRelatives;
  const members = new Set(relatives.filter((r) => r.isPartyMember).map((r) => r.relation));
  const ownSideSpared = mode === 'side' && OWN_SIDE_SPARED_BY.some((r) => members.has(r));
  const spouseSideSpared = mode === 'side' && SPOUSE_SIDE.some((r) => members.has(r));
  const subjects = new Set<CheckSubject>(ownSideSpared ? [] : ['candidate']);
  for (const relative of relatives) {
    if (!rules.verification.relations.includes(relative.relation)) continue;
    if (relative.isPartyMember && mode === 'person') continue;
    const spared = SPOUSE_SIDE.includes(relative.relation) ? spouseSideSpared : ownSideSpared;
    if (!spared) subjects.add(relative.relation);
  }
  return [...subjects];
}

const HISTORY_NOT_DECLARED = violation(
  'R-ORDER',
  'HISTORY_NOT_DECLARED',
  'The personal history (2-KNĐ) must be declared before it is verified.',
  'Phải có lý lịch người xin vào Đảng (2-KNĐ) trước khi thẩm tra.',
);

const ALREADY_CONCLUDED = violation(
  'R-ORDER',
  'ALREADY_CONCLUDED',
  'The background check has already been concluded.',
  'Việc thẩm tra lý lịch đã có kết luận.',
);

function checkCheckRequest(context: AdmissionContext, event: EventOfType<'BackgroundCheckRequested'>): RuleViolation | null {
  if (!context.personalHistory) return HISTORY_NOT_DECLARED;
  if (context.checkConclusion) return ALREADY_CONCLUDED;
  const declared = new Set<CheckSubject>(['candidate', ...context.personalHistory.relatives.map((r) => r.relation)]);
  const unknown = event.subjects.filter((s) => !declared.has(s));
  if (event.subjects.length === 0 || unknown.length > 0) {
    return violation(
      'R-ORDER',
      'UNKNOWN_SUBJECT',
      `A verification request names the candidate or relatives declared in the personal history; not declared: ${unknown.join(', ') || '(none named)'}.`,
      `Yêu cầu thẩm tra phải nêu người vào Đảng hoặc người thân đã khai trong lý lịch; chưa khai: ${unknown.join(', ') || '(không nêu ai)'}.`,
    );
  }
  return null;
}

/**
 * The grassroots committee certifies the history (pass) only once every required subject has been asked about. Under
 * R2025b (Hướng dẫn 06-HD/TW) relatives who are party members need no verification; the conclusion's own date picks
 * the rule set. A failing conclusion needs no full coverage: one bad answer suffices.
 */
function checkCheckConclusion(
  context: AdmissionContext,
  event: EventOfType<'BackgroundCheckConcluded'>,
  rules: RuleSet,
): RuleViolation | null {
  if (!context.personalHistory) return HISTORY_NOT_DECLARED;
  if (context.checkConclusion) return ALREADY_CONCLUDED;
  if (event.result === 'fail') return null;
  const asked = new Set(context.checkRequests.flatMap((r) => r.subjects));
  const missing = subjectsToVerify(context, rules).filter((s) => !asked.has(s));
  if (missing.length === 0) return null;
  return violation(
    'R-ORDER',
    'VERIFICATION_INCOMPLETE',
    `Under ${rules.id} the history of ${missing.join(', ')} must be verified (BackgroundCheckRequested) before the check can pass.`,
    `Theo ${rules.id} phải thẩm tra lý lịch của ${missing.join(', ')} (BackgroundCheckRequested) trước khi kết luận đạt.`,
  );
}

function checkHistoryDeclaration(context: AdmissionContext): RuleViolation | null {
  if (!context.checkConclusion) return null;
  return violation(
    'R-ORDER',
    'HISTORY_ALREADY_VERIFIED',
    'The personal history has already been verified; it cannot be declared anew in this dossier.',
    'Lý lịch đã được thẩm tra và kết luận; không khai lại trong hồ sơ này.',
  );
}

function checkRecognitionOrder(context: AdmissionContext, on: IsoDate): RuleViolation | null {
  if (!context.theoryClass) {
    return violation(
      'R-ORDER',
      'THEORY_CLASS_NOT_COMPLETED',
      'Recognition needs the new-member theory class completed first.',
      'Phải hoàn thành lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới trước khi xét công nhận chính thức.',
    );
  }
  const endsOn = probationEndsOn(context);
  if (endsOn !== null && on < endsOn) {
    return violation(
      'R-ORDER',
      'PROBATION_NOT_ENDED',
      `The probation ends on ${endsOn}; the recognition vote may be held from that day.`,
      `Thời kỳ dự bị kết thúc ngày ${endsOn}; chi bộ chỉ xét công nhận đảng viên chính thức từ ngày đó.`,
    );
  }
  return null;
}

/**
 * The recognition path (Điều lệ Đảng, Điều 5.3; forms 13-KNĐ, 15-KNĐ, 16-KNĐ of Hướng dẫn 12-HD/BTCTW): after the
 * cell's passed vote the grassroots committee resolves (15-KNĐ) before the competent committee recognises. Required
 * where the rule set of the recognition's date says so; not after a removal vote or a deadlock (24-QĐ/TW 4.2 c sends
 * those to the committees directly). The machine takes one resolution per dossier.
 */
function checkRecognitionPath(state: DossierState, rules: RuleSet): RuleViolation | null {
  if (stateOf(state) !== 'probationary.awaitingRecognition' || !rules.recognitionNeedsGrassrootsResolution) return null;
  return violation(
    'R-ORDER',
    'GRASSROOTS_RECOGNITION_MISSING',
    `Under ${rules.id} the grassroots committee's resolution on the recognition (15-KNĐ, GrassrootsRecognitionResolved) comes before the competent committee's decision.`,
    `Theo ${rules.id}, phải có nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức (15-KNĐ) trước khi cấp ủy có thẩm quyền quyết định.`,
  );
}

/* ---------------------------------------------------------------- R-DEADLOCK */

function checkDeadlock(context: AdmissionContext): RuleViolation | null {
  if (context.escalatedOn === null) return null;
  return violation(
    'R-DEADLOCK',
    'ESCALATED',
    `Three recognition votes in a row reached two thirds neither way; since ${context.escalatedOn} the competent committee decides, and the cell does not vote again.`,
    `Ba lần biểu quyết liên tiếp không đạt hai phần ba theo hướng nào; từ ngày ${context.escalatedOn} cấp ủy có thẩm quyền quyết định, chi bộ không biểu quyết lại.`,
  );
}

/* ---------------------------------------------------------------- time rules */

/** Due date of a decision clock (R-T-DECIDE / R-T-RECOGNISE), counted under the rules of its start. */
export function decisionDueOn(clock: DecisionClock, rule: 'R-T-DECIDE' | 'R-T-RECOGNISE'): IsoDate {
  const rules = rulesOn(clock.startedOn);
  const base = rule === 'R-T-DECIDE' ? rules.workingDays.decide : rules.workingDays.recognise;
  return addWorkingDays(clock.startedOn, base + (clock.extension?.workingDays ?? 0));
}

/** R-T-DECIDE / R-T-RECOGNISE: an extension of at most 30 working days, once, before the deadline has passed. */
function checkExtension(context: AdmissionContext, event: EventOfType<'DecisionDeadlineExtended'>): RuleViolation | null {
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
function checkCeremony(context: AdmissionContext, on: IsoDate): RuleViolation | null {
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

/* ---------------------------------------------------------------- by event type */

const CHECKS: { [T in AdmissionEventType]?: Check<EventOfType<T>>[] } = {
  AwarenessClassEnrolled: [({ context, event }) => checkReEnrolment(context, event.occurredOn)],
  AwarenessCertificateIssued: [({ context, event }) => checkCertificateIssuedAfterClassStart(context, event)],
  PersonalHistoryDeclared: [({ context }) => checkHistoryDeclaration(context)],
  BackgroundCheckRequested: [({ context, event }) => checkCheckRequest(context, event)],
  BackgroundCheckConcluded: [({ context, event, rules }) => checkCheckConclusion(context, event, rules)],
  SponsorsAssigned: [({ context, event, rules }) => checkSponsors(context, event, rules)],
  CellAdmissionVoteHeld: [
    ({ context }) => checkCellVoteOrder(context),
    ({ event, rules }) => checkVoteCounts(event, rules),
    ({ context, event }) => checkCertificateValid(context, event.occurredOn),
    ({ context, event, rules }) => checkAge(context, event, rules),
    ({ context, rules }) => checkEducation(context, rules),
    ({ context, event, rules }) => checkReadmissionWait(context, event.occurredOn, rules),
  ],
  ReadmissionConsented: [({ context }) => checkConsentEvent(context)],
  AdmissionDecided: [({ context }) => checkReadmissionConsent(context)],
  DecisionDeadlineExtended: [({ context, event }) => checkExtension(context, event)],
  OfficialMembershipRecognized: [({ state, rules }) => (state ? checkRecognitionPath(state, rules) : null)],
  AdmissionCeremonyHeld: [({ context, event }) => checkCeremony(context, event.occurredOn)],
  RecognitionVoteHeld: [
    ({ context }) => checkDeadlock(context),
    ({ context, event }) => checkRecognitionOrder(context, event.occurredOn),
    ({ event, rules }) => checkVoteCounts(event, rules),
  ],
};

/**
 * All rule checks for one event, first violation wins. The date is checked first because the rule set is chosen by it.
 * The opening event has no dossier yet: it is checked for its dates and R-EDU (the education on record cannot change
 * later, so a candidate who can never qualify is refused at the door; R-EDU is checked again at the vote under the
 * vote date's rules).
 */
export function checkEvent(state: DossierState | undefined, event: AdmissionEvent, today: IsoDate): RuleViolation | null {
  const dated = checkEventDate(state, event, today);
  if (dated) return dated;
  const rules = rulesOn(event.occurredOn);
  const input: CheckInput = { state, event, rules, today };
  const data = checkDataDates(input);
  if (data) return data;
  if (event.type === 'CandidateNominated') return checkEducation(event, rules) ?? checkReadmissible(event);
  if (!state) return null;
  const checks = (CHECKS[event.type] ?? []) as Check<AdmissionEvent>[];
  for (const check of checks) {
    const found = check({ ...input, state, context: state.context });
    if (found) return found;
  }
  return null;
}

/**
 * Event types that the state accepts in shape but that a rule is certain to refuse whatever the act's date (no later
 * than today): they are left out of `allowed` so that a client offers only what can succeed.
 */
export function certainlyRefused(state: DossierState, type: AdmissionEventType, today: IsoDate): boolean {
  const { context } = state;
  const where = stateOf(state);
  switch (type) {
    case 'AwarenessClassEnrolled': {
      const certificate = currentCertificate(context);
      return certificate !== null && today <= certificateLastValidDay(certificate.issuedOn);
    }
    case 'PersonalHistoryDeclared':
      return context.checkConclusion !== null;
    case 'BackgroundCheckRequested':
    case 'BackgroundCheckConcluded':
      return context.personalHistory === null || context.checkConclusion !== null;
    case 'CellAdmissionVoteHeld':
      return missingForCellVote(context).length > 0;
    case 'RecognitionVoteHeld': {
      if (where === 'probationary.recognitionEscalated' || !context.theoryClass) return true;
      const endsOn = probationEndsOn(context);
      return endsOn !== null && today < endsOn;
    }
    case 'ReadmissionConsented':
      return !context.readmission || context.readmissionConsent !== undefined;
    case 'AdmissionDecided':
      return context.readmission !== undefined && context.readmissionConsent === undefined;
    case 'OfficialMembershipRecognized':
      // Without the grassroots resolution, refused (R-ORDER) when the rule set of the earliest date it could bear — the
      // dossier's last event — already asks for it (the requirement, once in force, stays).
      return where === 'probationary.awaitingRecognition' && rulesOn(state.lastEventOn).recognitionNeedsGrassrootsResolution;
    case 'DecisionDeadlineExtended': {
      const clock = context.recognitionClock ?? context.decisionClock;
      return clock !== null && clock.extension !== null;
    }
    default:
      return false;
  }
}
