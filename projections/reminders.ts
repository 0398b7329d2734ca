/**
 * The reminders read model: one row per reminder the timer service raised, from the events of the streams
 * `reminders-<dossierId>` (defined here, written by src/timers), for `GET /reminders`, the escalation check and the
 * sweep. A reminder is `open` → `acknowledged` (a clerk saw it) → `resolved` (the dossier moved on); an escalation
 * puts it before the next level (cell → grassroots committee → competent committee) as `open` again.
 *
 * The owning cell follows `DossierTransferred`, so a moved dossier's reminders are seen in the new cell's subtree.
 * `last_event_id` is the raise or escalation that still has to be announced; `notified_event_id` the last one that
 * was (the sweep re-queues a notification while they differ).
 */
import type { ProjectedEvent, Projection, Row, RowChange, RowReader, TableDef } from './projection';
import { idInStream, text } from './stored-events';

export const REMINDERS_TABLE = 'timer_reminders';
export const REMINDERS_PREFIX = 'reminders-';

export type ReminderKind = 'deadline-missed' | 'certificate-expired' | 'stall';
export type ReminderStatus = 'open' | 'acknowledged' | 'resolved';
/** 0 the cell (chi bộ), 1 the grassroots committee (đảng ủy cơ sở), 2 the competent committee */
export type EscalationLevel = 0 | 1 | 2;
export const TOP_LEVEL: EscalationLevel = 2;

/** The events of a reminders stream: ids, codes and dates only, never a name. */
export interface ReminderRaised {
  reminderId: string;
  dossierId: string;
  kind: ReminderKind;
  /** the time rule (R-T-…); null for a stall */
  rule: string | null;
  /** the machine state a stalled dossier rests in; null otherwise */
  step: string | null;
  /** the occurrence of the deadline (projections/deadlines.ts): a reminder stays current while it is open */
  deadlineKey: string;
  dueOn: string;
  cellId: string;
  escalationLevel: EscalationLevel;
  targetOrgId: string | null;
}
export interface ReminderAcknowledged {
  reminderId: string;
  escalationLevel: EscalationLevel;
}
export interface ReminderEscalated {
  reminderId: string;
  escalationLevel: EscalationLevel;
  targetOrgId: string | null;
}
export interface ReminderResolved {
  reminderId: string;
  reason: string;
}
export interface ReminderNotified {
  reminderId: string;
  /** the raise or escalation event that was announced */
  eventId: string;
}

export interface ReminderRow {
  id: string;
  dossier_id: string;
  kind: ReminderKind;
  rule: string | null;
  step: string | null;
  deadline_key: string;
  due_on: string;
  cell_id: string;
  target_org_id: string | null;
  escalation_level: EscalationLevel;
  status: ReminderStatus;
  raised_at: string;
  /** when the current level was reached (raise or escalation): the start of the unacknowledged wait */
  level_since: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  last_event_id: string;
  notified_event_id: string | null;
  position: number;
}

const table: TableDef = {
  name: REMINDERS_TABLE,
  columns: {
    id: 'TEXT',
    dossier_id: 'TEXT',
    kind: 'TEXT',
    rule: 'TEXT',
    step: 'TEXT',
    deadline_key: 'TEXT',
    due_on: 'TEXT',
    cell_id: 'TEXT',
    target_org_id: 'TEXT',
    escalation_level: 'INTEGER',
    status: 'TEXT',
    raised_at: 'TEXT',
    level_since: 'TEXT',
    acknowledged_at: 'TEXT',
    resolved_at: 'TEXT',
    last_event_id: 'TEXT',
    notified_event_id: 'TEXT',
    position: 'INTEGER',
  },
  key: ['id'],
  indexes: [['dossier_id', 'deadline_key'], ['status']],
};

/** The engine's clock time of the append (the store's own time only for events written without it). */
function recordedAt(event: ProjectedEvent): string {
  return text(event.metadata.recordedAt) ?? event.recordedAt;
}

export const remindersProjection: Projection = {
  name: 'reminders',
  version: 1,
  tables: [table],
  apply(event: ProjectedEvent, rows: RowReader): RowChange[] {
    const transferred = idInStream(event.streamId, 'dossier');
    if (transferred !== undefined) {
      if (event.type !== 'DossierTransferred') return [];
      const toCellId = String(event.data.toCellId);
      return rows.where(REMINDERS_TABLE, 'dossier_id', transferred).map((row) => ({ table: REMINDERS_TABLE, upsert: { ...row, cell_id: toCellId } }));
    }
    if (!event.streamId.startsWith(REMINDERS_PREFIX)) return [];
    const at = recordedAt(event);
    const update = (reminderId: unknown, change: (row: Row) => Row): RowChange[] => {
      const row = rows.get(REMINDERS_TABLE, { id: String(reminderId) });
      return row ? [{ table: REMINDERS_TABLE, upsert: { ...change(row), position: event.position } }] : [];
    };
    switch (event.type) {
      case 'ReminderRaised': {
        const d = event.data as unknown as ReminderRaised;
        if (rows.get(REMINDERS_TABLE, { id: d.reminderId })) return [];
        const row: ReminderRow = {
          id: d.reminderId,
          dossier_id: d.dossierId,
          kind: d.kind,
          rule: d.rule,
          step: d.step,
          deadline_key: d.deadlineKey,
          due_on: d.dueOn,
          cell_id: d.cellId,
          target_org_id: d.targetOrgId,
          escalation_level: d.escalationLevel,
          status: 'open',
          raised_at: at,
          level_since: at,
          acknowledged_at: null,
          resolved_at: null,
          last_event_id: event.id,
          notified_event_id: null,
          position: event.position,
        };
        return [{ table: REMINDERS_TABLE, upsert: row as unknown as Row }];
      }
      case 'ReminderAcknowledged':
        return update(event.data.reminderId, (row) => ({ ...row, status: 'acknowledged', acknowledged_at: at }));
      case 'ReminderEscalated': {
        const d = event.data as unknown as ReminderEscalated;
        return update(d.reminderId, (row) => ({
          ...row,
          status: 'open',
          escalation_level: d.escalationLevel,
          target_org_id: d.targetOrgId,
          level_since: at,
          acknowledged_at: null,
          last_event_id: event.id,
        }));
      }
      case 'ReminderResolved':
        return update(event.data.reminderId, (row) => ({ ...row, status: 'resolved', resolved_at: at }));
      case 'ReminderNotified':
        return update(event.data.reminderId, (row) => ({ ...row, notified_event_id: String(event.data.eventId) }));
      default:
        return [];
    }
  },
};
