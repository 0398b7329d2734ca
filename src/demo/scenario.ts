/**
 * The Bình Dương scenario of seed 000 (Báo Bình Dương, 16-07-2024): the enterprise block, its industrial-park Party
 * organisations and the dossiers whose events reproduce every figure of domain.md's seed section.
 *
 * Time. Every act is dated on or before REPORTED_ON (2024-07-15, the eve of publication): the article's "hiện nay" /
 * "đến nay" is that day. The engine records with a clock of DEMO_NOW (2024-12-16), so nothing is in the future; as
 * nothing happens after REPORTED_ON, "as of today" answers equal "as of REPORTED_ON" ones whatever the real today.
 *
 * How each phrase maps to a query (interpretations; the e2e test test/e2e/demo-seeds.test.ts asserts each one):
 *
 * Chi bộ Công đoàn các KCN Bến Cát (a chi bộ cơ sở: kind grassroots, holds its dossiers itself)
 *   "kết nạp 20 đảng viên, đạt 100% chỉ tiêu … nhiệm kỳ 2020-2025" → GET quotas?period=2020-2025: the congress's quota
 *       {target 20, achieved 20, percent 100}; all 20 decided before 2024 ("tính đến cuối năm 2023").
 *   "chỉ tiêu Đảng ủy khối giao 50 … 20/50"           → the same query: the block's quota {target 50, achieved 20, percent 40}.
 *   "15 hồ sơ … đang trong quá trình hoàn thiện thủ tục" → pipeline stages.backgroundCheck = 15 (the stage domain.md
 *       calls "hoàn thiện hồ sơ, thẩm tra lý lịch, xét kết nạp"), spread over its sub-steps.
 *   "32 ĐVCĐ ưu tú vừa hoàn thành lớp … được cấp giấy chứng nhận" → report certified over 2024-01-01..REPORTED_ON = 32,
 *       and the list state=awarenessClass.certified = 32 (certified, not yet applied).
 * Đảng bộ KCN Mỹ Phước
 *   "7/10 đảng viên theo chỉ tiêu năm 2024"            → quotas?period=2024 {target 10, achieved 7, percent 70}.
 *   "44/50 … nhiệm kỳ 2020-2025"                         → quotas?period=2020-2025 {target 50, achieved 44, percent 88}.
 *   "cử 8 quần chúng ưu tú học lớp … nhận thức"         → "sent to class" = report enrolled over 2024-01-01..REPORTED_ON = 8
 *       (all in class 3/2024, not certified yet, so also pipeline stages.awarenessClass = 8).
 * Đảng bộ KCN VSIP
 *   "kết nạp 15 đảng viên, đạt 75% kế hoạch năm 2024"   → quotas?period=2024 {target 20, achieved 15, percent 75}.
 *   "72/80 đảng viên, đạt 90%"                           → quotas?period=2020-2025 {target 80, achieved 72, percent 90}.
 *   "gửi 2 hồ sơ đề nghị Đảng ủy khối xem xét kết nạp"  → list state=backgroundCheck.awaitingDecision = 2.
 *   "14 hồ sơ đang … thẩm tra lý lịch"                   → list state=backgroundCheck.verification = 14 (verification
 *       letters sent, no conclusion). The stage backgroundCheck therefore holds 16 (14 + the 2 awaiting the block).
 *   "cử 108 quần chúng ưu tú học lớp nhận thức"          → report enrolled over 2024-01-01..REPORTED_ON = 108.
 *   "78 … đã hoàn thành và được cấp giấy chứng nhận"    → report certified over the same period = 78.
 *   "30 người đang chuẩn bị đi học"                      → list state=awarenessClass.enrolled = 30: registered in July
 *       for class 4/2024, which opens after REPORTED_ON (108 − 78).
 * Đảng ủy Khối Doanh nghiệp, "6 tháng đầu năm 2024" = report from=2024-01-01 to=2024-06-30 over the block
 *   "3 lớp nhận thức về Đảng với 427 quần chúng ưu tú"   → report awarenessClasses = 3, enrolled = 427 (classes 1–3/2024;
 *       VSIP's 30 registered in July for class 4 are not in it).
 *   "1 lớp … lý luận chính trị cho 164 đảng viên dự bị"  → pipeline?asOf=2024-06-30 stages.probationary = 164: every
 *       probationary member at the end of June, all of whom completed the one theory class of 28-06-2024; the list
 *       state=probationary.review = 164 says the same today, the list stage=probationary&asOf=2024-06-30 as of then,
 *       and the report says it directly: theoryClasses = 1, theoryCompleted = 164.
 *   "kết nạp 58 đảng viên mới"                           → report admitted = 58; also quotas?period=2024&asOf=2024-06-30.
 *   "phấn đấu năm 2024 phát triển ít nhất 400 đảng viên"  → the block's 2024 quota {target 400, atLeast true,
 *       targetMax null, achieved 58, percent 14.5, met false}.
 *
 * The counts below are the seed figures broken down into cohorts; the cohort of a dossier fixes the window its
 * anchoring date falls in, its timeline (timeline.ts) the rest.
 */
