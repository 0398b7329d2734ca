/**
 * Announces reminders (each raise and each escalation) through their own retrying queue — a Scheduler instance:
 * in-process, or a BullMQ queue of its own when REDIS_URL is set — keyed by the announced event's id, so a second
 * enqueue of the same announcement (another replica, the sweep) adds no second job. Each announcement writes one
 * structured log line (ids only) and, when a webhook is configured, POSTs it; then `ReminderNotified` is recorded
 * and later deliveries of that event stop at the check. A failure throws, and the queue retries with backoff.
 */
import { businessDate, type Clock } from '../engine/clock';
import type { Engine } from '../engine/engine';
import type { Scheduler, TimerLog, WakeUp } from './scheduler';
import { remindersStream, remindersStreamId, TIMER_ACTOR } from './timer-streams';
import type { TimerReadModels } from './timer-read-models';
import { postNotice, type Fetch, type ReminderNotice, type WebhookTarget } from './webhook';

/** The `rule` of a notification job: it names the queue's purpose, the id names the event. */
const NOTIFY = 'notify';

export interface NotifierDeps {
  queue: Scheduler;
  engine: Engine;
  readModels: TimerReadModels;
  clock: Clock;
  timeZone: string;
  logger: Pick<TimerLog, 'info'>;
  webhook?: WebhookTarget;
  fetch?: Fetch;
}

export class Notifier {
  constructor(private readonly deps: NotifierDeps) {}

  start(): void {
    this.deps.queue.start((job) => this.deliver(job));
  }

  enqueue(eventId: string, dossierId: string): Promise<void> {
    return this.deps.queue.schedule({ id: eventId, dossierId, rule: NOTIFY, dueAt: this.deps.clock.now() });
  }

  /** Queues what the read model shows as raised or escalated but not announced, unless already queued. */
  async sweep(): Promise<number> {
    const queued = new Set((await this.deps.queue.pending()).map((p) => p.id));
    const missing = this.deps.readModels
      .unresolvedReminders()
      .filter((r) => r.last_event_id !== r.notified_event_id && !queued.has(r.last_event_id));
    for (const reminder of missing) await this.enqueue(reminder.last_event_id, reminder.dossier_id);
    return missing.length;
  }

  close(): Promise<void> {
    return this.deps.queue.close();
  }

  private async deliver(job: WakeUp): Promise<void> {
    const { engine, logger } = this.deps;
    const { state } = await engine.load(remindersStream, remindersStreamId(job.dossierId));
    const reminder = Object.values(state?.reminders ?? {}).find((r) => r.lastEventId === job.id);
    // Superseded by a later escalation (announced by its own job), already announced, or no longer relevant.
    if (!reminder || reminder.notified.includes(job.id) || reminder.status === 'resolved') return;
    const notice: ReminderNotice = {
      eventId: job.id,
      reminderId: reminder.id,
      dossierId: reminder.dossierId,
      kind: reminder.kind,
      rule: reminder.rule,
      step: reminder.step,
      dueOn: reminder.dueOn,
      escalationLevel: reminder.escalationLevel,
      targetOrgId: reminder.targetOrgId,
      cellId: reminder.cellId,
      raisedAt: reminder.raisedAt,
    };
    if (this.deps.webhook) await postNotice(this.deps.webhook, notice, this.deps.fetch);
    logger.info({ ...notice, webhook: this.deps.webhook ? 'delivered' : 'off' }, 'reminder notification');
    await engine.execute(
      remindersStream,
      remindersStreamId(job.dossierId),
      { actor: TIMER_ACTOR, orgId: reminder.cellId, commandId: `notified-${job.id}` },
      (current) =>
        current?.reminders[reminder.id]?.notified.includes(job.id)
          ? []
          : [{ type: 'ReminderNotified', data: { reminderId: reminder.id, eventId: job.id }, occurredOn: businessDate(this.deps.clock.now(), this.deps.timeZone) }],
    );
  }
}
