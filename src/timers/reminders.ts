/**
 * Reminders as commands on their dossier's `reminders-<id>` stream: raise (from a wake-up), acknowledge (a clerk),
 * escalate (the periodic check), resolve (the dossier moved on), each decided on the stream's fold so that the
 * read model's lag never makes one happen twice. Raises and escalations are handed to the notifier.
 */
import { TOP_LEVEL, type EscalationLevel, type ReminderRow } from '../../projections/reminders';
import type { TimersConfig } from '../config/config';
import { businessDate, type Clock } from '../engine/clock';
import type { CommandContext, Decide, Engine } from '../engine/engine';
import { NotFoundError, TransitionNotAllowedError } from '../engine/errors';
import type { Remind } from './judge';
import { firstLevel, targetOf, type OrgLookup } from './ladder';
import { reminderIdFor, remindersStream, remindersStreamId, TIMER_ACTOR, type ReminderRecord, type RemindersState } from './timer-streams';
import type { TimerReadModels } from './timer-read-models';

const DAY_MS = 24 * 3600_000;

/** A reminder as GET /reminders shows it. */
export interface ReminderView {
  id: string;
  dossierId: string;
  kind: string;
  rule?: string;
  step?: string;
  dueOn: string;
  raisedAt: string;
  status: string;
  escalationLevel: number;
  targetOrgId: string | null;
}

export interface RemindersDeps {
  engine: Engine;
  readModels: TimerReadModels;
  orgs: OrgLookup;
  clock: Clock;
  timeZone: string;
  config: Pick<TimersConfig, 'escalationDays' | 'acknowledgedEscalationDays'>;
  /** announces a raise or an escalation (the notifier's queue) */
  notify(eventId: string, dossierId: string): Promise<void>;
}

type Escalatable = Pick<ReminderRecord, 'status' | 'escalationLevel' | 'levelSince' | 'acknowledgedAt'>;

export class Reminders {
  constructor(private readonly deps: RemindersDeps) {}

  /** Idempotent per deadline occurrence: the id and the command id derive from it. */
  async raise(dossierId: string, cellId: string, remind: Remind): Promise<void> {
    const reminderId = reminderIdFor(dossierId, remind.deadlineKey);
    const level = firstLevel(remind.rule);
    const data = {
      reminderId,
      dossierId,
      kind: remind.kind,
      rule: remind.rule,
      step: remind.step,
      deadlineKey: remind.deadlineKey,
      dueOn: remind.dueOn,
      cellId,
      escalationLevel: level,
      targetOrgId: targetOf(cellId, level, this.deps.orgs, this.today()),
    };
    const result = await this.run(dossierId, cellId, `raise-${reminderId}`, (state) =>
      state?.reminders[reminderId] ? [] : [{ type: 'ReminderRaised', data: { ...data }, occurredOn: this.today() }],
    );
    // Also on a replay: the first run may have died before it queued the notification (the notifier dedupes).
    if (result.events[0]) await this.deps.notify(result.events[0].id, dossierId);
  }

  /** Acknowledging twice is a no-op; a resolved reminder cannot be acknowledged. */
  async acknowledge(row: Pick<ReminderRow, 'id' | 'dossier_id'>, context: Pick<CommandContext, 'actor' | 'orgId'>) {
    const result = await this.deps.engine.execute(remindersStream, remindersStreamId(row.dossier_id), context, (state) => {
      const reminder = state?.reminders[row.id];
      if (!reminder) throw new NotFoundError(`reminder ${row.id}`);
      if (reminder.status === 'resolved') throw new TransitionNotAllowedError('ReminderAcknowledged', 'resolved', []);
      if (reminder.status === 'acknowledged') return [];
      return [{ type: 'ReminderAcknowledged', data: { reminderId: row.id, escalationLevel: reminder.escalationLevel }, occurredOn: this.today() }];
    });
    return { view: viewOf(result.state!.reminders[row.id]), position: result.position };
  }