import { addWorkingDays, IsoDate } from '../../workflows/calendar';
import { AwarenessClass, CLASSES_2024, PAST_CLASSES, REPORTED_ON, workingDayIn } from './calendar';
import { buildDossier, DemoDossier, Ending } from './dossier';
import { BEN_CAT, DONG_AN, holdersOf, MY_PHUOC, NAM_TAN_UYEN, ORGANISATIONS, SONG_THAN, VSIP } from './organisations';
import { Rng } from './random';
import { backFromResolution, ceremonyOn, decidedOn, forwardFromClass, lastDateOf, probation, Timeline } from './timeline';

interface Cohort {
  /** the dotted state the i-th dossier of the cohort ends in */
  state(i: number): string;
  timeline(rng: Rng, i: number): Timeline;
  ending?: Ending;
}

const { K1, K2, K3, K4 } = CLASSES_2024;
const classOf = (year: number, n: number): AwarenessClass => PAST_CLASSES.filter((c) => c.startsOn.startsWith(`${year}`))[n - 1];
/** The dotted state after `steps` preparation steps past the certificate (forwardFromClass). */
const AFTER_STEPS = [
  'awarenessClass.certified',
  'backgroundCheck.personalHistory',
  'backgroundCheck.verification', // history declared: the letters are still to go
  'backgroundCheck.verification', // letters sent, no conclusion yet
  'backgroundCheck.sponsors',
  'backgroundCheck.opinions',
  'backgroundCheck.cellVote',
];

/** Official members: sworn in by 12-05-2023, so recognised (ceremony + 12 months + a few weeks) before July 2024. */
const official = (from: IsoDate): Cohort => ({
  state: () => 'official',
  timeline: (rng) => probation(rng, ceremonyOn(rng, workingDayIn(rng, from, '2023-05-12')), { recognise: true }),
});
/** The 164: sworn in between 17-07-2023 and 21-06-2024, all in the theory class of 28-06-2024, probation running. */
const inTheoryClass2024 = (from: IsoDate, to: IsoDate): Cohort => ({
  state: () => 'probationary.review',
  timeline: (rng) => probation(rng, ceremonyOn(rng, workingDayIn(rng, from, to)), { theoryOn: '2024-06-28', recognise: false }),
});
const swornIn2023 = inTheoryClass2024('2023-07-17', '2023-12-29');
const swornIn2024 = inTheoryClass2024('2024-03-01', '2024-06-21');
/** Admitted early in June 2024, sworn in during the first half of July: waiting for their theory class. */
const swornInJuly: Cohort = {
  state: () => 'probationary.theoryClass',
  timeline: (rng) => ({
    ...decidedOn(rng, workingDayIn(rng, '2024-06-03', '2024-06-12')),
    ceremonyOn: workingDayIn(rng, '2024-07-01', '2024-07-12'),
  }),
};
/** Admitted in the second half of June 2024; the ceremony is still to come on REPORTED_ON (due within 30 working days). */
const awaitingCeremony: Cohort = { state: () => 'admitted', timeline: (rng) => decidedOn(rng, workingDayIn(rng, '2024-06-17', '2024-06-28')) };
const awaitingDecision: Cohort = {
  state: () => 'backgroundCheck.awaitingDecision',
  timeline: (rng) => backFromResolution(rng, workingDayIn(rng, '2024-06-24', '2024-07-12')),
};
/** Certified in a 2023 class and now somewhere in the preparation (1 to 6 steps on, by the dossier's index). */
const preparing = (firstStep = 1): Cohort => ({
  state: (i) => AFTER_STEPS[firstStep + (i % (7 - firstStep))],
  timeline: (rng, i) => forwardFromClass(rng, classOf(2023, 3 + (i % 2)), firstStep + (i % (7 - firstStep))),
});
/** Enrolled in a class (or one chosen by index, as `K1orK2`), certified if its certificates are out, `steps` steps on. */
const fromClass = (awarenessClass: AwarenessClass | ((i: number) => AwarenessClass), steps = 0): Cohort => {
  const classFor = typeof awarenessClass === 'function' ? awarenessClass : () => awarenessClass;
  return {
    state: (i) => (steps > 0 ? AFTER_STEPS[steps] : classFor(i).certifiedOn ? 'awarenessClass.certified' : 'awarenessClass.enrolled'),
    timeline: (rng, i) => forwardFromClass(rng, classFor(i), steps),
  };
};
const K1orK2 = (i: number) => (i % 2 === 0 ? K1 : K2);
const withdrawn: Ending = { type: 'CandidateWithdrawn', on: '2022-09-12', reason: 'Xin rút khỏi danh sách vì chuyển về quê làm việc' };

