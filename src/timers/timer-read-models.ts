/**
 * The timers' own read-model file (`timers.db`) with the deadlines and reminders projections, and the runner that
 * keeps it. Own file and runner, not the shared ones, because the timer service must (1) have caught up before it
 * rebuilds its scheduler at start, (2) hear of every applied batch to keep the scheduler in step, and (3) not stop
 * the other read models if folding a dossier ever fails. The price is a second reader of the log.
 */
import { DEADLINES_TABLE, deadlinesProjection, type DeadlineRow } from '../../projections/deadlines';
import { REMINDERS_TABLE, remindersProjection, type ReminderRow, type ReminderStatus } from '../../projections/reminders';
import type { EventStore } from '../engine/event-store';
import { ProjectionRunner, type RunnerOptions } from '../read-models/projection-runner';
import { ReadModelDb } from '../read-models/read-model-db';

export const TIMER_PROJECTIONS = [deadlinesProjection, remindersProjection];

/** A reminder is current while the deadline occurrence it was raised for is still open. */
const CURRENT = `EXISTS (SELECT 1 FROM ${DEADLINES_TABLE} d WHERE d.dossier_id = r.dossier_id AND d.deadline_key = r.deadline_key AND d.status = 'open')`;
const HANDLED = `EXISTS (SELECT 1 FROM ${REMINDERS_TABLE} r WHERE r.dossier_id = d.dossier_id AND r.deadline_key = d.deadline_key)`;

export class TimerReadModels {
  readonly db: ReadModelDb;
  readonly runner: ProjectionRunner;
  private readonly statements;
  private listener?: () => void;

  constructor(file: string, store: EventStore, options: Omit<RunnerOptions, 'onProgress'> = {}) {
    this.db = new ReadModelDb(file, TIMER_PROJECTIONS);
    this.runner = new ProjectionRunner(store, this.db, { ...options, onProgress: () => this.listener?.() });
    const sql = this.db.db;
    this.statements = {
      changedSince: sql.prepare<[number], DeadlineRow & { handled: number }>(
        `SELECT d.*, ${HANDLED} AS handled FROM ${DEADLINES_TABLE} d WHERE d.position > ? ORDER BY d.position`,
      ),
      watched: sql.prepare<[], DeadlineRow>(`SELECT d.* FROM ${DEADLINES_TABLE} d WHERE d.status = 'open' AND NOT ${HANDLED}`),
      stale: sql.prepare<[], ReminderRow>(`SELECT r.* FROM ${REMINDERS_TABLE} r WHERE r.status != 'resolved' AND NOT ${CURRENT}`),
      staleOf: sql.prepare<[string], ReminderRow>(
        `SELECT r.* FROM ${REMINDERS_TABLE} r WHERE r.dossier_id = ? AND r.status != 'resolved' AND NOT ${CURRENT}`,
      ),
      unresolved: sql.prepare<[], ReminderRow>(`SELECT * FROM ${REMINDERS_TABLE} WHERE status != 'resolved'`),
      byStatus: sql.prepare<[string], ReminderRow>(`SELECT * FROM ${REMINDERS_TABLE} WHERE status = ? ORDER BY due_on, id`),
      all: sql.prepare<[], ReminderRow>(`SELECT * FROM ${REMINDERS_TABLE} ORDER BY due_on, id`),
      byId: sql.prepare<[string], ReminderRow>(`SELECT * FROM ${REMINDERS_TABLE} WHERE id = ?`),
    };
  }

  /** Called after every batch the runner applies (the timer service syncs its scheduler then). */
  onApplied(listener: () => void): void {
    this.listener = listener;
  }

  /** Deadline rows changed after a log position, with whether a reminder already answers them. */
  changedSince(position: number): (DeadlineRow & { handled: boolean })[] {
    return this.statements.changedSince.all(position).map((row) => ({ ...row, handled: row.handled === 1 }));
  }

  /** Open deadline rows no reminder answers yet: what the scheduler should be watching. */
  watched(): DeadlineRow[] {
    return this.statements.watched.all();
  }

  /** Unresolved reminders whose deadline occurrence is no longer open: the dossier moved on. */
  staleReminders(dossierId?: string): ReminderRow[] {
    return dossierId === undefined ? this.statements.stale.all() : this.statements.staleOf.all(dossierId);
  }

  unresolvedReminders(): ReminderRow[] {
    return this.statements.unresolved.all();
  }

  reminders(status?: ReminderStatus): ReminderRow[] {
    return status ? this.statements.byStatus.all(status) : this.statements.all.all();
  }

  reminder(id: string): ReminderRow | undefined {
    return this.statements.byId.get(id);
  }

  close(): void {
    this.db.close();
  }
}
