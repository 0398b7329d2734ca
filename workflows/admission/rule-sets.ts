/**
 * Legal regimes (domain.md, "Rule sets"): which rules apply to an act is decided by the act's own date (`occurredOn`),
 * never by the dossier, so one dossier can span several regimes: a cell vote of 2024 is judged by R2021 and the
 * recognition of 2025-08 by R2025b.
 *
 * The figures are the same in the three regimes as far as this model goes (the verification of relatives who are
 * party members was once read as a difference; 01-HD/TW 2021 already has it, see VERIFICATION). Everything that the public texts leave open is here as data, each with a comment
 * that names the assumption ("ASSUMPTION"), so that a change of reading is a change of this file, not of the code.
 */
import { addMonths, IsoDate, isIsoDate, parseIsoDate, wholeMonthsBetween } from '../calendar';
import type { Education, Relation } from './events';

export type RuleSetId = 'R2021' | 'R2025a' | 'R2025b';

/**
 * How a period of months treats a start day that its end month lacks (e.g. the 31st).
 * - `clamp`: end on the last day of the end month (Civil Code 2015, Điều 148): 2024-01-31 + 1 month = 2024-02-29.
 * - `next-month-start`: end on the first day of the following month: 2024-01-31 + 1 month = 2024-03-01.
 */
export type MonthEndRule = 'clamp' | 'next-month-start';

/**
 * R-RELATIVES: what a relative who is a party member, declared fully in the personal history, spares.
 * - `side` (Hướng dẫn 01-HD/TW 2021, 3.4 c, kept by 06-HD/TW 2025): a father, mother, sibling or child who is a party
 *   member spares the verification of the candidate's own side (the candidate, parents, guardian, children); a spouse
 *   who is a party member, or a parent-in-law who is one, spares the verification of the spouse's side (spouse, parents-
 *   in-law). The law's wording: "thì không phải thẩm tra, xác minh" and "không phải thẩm tra, xác minh bên vợ (chồng)".
 * - `person` (domain.md's reading): only that relative needs no verification; everyone else is verified.
 * - `none`: every declared relative is verified.
 */
export type PartyMemberRelatives = 'side' | 'person' | 'none';

export interface RuleSet {
  id: RuleSetId;
  /** first day in force; null: also every earlier (back-filled) act */
  inForceFrom: IsoDate | null;
  /** last day in force; null: until further notice */
  inForceUntil: IsoDate | null;
  texts: readonly string[];
  /** R-AGE: whole months at the cell vote date, both ends inclusive */
  age: { minMonths: number; maxMonthsWithoutApproval: number };
  /** R-EDU */
  education: { minimum: Education; minimumInHardshipArea: Education };
  /** R-CERT / R-T-CERT */
  certificateValidityMonths: number;
  /** R-SPONSOR: months a member sponsor has known the candidate */
  sponsorKnownMonths: number;
  /**
   * R-SPONSOR: youth age (Điều lệ Đảng, Điều 4.1 "trong độ tuổi thanh niên"; Luật Thanh niên 2020, Điều 1: 16 to 30),
   * in whole years at the assignment, both ends inclusive (so up to the day before the 31st birthday).
   */
  youthAge: { minYears: number; maxYears: number };
  /** R-VOTE: a resolution needs numerator/denominator of (official members − excluded); fewer members: CELL_TOO_SMALL */
  vote: { numerator: number; denominator: number; minOfficialMembers: number };
  /** R-DEADLOCK: this many inconclusive recognition votes in a row escalate to the competent committee */
  deadlockVotes: number;
  probationMonths: number;
  /**
   * R-READMIT (Quy định 24-QĐ/TW 3.5.1, kept by 232-QĐ/TW and 294-QĐ/TW 3.5.1): "Đã ra khỏi Đảng ít nhất 36 tháng
   * (riêng người bị án hình sự về tội phạm ít nghiêm trọng thì phải sau 60 tháng kể từ ngày được xóa án tích)", counted
   * to the cell's vote (the day the cell "xét kết nạp", as for R-AGE).
   */
  readmission: { monthsAfterLeaving: number; monthsAfterConvictionCleared: number };
  /**
   * Whether the competent committee's recognition (16-KNĐ) after the cell's passed vote (13-KNĐ) needs the grassroots
   * committee's resolution (15-KNĐ) first; judged by the rule set of the recognition's date.
   */
  recognitionNeedsGrassrootsResolution: boolean;
  /** time rules in working days (see calendar/working-days.ts for how they are counted) */
  workingDays: {
    decide: number;
    decideExtensionMax: number;
    ceremony: number;
    review: number;
    recognise: number;
    recogniseExtensionMax: number;
    /** R-T-REMOVE: from the cell's vote for removal (xóa tên) to the competent committee's decision */
    remove: number;
    /** R-T-DEADLOCK: from the escalation (the third inconclusive recognition vote) to the competent committee's decision */
    escalated: number;
  };
  /** whose history the grassroots committee must have verified before it may certify the candidate's history (R-RELATIVES) */
  verification: { relations: readonly Relation[]; partyMemberRelatives: PartyMemberRelatives };
  monthEndRule: MonthEndRule;
  /** Open points, in words; who owns which act is the data of authority.ts (`AUTHORITY`), keyed by these ids. */
  notes: { competentCommittee: string; certificateIssuer: string };
}

