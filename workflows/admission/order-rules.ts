/** R-ORDER: what each act needs before it — the file before the cell vote, the verification of the candidate and relatives, the recognition path. */
import { IsoDate } from '../calendar';
import { AdmissionContext, currentCertificate } from './context';
import { probationEndsOn } from './derived-dates';
import { DossierState, stateOf } from './dossier';
import { CheckSubject, EventOfType, Relation } from './events';
import { RuleSet } from './rule-sets';
import { RuleViolation, violation } from './rule-violation';

/** What the cell vote still lacks (R-ORDER); empty when the cell may vote. */
export function missingForCellVote(context: AdmissionContext): { en: string; vi: string }[] {
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

export function checkCellVoteOrder(context: AdmissionContext): RuleViolation | null {
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
export const OWN_SIDE_SPARED_BY: readonly Relation[] = ['father', 'mother', 'sibling', 'child'];
export const SPOUSE_SIDE: readonly Relation[] = ['spouse', 'father_in_law', 'mother_in_law'];

/**
 * R-RELATIVES: the subjects whose history must be verified before a passing conclusion, under the conclusion date's
 * rules. Under `side` (01-HD/TW 2021 3.4 c, kept by 06-HD/TW): a party member among the father, mother, siblings and
 * children spares the candidate's side; the spouse or a parent-in-law who is one spares the spouse's side.
 */
export function subjectsToVerify(context: AdmissionContext, rules: RuleSet): CheckSubject[] {
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

export const HISTORY_NOT_DECLARED = violation(
  'R-ORDER',
  'HISTORY_NOT_DECLARED',
  'The personal history (2-KNĐ) must be declared before it is verified.',
  'Phải có lý lịch người xin vào Đảng (2-KNĐ) trước khi thẩm tra.',
);

export const ALREADY_CONCLUDED = violation(
  'R-ORDER',
  'ALREADY_CONCLUDED',
  'The background check has already been concluded.',
  'Việc thẩm tra lý lịch đã có kết luận.',
);

export function checkCheckRequest(context: AdmissionContext, event: EventOfType<'BackgroundCheckRequested'>): RuleViolation | null {
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
export function checkCheckConclusion(
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

export function checkHistoryDeclaration(context: AdmissionContext): RuleViolation | null {
  if (!context.checkConclusion) return null;
  return violation(
    'R-ORDER',
    'HISTORY_ALREADY_VERIFIED',
    'The personal history has already been verified; it cannot be declared anew in this dossier.',
    'Lý lịch đã được thẩm tra và kết luận; không khai lại trong hồ sơ này.',
  );
}

export function checkRecognitionOrder(context: AdmissionContext, on: IsoDate): RuleViolation | null {
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
export function checkRecognitionPath(state: DossierState, rules: RuleSet): RuleViolation | null {
  if (stateOf(state) !== 'probationary.awaitingRecognition' || !rules.recognitionNeedsGrassrootsResolution) return null;
  return violation(
    'R-ORDER',
    'GRASSROOTS_RECOGNITION_MISSING',
    `Under ${rules.id} the grassroots committee's resolution on the recognition (15-KNĐ, GrassrootsRecognitionResolved) comes before the competent committee's decision.`,
    `Theo ${rules.id}, phải có nghị quyết của đảng ủy cơ sở đề nghị công nhận đảng viên chính thức (15-KNĐ) trước khi cấp ủy có thẩm quyền quyết định.`,
  );
}
