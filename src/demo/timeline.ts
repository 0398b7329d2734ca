/**
 * The dates of one dossier's journey, built so that the workflow's rules hold by construction: dates never go back,
 * the certificate is months (not years) old at the cell vote, the competent committee decides within 60 working
 * days of the grassroots resolution (R-T-DECIDE), the ceremony follows the receipt within 30 (R-T-CEREMONY), the
 * recognition vote comes within 30 working days of the end of probation (R-T-REVIEW) and the decision within 30 more
 * (R-T-RECOGNISE). A timeline is anchored where the scenario needs a date to fall (a class, a ceremony, a decision)
 * and filled in backwards and forwards from there.
 */
import { addMonths, addWorkingDays, IsoDate } from '../../workflows/calendar';
import { ahead, AwarenessClass, back, latestClassCertifiedBy, theoryClassAfter } from './calendar';
import type { Rng } from './random';

/** Every date a journey may have, in the order of the events they date. Unset: the dossier has not got there. */
export interface Timeline {
  nominatedOn: IsoDate;
  enrolledOn: IsoDate;
  awarenessClass: AwarenessClass;
  certifiedOn?: IsoDate;
  appliedOn?: IsoDate;
  historyOn?: IsoDate;
  requestedOn?: IsoDate;
  concludedOn?: IsoDate;
  sponsorsOn?: IsoDate;
  opinionsOn?: IsoDate;
  voteOn?: IsoDate;
  resolvedOn?: IsoDate;
  decidedOn?: IsoDate;
  receivedOn?: IsoDate;
  ceremonyOn?: IsoDate;
  theoryOn?: IsoDate;
  recognitionVoteOn?: IsoDate;
  recognisedOn?: IsoDate;
}

/** The preparation of the background-check stage, in order, with the calendar days each step takes after the last. */
export const PREPARATION = [
  ['appliedOn', 7, 40],
  ['historyOn', 1, 4],
  ['requestedOn', 2, 6],
  ['concludedOn', 20, 45],
  ['sponsorsOn', 1, 5],
  ['opinionsOn', 2, 8],
  ['voteOn', 5, 15],
  ['resolvedOn', 5, 12],
] as const;
type PreparationStep = (typeof PREPARATION)[number][0];

function enrolment(rng: Rng, awarenessClass: AwarenessClass): Timeline {
  // Registered one to two weeks before the class opens; nominated to the list a few weeks before that.
  const enrolledOn = back(awarenessClass.startsOn, rng.int(7, 14));
  return { nominatedOn: back(enrolledOn, rng.int(15, 60)), enrolledOn, awarenessClass };
}

/** Enrolled in `awarenessClass`, certified if its certificates are out, then `steps` steps of the preparation on. */
export function forwardFromClass(rng: Rng, awarenessClass: AwarenessClass, steps = 0): Timeline {
  const timeline = enrolment(rng, awarenessClass);
  if (!awarenessClass.certifiedOn) return timeline;
  timeline.certifiedOn = awarenessClass.certifiedOn;
  let last = awarenessClass.certifiedOn;
  for (const [step, min, max] of PREPARATION.slice(0, steps)) last = timeline[step] = ahead(last, rng.int(min, max));
  return timeline;
}

/** Everything up to a grassroots resolution on `resolvedOn`, back to the class the candidate attended. */
export function backFromResolution(rng: Rng, resolvedOn: IsoDate): Timeline {
  const dates: Partial<Record<PreparationStep, IsoDate>> = { resolvedOn };
  let next = resolvedOn;
  for (let i = PREPARATION.length - 1; i > 0; i--) {
    const [, min, max] = PREPARATION[i];
    next = dates[PREPARATION[i - 1][0]] = back(next, rng.int(min, max));
  }
  const awarenessClass = latestClassCertifiedBy(back(dates.appliedOn!, rng.int(10, 150)));
  return { ...enrolment(rng, awarenessClass), certifiedOn: awarenessClass.certifiedOn!, ...dates };
}

/** Admitted on `decidedOn`: the resolution 15–40 working days before, the decision received a few days after. */
export function decidedOn(rng: Rng, decided: IsoDate): Timeline {
  return { ...backFromResolution(rng, addWorkingDays(decided, -rng.int(15, 40))), decidedOn: decided, receivedOn: ahead(decided, rng.int(2, 5)) };
}

/** Admitted and sworn in on `ceremonyOn`, 5–20 working days after receiving the decision. */
export function ceremonyOn(rng: Rng, ceremony: IsoDate): Timeline {
  const receivedOn = addWorkingDays(ceremony, -rng.int(5, 20));
  const decided = back(receivedOn, rng.int(1, 4));
  return { ...decidedOn(rng, decided), receivedOn, ceremonyOn: ceremony };
}

/**
 * Probation: the theory class (the first one after the ceremony unless given), and, when `recognise`, the cell's vote
 * 1–8 working days after probation ends and the committee's decision 3–12 working days later.
 */
export function probation(rng: Rng, timeline: Timeline, options: { theoryOn?: IsoDate; recognise: boolean }): Timeline {
  const ceremony = timeline.ceremonyOn!;
  const theoryOn = options.theoryOn ?? theoryClassAfter(ceremony);
  if (!options.recognise) return { ...timeline, theoryOn };
  const recognitionVoteOn = addWorkingDays(addMonths(ceremony, 12), rng.int(1, 8));
  return { ...timeline, theoryOn, recognitionVoteOn, recognisedOn: addWorkingDays(recognitionVoteOn, rng.int(3, 12)) };
}

/** The last date a timeline reaches (for the cut-off check). */
export function lastDateOf(timeline: Timeline): IsoDate {
  return Object.values(timeline)
    .filter((v): v is string => typeof v === 'string')
    .reduce((a, b) => (a > b ? a : b));
}
