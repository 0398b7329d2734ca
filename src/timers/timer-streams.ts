/**
 * The two streams the timer service writes, beside (never into) a dossier's own stream, so a clerk's If-Match
 * revision never moves under a timer:
 * - `deadlines-<dossierId>`: `DeadlineMissed {dossierId, rule, dueOn}`, one per missed occurrence of a statutory
 *   deadline; the dossier history merges them (src/engine/dossiers.ts).
 * - `reminders-<dossierId>`: the reminders of that dossier (events in projections/reminders.ts). Their fold here is
 *   what commands decide on: strongly consistent, unlike the read model.
 *
 * Every command the timers run has a command id derived from what it records, so the engine turns a repeat — a
 * duplicate wake-up, a second replica, a retried notification — into a replay that appends nothing.
 */
import type { IsoDate } from '../../workflows/calendar';
import type {
  EscalationLevel,
  ReminderKind,
  ReminderRaised,
  ReminderStatus,
} from '../../projections/reminders';
import { DEADLINES_PREFIX } from '../engine/dossiers';
import { eventIdFor, type RecordedEvent, type StreamType } from '../engine/engine';

export const TIMER_ACTOR = 'timer-service';
export const REMINDERS_STREAM = 'reminders';

export const deadlinesStreamId = (dossierId: string) => `${DEADLINES_PREFIX}${dossierId}`;
export const remindersStreamId = (dossierId: string) => `${REMINDERS_STREAM}-${dossierId}`;

/** The occurrences (`rule@dueOn`) already recorded as missed. */
export interface DeadlinesState {
  missed: string[];
}

export const deadlinesStream: StreamType<DeadlinesState> = {
  name: 'deadlines',
  evolve: (state, event) =>
    event.type === 'DeadlineMissed'
      ? { missed: [...(state?.missed ?? []), `${String(event.data.rule)}@${String(event.data.dueOn)}`] }
      : (state ?? { missed: [] }),
};

/** One reminder as its stream tells it. */
export interface ReminderRecord {
  id: string;
  dossierId: string;
  kind: ReminderKind;
  rule: string | null;
  step: string | null;
  deadlineKey: string;
  dueOn: IsoDate;
  cellId: string;
  escalationLevel: EscalationLevel;
  targetOrgId: string | null;
  status: ReminderStatus;
  raisedAt: string;
  levelSince: string;
  acknowledgedAt: string | null;
  /** the raise or escalation still to be announced, and those that were */
  lastEventId: string;
  notified: string[];
}

export interface RemindersState {
  reminders: Record<string, ReminderRecord>;
}

export const remindersStream: StreamType<RemindersState> = {
  name: REMINDERS_STREAM,
  evolve: (state, event) => evolveReminders(state ?? { reminders: {} }, event),
};

function evolveReminders(state: RemindersState, event: RecordedEvent): RemindersState {
  const at = String(event.metadata.recordedAt ?? event.recordedAt);
  const id = String(event.data.reminderId);
  const known = state.reminders[id];
  const put = (record: ReminderRecord): RemindersState => ({ reminders: { ...state.reminders, [id]: record } });
  if (event.type === 'ReminderRaised') {
    if (known) return state;
    const { reminderId: _, ...raised } = event.data as unknown as ReminderRaised;
    return put({
      ...raised,
      id,
      status: 'open',
      raisedAt: at,
      levelSince: at,
      acknowledgedAt: null,
      lastEventId: event.id,
      notified: [],
    });
  }
  if (!known) return state;
  switch (event.type) {
    case 'ReminderAcknowledged':
      return put({ ...known, status: 'acknowledged', acknowledgedAt: at });
    case 'ReminderEscalated':
      return put({
        ...known,
        status: 'open',
        escalationLevel: event.data.escalationLevel as EscalationLevel,
        targetOrgId: (event.data.targetOrgId as string | null) ?? null,
        levelSince: at,
        acknowledgedAt: null,
        lastEventId: event.id,
      });
    case 'ReminderResolved':
      return put({ ...known, status: 'resolved' });
    case 'ReminderNotified':
      return put({ ...known, notified: [...known.notified, String(event.data.eventId)] });
    default:
      return state;
  }
}

/** A reminder's id: a UUID derived from the dossier and the deadline occurrence, so every replica names it alike. */
export function reminderIdFor(dossierId: string, deadlineKey: string): string {
  return eventIdFor(`reminder/${dossierId}/${deadlineKey}`, 0);
}
