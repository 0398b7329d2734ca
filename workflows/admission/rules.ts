/**
 * The rules of domain.md as named checks. A check looks at the dossier so far, the proposed event, the rule set of the
 * event's date and today, and returns either nothing or one violation with the rule id, a stable `reason` code and a
 * message in English and Vietnamese. A refusal is data, never an exception: the HTTP layer shows it as a 422.
 *
 * Sources: Điều lệ Đảng (2011); Quy định 24-QĐ/TW (2021), later 232-QĐ/TW and 294-QĐ/TW (2025), on applying the
 * Charter; Hướng dẫn 01-HD/TW (2021), later 06-HD/TW (2025); the admission forms of 12-HD/BTCTW (2022).
 */
import { IsoDate, isIsoDate } from '../calendar';
import { AdmissionContext, currentCertificate } from './context';
import { certificateLastValidDay, probationEndsOn } from './derived-dates';
import { DossierState, stateOf } from './dossier';
import { AdmissionEvent, AdmissionEventType, CandidateNominated, CellAdmissionVoteHeld, EDUCATION_LEVELS, EventOfType, RecognitionVoteHeld } from './events';
import { addMonthsUnder, rulesOn, RuleSet, wholeMonthsUnder } from './rule-sets';
import { Check, CheckInput, invalidDate, RuleViolation, violation } from './rule-violation';
import { checkConsentEvent, checkReadmissible, checkReadmissionConsent, checkReadmissionWait } from './readmission-rules';
import { checkSponsors } from './sponsor-rules';
import { checkCellVoteOrder, checkCheckConclusion, checkCheckRequest, checkHistoryDeclaration, checkRecognitionOrder, checkRecognitionPath, missingForCellVote } from './order-rules';
import { checkCeremony, checkExtension } from './time-rules';


/* ---------------------------------------------------------------- R-DATE */

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