/** grassroots → [cohort name, count, cohort]. Names are part of the dossier keys: renaming one re-creates its dossiers. */
const COHORTS: Record<string, [string, number, Cohort][]> = {
  [BEN_CAT]: [
    ['official', 10, official('2021-03-01')],
    ['sworn-in-2023', 10, swornIn2023],
    ['preparing', 15, preparing()],
    ['certified-2024', 32, fromClass(K1orK2)],
  ],
  [MY_PHUOC]: [
    ['official', 25, official('2020-03-01')],
    ['sworn-in-2023', 12, swornIn2023],
    ['sworn-in-2024', 5, swornIn2024],
    ['sworn-in-july-2024', 1, swornInJuly],
    ['awaiting-ceremony', 1, awaitingCeremony],
    ['preparing', 3, preparing(4)],
    ['class-3-2024', 8, fromClass(K3)],
  ],
  [VSIP]: [
    ['official', 39, official('2020-03-01')],
    ['sworn-in-2023', 18, swornIn2023],
    ['sworn-in-2024', 12, swornIn2024],
    ['sworn-in-july-2024', 2, swornInJuly],
    ['awaiting-ceremony', 1, awaitingCeremony],
    ['awaiting-decision', 2, awaitingDecision],
    ['verification', 14, fromClass(K1orK2, 3)],
    ['certified-2024', 64, fromClass(K1orK2)],
    ['class-4-2024', 30, fromClass(K4)],
  ],
  [SONG_THAN]: [
    ['official', 8, official('2022-01-01')],
    ['sworn-in-2023', 28, swornIn2023],
    ['sworn-in-2024', 13, swornIn2024],
    ['sworn-in-july-2024', 1, swornInJuly],
    ['preparing', 5, preparing()],
    ['check-failed', 2, { ...fromClass(classOf(2023, 2), 4), state: () => 'dropped', ending: { type: 'CheckFailed' } }],
    ['class-1-2024', 40, fromClass(K1)],
    ['class-2-2024', 35, fromClass(K2)],
    ['class-3-2024', 45, fromClass(K3)],
  ],
  [DONG_AN]: [
    ['official', 6, official('2022-01-01')],
    ['sworn-in-2023', 25, swornIn2023],
    ['sworn-in-2024', 11, swornIn2024],
    ['sworn-in-july-2024', 1, swornInJuly],
    ['preparing', 4, preparing()],
    ['withdrawn', 1, { ...fromClass(classOf(2022, 2)), state: () => 'withdrawn', ending: withdrawn }],
    ['class-1-2024', 35, fromClass(K1)],
    ['class-2-2024', 30, fromClass(K2)],
    ['class-3-2024', 36, fromClass(K3)],
  ],
  [NAM_TAN_UYEN]: [
    ['official', 5, official('2022-01-01')],
    ['sworn-in-2023', 21, swornIn2023],
    ['sworn-in-2024', 9, swornIn2024],
    ['awaiting-ceremony', 1, awaitingCeremony],
    ['preparing', 3, preparing()],
    ['rejected', 1, rejected()],
    ['class-1-2024', 30, fromClass(K1)],
    ['class-2-2024', 28, fromClass(K2)],
    ['class-3-2024', 30, fromClass(K3)],
  ],
};

/** Voted and resolved on, then refused by the block: the candidate had not yet met the standard (R-T-DECIDE kept). */
function rejected(): Cohort {
  return {
    state: () => 'rejected',
    ending: { type: 'AdmissionRejected', reason: 'Chưa đủ tiêu chuẩn, điều kiện: cần tiếp tục rèn luyện, thử thách thêm' },
    timeline: (rng) => {
      const t = forwardFromClass(rng, classOf(2023, 1), 8);
      return { ...t, decidedOn: addWorkingDays(t.resolvedOn!, rng.int(20, 40)) };
    },
  };
}

/** Every dossier of the scenario, in a fixed order; throws if a timeline strays past REPORTED_ON. */
export function demoDossiers(): DemoDossier[] {
  const dossiers: DemoDossier[] = [];
  const people = new Set<string>();
  for (const [grassrootsId, cohorts] of Object.entries(COHORTS)) {
    const grassroots = ORGANISATIONS.find((o) => o.id === grassrootsId)!;
    const holders = holdersOf(grassrootsId);
    for (const [name, count, cohort] of cohorts) {
      for (let i = 0; i < count; i++) {
        const key = `${grassrootsId}/${name}/${i}`;
        const timeline = cohort.timeline(new Rng(`${key}/dates`), i);
        if (lastDateOf(timeline) > REPORTED_ON) throw new Error(`demo dossier ${key} has an act after ${REPORTED_ON}`);
        const holder = holders[i % holders.length];
        const expectedState = cohort.state(i);
        dossiers.push(buildDossier({ key, serial: dossiers.length + 1, holder, grassroots, timeline, expectedState, ending: cohort.ending }, people));
      }
    }
  }
  return dossiers;
}