const COMMON = {
  age: { minMonths: 18 * 12, maxMonthsWithoutApproval: 60 * 12 },
  // ASSUMPTION (R-EDU): "hardship area" covers the five kinds listed in events.ts (HARDSHIP_AREAS).
  education: { minimum: 'lower_secondary', minimumInHardshipArea: 'primary' },
  certificateValidityMonths: 60,
  sponsorKnownMonths: 12,
  youthAge: { minYears: 16, maxYears: 30 },
  // ASSUMPTION (R-VOTE): CELL_TOO_SMALL counts all official members, before `excluded` is subtracted.
  vote: { numerator: 2, denominator: 3, minOfficialMembers: 3 },
  deadlockVotes: 3,
  probationMonths: 12,
  readmission: { monthsAfterLeaving: 36, monthsAfterConvictionCleared: 60 },
  // R-T-DECIDE / R-T-RECOGNISE (Quy định 24-QĐ/TW and 232-QĐ/TW 4.3.1): "Trong thời hạn 60 ngày làm việc kể từ ngày chi
  // bộ có nghị quyết đề nghị kết nạp; trong thời hạn 30 ngày làm việc kể từ ngày chi bộ có nghị quyết đề nghị công nhận
  // đảng viên chính thức, thì cấp ủy có thẩm quyền phải xem xét, quyết định; trường hợp đặc biệt, có thể gia hạn tối đa
  // 30 ngày làm việc." The one extension of either is recorded by the same event (DecisionDeadlineExtended).
  //
  // ASSUMPTION (R-T-REMOVE, R-T-DEADLOCK): Quy định 24-QĐ/TW 4.3.1 (kept by 232-QĐ/TW and 294-QĐ/TW) gives the competent
  // committee 60 working days from the cell's resolution on admission and 30 from its resolution on recognition; 4.2 c
  // sends a deadlocked recognition (three votes short of two thirds) to "cấp ủy cấp trên trực tiếp và cấp ủy có thẩm
  // quyền xem xét, quyết định" without a period, and no text gives one for the cell's resolution proposing removal. Both
  // default to the 30 working days of a recognition decision, counted from the removal vote and from the third vote.
  workingDays: {
    decide: 60,
    decideExtensionMax: 30,
    ceremony: 30,
    review: 30,
    recognise: 30,
    recogniseExtensionMax: 30,
    remove: 30,
    escalated: 30,
  },
  // ASSUMPTION (open point "how working days treat month ends"): periods in months end by the Civil Code's rule.
  monthEndRule: 'clamp',
} as const satisfies Partial<RuleSet>;

/**
 * The relatives whose history is verified (Hướng dẫn 01-HD/TW 2021, 3.4 a: "cha, mẹ đẻ, cha, mẹ vợ (chồng) hoặc người
 * trực tiếp nuôi dưỡng bản thân; vợ hoặc chồng, con đẻ … có năng lực hành vi dân sự đầy đủ"); siblings are not among
 * them. ASSUMPTION: the law limits children to those of full legal capacity; the dossier does not record that, so every
 * declared child counts. ASSUMPTION: a recorded PersonalHistoryDeclared is the full, truthful declaration that 3.4 c asks
 * for ("đã khai đầy đủ, rõ ràng, trung thực"); the grassroots committee's conclusion certifies it.
 */
const ALL_RELATIONS: readonly Relation[] = [
  'father',
  'mother',
  'father_in_law',
  'mother_in_law',
  'guardian',
  'spouse',
  'child',
];

/**
 * R-RELATIVES, the same in every regime: 01-HD/TW (2021) 3.4 c already spares party-member relatives, and 06-HD/TW (2025)
 * keeps it. (Until this change R2021 and R2025a verified them; that reading had no text behind it.)
 */
