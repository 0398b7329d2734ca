/**
 * Deadlines as data: a pure function from the folded dossier to its time rules (domain.md, "Time rules"). The timer
 * service schedules a wake-up at each open `dueOn` and writes `DeadlineMissed` to the dossier's own deadlines stream;
 * nothing here fires or stores anything. Stall reminders are the timer's business; `currentStep` gives them their
 * starting point.
 *
 * A status says what became of the deadline:
 * - `open`: not yet met, not yet due (today ≤ dueOn);
 * - `met`: the act happened on or before dueOn;
 * - `missed`: dueOn passed without the act, or the act came late (`metOn` then shows when);
 * - `cancelled`: the dossier closed (or moved past the need) before dueOn without the act: nothing is owed any more.
 * Each clock is counted under the rule set of the act that starts it.
 */
import { addWorkingDays, IsoDate } from '../calendar';
import { currentCertificate } from './context';
import { certificateLastValidDay, probationEndsOn } from './derived-dates';
import { DossierState, stageOf, stateOf, Stage } from './dossier';
import { rulesOn } from './rule-sets';
import { ceremonyApprovedUntil, ceremonyDueOn, decisionDueOn } from './time-rules';

export type DeadlineRule = 'R-T-DECIDE' | 'R-T-CEREMONY' | 'R-T-REVIEW' | 'R-T-RECOGNISE' | 'R-T-REMOVE' | 'R-T-DEADLOCK' | 'R-T-CERT';
export type DeadlineStatus = 'open' | 'met' | 'missed' | 'cancelled';

export interface Deadline {
  rule: DeadlineRule;
  /** the day the clock started (day 0) */
  startedOn: IsoDate;
  /** the last day still in time, after any extension or approved delay */
  dueOn: IsoDate;
  status: DeadlineStatus;
  /** when the act that the deadline asks for happened (also when late) */
  metOn: IsoDate | null;
  /** true when an extension (R-T-DECIDE, R-T-RECOGNISE) or a delay approval (R-T-CEREMONY) moved dueOn */
  extended: boolean;
}

function statusOf(dueOn: IsoDate, metOn: IsoDate | null, closedOn: IsoDate | null, today: IsoDate): DeadlineStatus {
  if (metOn !== null) return metOn <= dueOn ? 'met' : 'missed';
  if (closedOn !== null) return closedOn > dueOn ? 'missed' : 'cancelled';
  return today > dueOn ? 'missed' : 'open';
}

/** The states in which the awareness certificate still has to be valid for a coming cell vote. */
const BEFORE_CELL_VOTE = new Set([
  'awarenessClass.certified',
  'backgroundCheck.personalHistory',
  'backgroundCheck.verification',
  'backgroundCheck.sponsors',
  'backgroundCheck.opinions',
  'backgroundCheck.cellVote',
]);

/**
 * The computed condition of domain.md: the certificate has lapsed while the dossier still needs it for the cell vote.
 * It raises a reminder, blocks the vote (R-CERT) and opens re-enrolment; it clears when a new class is enrolled.
 */
export function certificateExpired(state: DossierState, today: IsoDate): boolean {
  const certificate = currentCertificate(state.context);
  if (!certificate || !BEFORE_CELL_VOTE.has(stateOf(state))) return false;
  return today > certificateLastValidDay(certificate.issuedOn);
}