  /** The periodic check: each reminder waiting too long at its level climbs one. Returns how many climbed. */
  async escalateDue(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    let climbed = 0;
    for (const row of this.deps.readModels.unresolvedReminders()) {
      const seen: Escalatable = {
        status: row.status,
        escalationLevel: row.escalation_level,
        levelSince: row.level_since,
        acknowledgedAt: row.acknowledged_at,
      };
      if (!this.escalationDue(seen, now)) continue;
      const level = (row.escalation_level + 1) as EscalationLevel;
      const result = await this.run(row.dossier_id, row.cell_id, `escalate-${row.id}-${level}`, (state) => {
        const reminder = state?.reminders[row.id];
        if (!reminder || reminder.escalationLevel !== row.escalation_level || !this.escalationDue(reminder, now)) return [];
        const data = { reminderId: row.id, escalationLevel: level, targetOrgId: targetOf(reminder.cellId, level, this.deps.orgs, this.today()) };
        return [{ type: 'ReminderEscalated', data, occurredOn: this.today() }];
      });
      if (result.events[0]) {
        climbed++;
        await this.deps.notify(result.events[0].id, row.dossier_id);
      }
    }
    return climbed;
  }

  /** Resolves the reminders whose deadline occurrence is no longer open (of one dossier, or all). */
  async resolveStale(dossierId?: string): Promise<number> {
    let resolved = 0;
    for (const row of this.deps.readModels.staleReminders(dossierId)) {
      const result = await this.run(row.dossier_id, row.cell_id, `resolve-${row.id}`, (state) => {
        const reminder = state?.reminders[row.id];
        if (!reminder || reminder.status === 'resolved') return [];
        return [{ type: 'ReminderResolved', data: { reminderId: row.id, reason: 'the dossier moved on' }, occurredOn: this.today() }];
      });
      if (result.events.length > 0 && !result.replayed) resolved++;
    }
    return resolved;
  }

  /** Unacknowledged for `escalationDays` at its level, or acknowledged for `acknowledgedEscalationDays` when set. */
  private escalationDue(reminder: Escalatable, now: number): boolean {
    if (reminder.status === 'resolved' || reminder.escalationLevel >= TOP_LEVEL) return false;
    const { escalationDays, acknowledgedEscalationDays } = this.deps.config;
    const [days, since] =
      reminder.status === 'open' ? [escalationDays, reminder.levelSince] : [acknowledgedEscalationDays, reminder.acknowledgedAt];
    if (days === undefined || since === null) return false;
    return now - Date.parse(since) >= days * DAY_MS;
  }

  private run(dossierId: string, cellId: string, commandId: string, decide: Decide<RemindersState>) {
    return this.deps.engine.execute(remindersStream, remindersStreamId(dossierId), { actor: TIMER_ACTOR, orgId: cellId, commandId }, decide);
  }

  private today(): string {
    return businessDate(this.deps.clock.now(), this.deps.timeZone);
  }
}

export function viewOf(r: Pick<ReminderRecord, 'id' | 'dossierId' | 'kind' | 'rule' | 'step' | 'dueOn' | 'raisedAt' | 'status' | 'escalationLevel' | 'targetOrgId'>): ReminderView {
  return {
    id: r.id,
    dossierId: r.dossierId,
    kind: r.kind,
    ...(r.rule ? { rule: r.rule } : {}),
    ...(r.step ? { step: r.step } : {}),
    dueOn: r.dueOn,
    raisedAt: r.raisedAt,
    status: r.status,
    escalationLevel: r.escalationLevel,
    targetOrgId: r.targetOrgId,
  };
}

export function viewOfRow(row: ReminderRow): ReminderView {
  return viewOf({
    id: row.id,
    dossierId: row.dossier_id,
    kind: row.kind,
    rule: row.rule,
    step: row.step,
    dueOn: row.due_on,
    raisedAt: row.raised_at,
    status: row.status,
    escalationLevel: row.escalation_level,
    targetOrgId: row.target_org_id,
  });
}
