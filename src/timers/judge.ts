/**
 * What a wake-up finds, judged on the dossier as it stands (read from its stream, not from the read model) and on
 * today's business date. Pure, so each outcome is tested without a scheduler:
 * - a statutory deadline that passed with nothing done while the dossier is open → record it missed (and remind);
 * - a lapsed awareness certificate before the cell vote, or a stall past its threshold → remind only;
 * - too early (a clock set back, a deadline moved later) → look again on the day it falls due;
 * - anything else — met, cancelled, the dossier closed or moved to another step — → nothing, with the reason.
 */
import { deadlineKey, STALL } from '../../projections/deadlines';
import type { ReminderKind } from '../../projections/reminders';
import { certificateExpired, currentStep, deadlinesOf, END_STAGES, type DossierState } from '../../workflows/admission';
import { addDays, type IsoDate } from '../../workflows/calendar';

export interface Remind {
  act: 'remind';
  kind: ReminderKind;
  /** `deadline-missed` reminders also record DeadlineMissed */
  rule: string | null;
  step: string | null;
  dueOn: IsoDate;
  deadlineKey: string;
}

export type Judgement = Remind | { act: 'early'; fireOn: IsoDate } | { act: 'nothing'; reason: string };

export function judge(state: DossierState, rule: string, today: IsoDate, stallDays: Record<string, number>): Judgement {
  if (rule === STALL) return judgeStall(state, today, stallDays);
  const deadline = deadlinesOf(state, { today }).find((d) => d.rule === rule);
  if (!deadline) return { act: 'nothing', reason: 'the dossier has no such deadline' };
  const key = deadlineKey(rule, null, deadline.startedOn, deadline.dueOn);
  if (rule === 'R-T-CERT') {
    if (certificateExpired(state, today)) {
      return { act: 'remind', kind: 'certificate-expired', rule, step: null, dueOn: deadline.dueOn, deadlineKey: key };
    }
    return deadline.status === 'open' ? { act: 'early', fireOn: addDays(deadline.dueOn, 1) } : { act: 'nothing', reason: 'the certificate is no longer needed' };
  }
  switch (deadline.status) {
    case 'open':
      return { act: 'early', fireOn: addDays(deadline.dueOn, 1) };
    case 'missed':
      if (deadline.metOn === null && !state.context.ending) {
        return { act: 'remind', kind: 'deadline-missed', rule, step: null, dueOn: deadline.dueOn, deadlineKey: key };
      }
      return { act: 'nothing', reason: deadline.metOn === null ? 'the dossier is closed' : 'done late, already recorded' };
    default:
      return { act: 'nothing', reason: `the deadline is ${deadline.status}` };
  }
}

function judgeStall(state: DossierState, today: IsoDate, stallDays: Record<string, number>): Judgement {
  const step = currentStep(state);
  if (END_STAGES.includes(step.stage)) return { act: 'nothing', reason: 'the dossier is closed' };
  const days = stallDays[step.state];
  if (!days) return { act: 'nothing', reason: 'no stall threshold for this step' };
  const dueOn = addDays(step.stepEnteredOn, days);
  if (today < dueOn) return { act: 'early', fireOn: dueOn };
  return { act: 'remind', kind: 'stall', rule: null, step: step.state, dueOn, deadlineKey: deadlineKey(STALL, step.state, step.stepEnteredOn, null) };
}