export function deadlinesOf(state: DossierState, ctx: { today: IsoDate }): Deadline[] {
  const { context } = state;
  const { today } = ctx;
  const closedOn = context.ending?.on ?? null;
  const deadlines: Deadline[] = [];

  const certificate = currentCertificate(context);
  if (certificate) {
    // Met by the cell vote that used the certificate; open again if the dossier is back before the vote
    // (the grassroots committee declined), since a new vote needs a valid certificate again.
    const usedBy = [...context.cellVotes].reverse().find((v) => v.passed && v.on >= certificate.issuedOn);
    const metOn = usedBy && !BEFORE_CELL_VOTE.has(stateOf(state)) ? usedBy.on : null;
    const dueOn = certificateLastValidDay(certificate.issuedOn);
    deadlines.push({
      rule: 'R-T-CERT',
      startedOn: certificate.issuedOn,
      dueOn,
      status: statusOf(dueOn, metOn, closedOn, today),
      metOn,
      extended: false,
    });
  }

  if (context.decisionClock) {
    const clock = context.decisionClock;
    const rejectedOn = context.ending?.type === 'AdmissionRejected' ? context.ending.on : null;
    const dueOn = decisionDueOn(clock, 'R-T-DECIDE');
    const metOn = context.admission?.decidedOn ?? rejectedOn;
    deadlines.push({
      rule: 'R-T-DECIDE',
      startedOn: clock.startedOn,
      dueOn,
      status: statusOf(dueOn, metOn, closedOn, today),
      metOn,
      extended: clock.extension !== null,
    });
  }

  const ceremonyDue = ceremonyDueOn(context);
  if (context.admission && ceremonyDue !== null) {
    const approvedUntil = ceremonyApprovedUntil(context);
    const dueOn = approvedUntil !== null && approvedUntil > ceremonyDue ? approvedUntil : ceremonyDue;
    deadlines.push({
      rule: 'R-T-CEREMONY',
      startedOn: context.admission.receivedOn,
      dueOn,
      status: statusOf(dueOn, context.ceremonyOn, closedOn, today),
      metOn: context.ceremonyOn,
      extended: dueOn !== ceremonyDue,
    });
  }

  const endsOn = probationEndsOn(context);
  if (endsOn !== null) {
    const dueOn = addWorkingDays(endsOn, rulesOn(endsOn).workingDays.review);
    const metOn = context.recognitionVotes[0]?.on ?? null;
    deadlines.push({
      rule: 'R-T-REVIEW',
      startedOn: endsOn,
      dueOn,
      status: statusOf(dueOn, metOn, closedOn, today),
      metOn,
      extended: false,
    });
  }

  if (context.recognitionClock) {
    const clock = context.recognitionClock;
    const dueOn = decisionDueOn(clock, 'R-T-RECOGNISE');
    // Any decision of the competent committee answers the clock: recognition, or removal after all.
    const metOn = context.recognition?.on ?? (context.ending?.type === 'ProbationaryMemberRemoved' ? context.ending.on : null);
    deadlines.push({
      rule: 'R-T-RECOGNISE',
      startedOn: clock.startedOn,
      dueOn,
      status: statusOf(dueOn, metOn, closedOn, today),
      metOn,
      extended: clock.extension !== null,
    });
  }

  // The competent committee decides after the cell's vote for removal (R-T-REMOVE) or after three inconclusive votes
  // (R-T-DEADLOCK); either decision of it — removal or recognition after all — answers the clock.
  const decidedOn = context.recognition?.on ?? (context.ending?.type === 'ProbationaryMemberRemoved' ? context.ending.on : null);
  const removalVote = context.recognitionVotes.find((v) => v.outcome === 'remove');
  if (removalVote) deadlines.push(committeeClock('R-T-REMOVE', removalVote.on, rulesOn(removalVote.on).workingDays.remove, decidedOn, closedOn, today));
  if (context.escalatedOn !== null) {
    const on = context.escalatedOn;
    deadlines.push(committeeClock('R-T-DEADLOCK', on, rulesOn(on).workingDays.escalated, decidedOn, closedOn, today));
  }
  return deadlines;
}

function committeeClock(
  rule: 'R-T-REMOVE' | 'R-T-DEADLOCK',
  startedOn: IsoDate,
  workingDays: number,
  metOn: IsoDate | null,
  closedOn: IsoDate | null,
  today: IsoDate,
): Deadline {
  const dueOn = addWorkingDays(startedOn, workingDays);
  return { rule, startedOn, dueOn, status: statusOf(dueOn, metOn, closedOn, today), metOn, extended: false };
}

/** Where the dossier stands and since when: the starting point of the timer service's stall thresholds. */
export function currentStep(state: DossierState): {
  stage: Stage;
  state: string;
  stageEnteredOn: IsoDate;
  stepEnteredOn: IsoDate;
} {
  return { stage: stageOf(state), state: stateOf(state), stageEnteredOn: state.stageEnteredOn, stepEnteredOn: state.stepEnteredOn };
}
