/**
 * The timer service keeps the scheduler in step with the deadlines read model and answers its wake-ups.
 *
 * - Start: the sweep rebuilds what should be pending (the in-process scheduler starts empty), then the scheduler
 *   and the notifier start delivering.
 * - Live: after each batch the timers' runner applies, `sync` re-schedules or cancels the wake-ups of the rows that
 *   changed and resolves the reminders their dossiers no longer need.
 * - Every `sweepIntervalMs`: the sweep compares the read model with `scheduler.pending()` and with the reminders
 *   already raised, schedules what is missing and cancels what is no longer due (a lost Redis, a crash between an
 *   append and its scheduling, a job that used up its attempts), resolves and escalates reminders, and re-queues
 *   announcements that never went out.
 * - A wake-up re-reads the dossier from its stream and acts on `judge` (judge.ts). It never writes to the dossier's
 *   stream: DeadlineMissed goes to `deadlines-<id>`, reminders to `reminders-<id>`, both with command ids derived
 *   from the deadline occurrence, so a duplicate wake-up or a second replica appends nothing.
 * Sync and sweep run one at a time; wake-ups run beside them (the engine serialises commands per stream).
 */
import { addDays } from '../../workflows/calendar';
import type { TimersConfig } from '../config/config';
import type { Clock } from '../engine/clock';
import { dossierStreamId, type Dossiers } from '../engine/dossiers';
import type { Engine } from '../engine/engine';
import { NotFoundError } from '../engine/errors';
import type { EventStore } from '../engine/event-store';
import { judge, type Remind } from './judge';
import type { Notifier } from './notifier';
import type { Reminders } from './reminders';
import { errorCode, type Scheduler, type TimerLog, type WakeUp } from './scheduler';
import { deadlinesStream, deadlinesStreamId, TIMER_ACTOR } from './timer-streams';
import type { TimerReadModels } from './timer-read-models';
import { quietFrom, startOfDay, wakeUpFor, wakeUpId, type WakeUpOptions } from './wake-ups';

export interface TimerServiceDeps {
  scheduler: Scheduler;
  readModels: TimerReadModels;
  store: EventStore;
  dossiers: Pick<Dossiers, 'get' | 'today'>;
  engine: Engine;
  reminders: Reminders;
  notifier: Notifier;
  clock: Clock;
  timeZone: string;
  config: Pick<TimersConfig, 'stallDays' | 'sweepIntervalMs' | 'quietMs'>;
  logger: TimerLog;
}

export interface SweepReport {
  scheduled: number;
  cancelled: number;
  resolved: number;
  escalated: number;
  requeued: number;
}

export class TimerService {
  /** the log position up to which deadline rows have been synced */
  private synced = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private syncQueued?: Promise<void>;
  private interval?: NodeJS.Timeout;

  constructor(private readonly deps: TimerServiceDeps) {}

  async start(): Promise<void> {
    await this.sweep();
    this.deps.scheduler.start((wakeUp) => this.handle(wakeUp));
    this.deps.notifier.start();
    this.interval = setInterval(() => {
      this.sweep().catch((error: unknown) => this.deps.logger.warn({ error: errorCode(error) }, 'timer sweep failed; next one retries'));
    }, this.deps.config.sweepIntervalMs);
    this.interval.unref();
  }

  /** Stops the sweep and both queues (deliveries in progress finish). */
  async close(): Promise<void> {
    clearInterval(this.interval);
    await this.serial.catch(() => undefined);
    await this.deps.scheduler.close();
    await this.deps.notifier.close();
  }

  /** Called after the runner applied a batch; batches arriving during a sync are taken by one more sync. */
  sync(): Promise<void> {
    this.syncQueued ??= this.exclusive(async () => {
      this.syncQueued = undefined;
      await this.syncChanges();
    });
    return this.syncQueued;
  }

  sweep(): Promise<SweepReport> {
    return this.exclusive(() => this.reconcile());
  }

