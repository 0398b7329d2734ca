/**
 * The codes of the API that the screens list in order (api.md, domain.md). A copy, since web/ speaks HTTP only;
 * test/unit/web/vocabulary.test.ts holds it to the server's own lists.
 */
export const STAGES = [
  'nominated',
  'awarenessClass',
  'backgroundCheck',
  'admitted',
  'probationary',
  'official',
  'rejected',
  'dropped',
  'withdrawn',
  'removed',
] as const;
export type Stage = (typeof STAGES)[number];
/** The six stages of the journey, in order; the rest are ends. */
export const JOURNEY: readonly Stage[] = STAGES.slice(0, 6);
export const ENDS: readonly Stage[] = STAGES.slice(6);

export const CATEGORIES = ['youth_union', 'trade_union', 'business_owner', 'worker', 'student', 'civil_servant', 'armed_forces', 'other'] as const;

/** The detailed steps (`state`) of the workflow's machine v1 that the list filters by, per stage. */
export const DETAILED_STEPS: Record<string, string[]> = {
  awarenessClass: ['awarenessClass.enrolled', 'awarenessClass.certified'],
  backgroundCheck: [
    'backgroundCheck.personalHistory',
    'backgroundCheck.verification',
    'backgroundCheck.sponsors',
    'backgroundCheck.opinions',
    'backgroundCheck.cellVote',
    'backgroundCheck.grassrootsResolution',
    'backgroundCheck.awaitingDecision',
  ],
  probationary: [
    'probationary.theoryClass',
    'probationary.review',
    'probationary.awaitingRecognition',
    'probationary.recognitionResolved',
    'probationary.awaitingRemoval',
    'probationary.recognitionEscalated',
  ],
};

/** The report's figures (GET …/report) in the order the report screen and its CSV list them: the journey, then the ends. */
export const REPORT_FIGURES = [
  'nominated',
  'enrolled',
  'certified',
  'admitted',
  'ceremonies',
  'theoryCompleted',
  'recognised',
  'removed',
  'rejected',
  'dropped',
  'withdrawn',
] as const;