const VERIFICATION = { relations: ALL_RELATIONS, partyMemberRelatives: 'side' } as const satisfies RuleSet['verification'];

export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = {
  R2021: {
    ...COMMON,
    id: 'R2021',
    inForceFrom: null,
    inForceUntil: '2025-01-19',
    texts: [
      'Quy định 24-QĐ/TW (2021) thi hành Điều lệ Đảng',
      'Hướng dẫn 01-HD/TW (2021) một số vấn đề cụ thể thi hành Điều lệ Đảng',
      'Hướng dẫn 12-HD/BTCTW (2022) nghiệp vụ công tác đảng viên (forms 1-KNĐ … 9-KNĐ)',
    ],
    verification: VERIFICATION,
    // ASSUMPTION (recognition path): 15-KNĐ belongs to the forms of 12-HD/BTCTW (2012 and 2022), so the law asks for it
    // in every regime; the engine learnt of the step late, and back-filled records of R2021 and R2025a (stored and
    // imported without it) must still be accepted. It is required from R2025b; set true here to require it earlier.
    recognitionNeedsGrassrootsResolution: false,
    notes: {
      competentCommittee: 'standing committee of the level directly above the grassroots organisation, or the grassroots committee when authorised',
      certificateIssuer: 'district political centre (trung tâm chính trị cấp huyện) or the authorised grassroots committee',
    },
  },
  R2025a: {
    ...COMMON,
    id: 'R2025a',
    inForceFrom: '2025-01-20',
    inForceUntil: '2025-06-30',
    texts: ['Quy định 232-QĐ/TW (2025) thi hành Điều lệ Đảng', 'Hướng dẫn 01-HD/TW (2021), as far as not superseded'],
    verification: VERIFICATION,
    recognitionNeedsGrassrootsResolution: false, // as R2021

    notes: {
      competentCommittee: 'as R2021',
      certificateIssuer: 'as R2021',
    },
  },
  R2025b: {
    ...COMMON,
    id: 'R2025b',
    inForceFrom: '2025-07-01',
    inForceUntil: null,
    texts: ['Quy định 294-QĐ/TW (2025) thi hành Điều lệ Đảng', 'Hướng dẫn 06-HD/TW (2025) một số vấn đề cụ thể thi hành Điều lệ Đảng'],
    verification: VERIFICATION,
    recognitionNeedsGrassrootsResolution: true,
    notes: {
      // ASSUMPTION (open point "who decides after 2025-07-01 where a grassroots organisation sits under a commune"):
      // the commune's party committee standing committee (ban thường vụ đảng ủy xã/phường/đặc khu), as any level
      // directly above the grassroots organisation; no district can be it (authority.ts, `abolishedLevels`). Checked
      // over HTTP against the organisation tree of the act's date, `decidedBy` included (authority.ts).
      competentCommittee: 'standing committee of the commune-level party committee (assumed); otherwise as R2021; never a district',
      // ASSUMPTION (open point "who issues certificates after district political centres closed"): any issuer is
      // accepted and recorded verbatim (provincial political school, commune committee…); the certificate's validity
      // does not depend on who issued it.
      certificateIssuer: 'any issuer, recorded as given (assumed)',
    },
  },
};

/** The rule set in force on a date (the date of the act being judged). */
export function ruleSetFor(date: IsoDate): RuleSetId {
  if (!isIsoDate(date)) parseIsoDate(date); // throws, naming the date
  if (date <= '2025-01-19') return 'R2021';
  if (date <= '2025-06-30') return 'R2025a';
  return 'R2025b';
}

export function rulesOn(date: IsoDate): RuleSet {
  return RULE_SETS[ruleSetFor(date)];
}

/** Month arithmetic under a rule set's month-end rule. */
export function addMonthsUnder(rules: RuleSet, date: IsoDate, months: number): IsoDate {
  const clamped = addMonths(date, months);
  if (rules.monthEndRule === 'clamp' || clamped.slice(8) === date.slice(8)) return clamped;
  // The end month lacks the start day: the period ends on the first day of the month after.
  return addMonths(`${clamped.slice(0, 8)}01`, 1);
}

/** Whole months from `from` to `to` under a rule set's month-end rule: the largest m with addMonthsUnder(from, m) ≤ to. */
export function wholeMonthsUnder(rules: RuleSet, from: IsoDate, to: IsoDate): number {
  let months = wholeMonthsBetween(from, to);
  while (months > 0 && addMonthsUnder(rules, from, months) > to) months--;
  return months;
}