  /** The wake-up handler; a throw makes the scheduler retry with backoff. */
  async handle(wakeUp: WakeUp): Promise<void> {
    const { dossiers, logger } = this.deps;
    const where = { wakeUpId: wakeUp.id, dossierId: wakeUp.dossierId, rule: wakeUp.rule };
    let found: Awaited<ReturnType<typeof dossiers.get>>;
    try {
      found = await dossiers.get(wakeUp.dossierId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      logger.info({ ...where, reason: 'no such dossier' }, 'wake-up: nothing to do');
      return;
    }
    const judgement = judge(found.state, wakeUp.rule, dossiers.today(), this.deps.config.stallDays);
    const quiet = judgement.act === 'remind' ? await this.quietFrom(wakeUp.dossierId, found.view.revision) : 0;
    if (judgement.act === 'nothing') {
      logger.info({ ...where, reason: judgement.reason }, 'wake-up: nothing to do');
    } else if (judgement.act === 'early' || quiet > this.deps.clock.now().getTime()) {
      const day = judgement.act === 'early' ? startOfDay(judgement.fireOn, this.deps.timeZone).getTime() : quiet;
      // At least a minute ahead, so a time-zone oddity can never turn this into a tight loop.
      const at = new Date(Math.max(day, this.deps.clock.now().getTime() + 60_000));
      await this.deps.scheduler.schedule({ ...wakeUp, dueAt: at });
      logger.info({ ...where, at: at.toISOString(), reason: judgement.act === 'early' ? 'not due yet' : 'the dossier is being written' }, 'wake-up: looking again later');
    } else {
      const cellId = found.state.context.cellId;
      if (judgement.kind === 'deadline-missed') await this.recordMissed(wakeUp.dossierId, cellId, judgement);
      await this.deps.reminders.raise(wakeUp.dossierId, cellId, judgement);
    }
  }

  /** The instant the dossier has been unwritten long enough: its last event's time plus the quiet period. */
  private async quietFrom(dossierId: string, revision: number): Promise<number> {
    const [last] = await this.deps.store.readStream(dossierStreamId(dossierId), { fromRevision: revision, maxCount: 1 });
    return quietFrom(last?.metadata.recordedAt as string | undefined, this.deps.config.quietMs);
  }

  private async recordMissed(dossierId: string, cellId: string, missed: Remind): Promise<void> {
    const result = await this.deps.engine.execute(
      deadlinesStream,
      deadlinesStreamId(dossierId),
      { actor: TIMER_ACTOR, orgId: cellId, commandId: `missed-${dossierId}-${missed.deadlineKey}` },
      (state) =>
        state?.missed.includes(missed.deadlineKey)
          ? []
          : [{ type: 'DeadlineMissed', data: { dossierId, rule: missed.rule, dueOn: missed.dueOn }, occurredOn: addDays(missed.dueOn, 1) }],
    );
    if (result.events.length > 0 && !result.replayed) {
      this.deps.logger.info({ dossierId, rule: missed.rule, dueOn: missed.dueOn }, 'deadline missed recorded');
    }
  }

  private async syncChanges(): Promise<void> {
    const { readModels, scheduler } = this.deps;
    // Same tick: the rows read are exactly those up to the runner's position.
    const position = readModels.runner.position;
    const rows = readModels.changedSince(this.synced);
    const wakeUps: WakeUp[] = [];
    for (const row of rows) {
      const wakeUp = row.status === 'open' && !row.handled ? wakeUpFor(row, this.options()) : undefined;
      if (wakeUp) wakeUps.push(wakeUp);
      else await scheduler.cancel(wakeUpId(row.dossier_id, row.rule));
    }
    await scheduler.scheduleMany(wakeUps);
    for (const dossierId of new Set(rows.map((r) => r.dossier_id))) await this.deps.reminders.resolveStale(dossierId);
    this.synced = Math.max(this.synced, position);
  }

  private async reconcile(): Promise<SweepReport> {
    const { readModels, scheduler, reminders, notifier, logger } = this.deps;
    const position = readModels.runner.position;
    const desired = new Map<string, WakeUp>();
    for (const row of readModels.watched()) {
      const wakeUp = wakeUpFor(row, this.options());
      if (wakeUp) desired.set(wakeUp.id, wakeUp);
    }
    const pending = new Map((await scheduler.pending()).map((p) => [p.id, p.dueAt.getTime()]));
    const missing = [...desired.values()].filter((w) => pending.get(w.id) !== w.dueAt.getTime());
    const extra = [...pending.keys()].filter((id) => !desired.has(id));
    await scheduler.scheduleMany(missing);
    for (const id of extra) await scheduler.cancel(id);
    this.synced = Math.max(this.synced, position);
    const report: SweepReport = {
      scheduled: missing.length,
      cancelled: extra.length,
      resolved: await reminders.resolveStale(),
      escalated: await reminders.escalateDue(),
      requeued: await notifier.sweep(),
    };
    if (Object.values(report).some((n) => n > 0)) logger.info({ ...report, watched: desired.size }, 'timer sweep repaired');
    return report;
  }

  private options(): WakeUpOptions {
    return { stallDays: this.deps.config.stallDays, timeZone: this.deps.timeZone, quietMs: this.deps.config.quietMs };
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.serial.then(work, work);
    this.serial = run.catch(() => undefined);
    return run;
  }
}
