/**
 * The cluster deployment's scheduler: one BullMQ Queue (producer) and, after `start`, one Worker per process, on
 * Redis. A wake-up is one delayed job whose id derives from the wake-up id, so every replica and the sweep agree.
 *
 * Guarantees: at-least-once delivery while Redis keeps its data (AOF), across worker crashes (BullMQ's stalled-job
 * check hands a job whose worker died to another); never before `dueAt` by the injected clock (a job promoted
 * early — clocks differ between replicas — is put back in the delayed set, without using up an attempt);
 * `attempts` tries with exponential backoff, after which the job is failed and leaves `pending()`.
 * Not guaranteed: survival of a Redis that loses its data, or of a job that exhausted its attempts — the
 * reconciliation sweep re-creates both from the deadlines read model.
 */
import { DelayedError, Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import type { Clock } from '../../engine/clock';
import { errorCode, silentLog, type PendingWakeUp, type Scheduler, type SchedulerLog, type WakeUp, type WakeUpHandler } from '../scheduler';
import { jobIdFor } from './job-id';

export interface BullMqSchedulerOptions {
  url: string;
  clock: Clock;
  queueName?: string;
  /** Redis key prefix; tests give each test its own */
  prefix?: string;
  /** jobs one worker runs at once */
  concurrency?: number;
  /** deliveries tried before the job is failed (and left to the sweep) */
  attempts?: number;
  /** first retry delay; doubles with each attempt */
  retryBaseMs?: number;
  /** how long a worker's lock on a job lasts unless renewed; a dead worker's jobs are taken over after it expires */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** times a job may lose its worker before it is failed */
  maxStalledCount?: number;
  /** how long `schedule` waits for a delivery in progress on another replica before leaving the change to it */
  activeWaitMs?: number;
  log?: SchedulerLog;
}

/** What a job carries: ids and a rule code only. `rev` changes with every schedule call, `cancelled` marks a cancel. */
interface JobData {
  id: string;
  dossierId: string;
  rule: string;
  dueAt: number;
  rev: string;
  cancelled?: boolean;
}

const JOB_NAME = 'wake-up';
const BULK = 1_000;
const PENDING_STATES = ['active', 'waiting', 'delayed', 'prioritized', 'paused'] as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class BullMqScheduler implements Scheduler {
  private readonly options: Required<Omit<BullMqSchedulerOptions, 'url' | 'clock' | 'log'>>;
  private readonly clock: Clock;
  private readonly log: SchedulerLog;
  /** the producer's connection; commands fail after a few retries instead of queueing while Redis is down */
  private readonly redis: IORedis;
  private readonly queue: Queue<JobData>;
  private worker?: Worker<JobData>;
  private workerRedis?: IORedis;
  /** job ids this process is delivering right now */
  private readonly delivering = new Set<string>();

  constructor(private readonly opts: BullMqSchedulerOptions) {
    this.options = {
      queueName: opts.queueName ?? 'timers',
      prefix: opts.prefix ?? 'ketnap',
      concurrency: opts.concurrency ?? 16,
      attempts: opts.attempts ?? 10,
      retryBaseMs: opts.retryBaseMs ?? 1_000,
      lockDurationMs: opts.lockDurationMs ?? 30_000,
      stalledIntervalMs: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: opts.maxStalledCount ?? 2,
      activeWaitMs: opts.activeWaitMs ?? 10_000,
    };
    this.clock = opts.clock;
    this.log = opts.log ?? silentLog;
    this.redis = new IORedis(opts.url, { maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined); // surfaced by the failing command; ioredis reconnects by itself
    this.queue = new Queue<JobData>(this.options.queueName, { connection: this.redis, prefix: this.options.prefix });
  }

  async schedule(wakeUp: WakeUp): Promise<void> {
    const data = toData(wakeUp);
    const jobId = jobIdFor(wakeUp.id);
    // Each round reads the job's state and acts on it; a round repeats when the job changed state under us.
    for (let round = 0; round < 5; round++) {
      const job = await this.queue.getJob(jobId);
      if (!job) {
        await this.queue.add(JOB_NAME, data, this.jobOptions(jobId, data.dueAt));
        return;
      }
      if (await this.removeUnlessActive(job)) {
        await this.queue.add(JOB_NAME, data, this.jobOptions(jobId, data.dueAt));
        return;
      }
      // Being delivered: store the new data; the worker reads it back after its handler and re-delays the job.
      if (!(await this.updateIfPresent(job, data))) continue;
      // Our own handler re-scheduling its id must not wait for itself.
      if (this.delivering.has(jobId)) return;
      // The worker may have read the data just before our update: wait for it to finish, then check again.
      if (!(await this.waitWhileActive(job))) return;
    }
    throw new Error(`wake-up ${wakeUp.id} kept changing state while being scheduled; try again`);
  }

  async scheduleMany(wakeUps: readonly WakeUp[]): Promise<void> {
    // The last entry of an id wins, as with successive schedule calls.
    const latest = [...new Map(wakeUps.map((w) => [w.id, w])).values()];
    for (let i = 0; i < latest.length; i += BULK) {
      const chunk = latest.slice(i, i + BULK);
      const exists = await this.redis
        .pipeline(chunk.map((w) => ['exists', this.queue.toKey(jobIdFor(w.id))]))
        .exec();
      const fresh = chunk.filter((_, k) => exists?.[k]?.[1] === 0);
      const known = chunk.filter((_, k) => exists?.[k]?.[1] !== 0);
      await this.queue.addBulk(
        fresh.map((w) => {
          const data = toData(w);
          return { name: JOB_NAME, data, opts: this.jobOptions(jobIdFor(w.id), data.dueAt) };
        }),
      );
      // Existing jobs take the careful path; ids are independent, so a few at a time.
      for (let k = 0; k < known.length; k += 32) await Promise.all(known.slice(k, k + 32).map((w) => this.schedule(w)));
    }
  }

  async cancel(id: string): Promise<void> {
    const jobId = jobIdFor(id);
    for (let round = 0; round < 5; round++) {
      const job = await this.queue.getJob(jobId);
      if (!job || (await this.removeUnlessActive(job))) return;
      // Being delivered: that delivery finishes, but the worker will neither retry it nor keep it.
      if (await this.updateIfPresent(job, { ...job.data, cancelled: true, rev: randomUUID() })) return;
    }
    throw new Error(`wake-up ${id} kept changing state while being cancelled; try again`);
  }

  async pending(): Promise<PendingWakeUp[]> {
    const found = new Map<string, PendingWakeUp>(); // a job moving between states while we page may show twice
    for (const state of PENDING_STATES) {
      const count = (await this.queue.getJobCountByTypes(state)) as number;
      for (let start = 0; start < count; start += BULK) {
        for (const job of await this.queue.getJobs([state], start, start + BULK - 1)) {
          if (job?.data && !job.data.cancelled) found.set(job.data.id, { id: job.data.id, dueAt: new Date(job.data.dueAt) });
        }
      }
    }
    return [...found.values()];
  }

  start(handler: WakeUpHandler): void {
    if (this.worker) throw new Error('scheduler already started');
    // A worker blocks on Redis; BullMQ requires unlimited retries on its connection so it never gives up waiting.
    this.workerRedis = new IORedis(this.opts.url, { maxRetriesPerRequest: null });
    this.workerRedis.on('error', () => undefined);
    this.worker = new Worker<JobData>(this.options.queueName, (job, token) => this.process(job, handler, token), {
      connection: this.workerRedis,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount,
    });
    this.worker.on('error', (error) => this.log.warn({ error: errorCode(error) }, 'timer worker error; BullMQ reconnects'));
    this.worker.on('failed', (job, error) =>
      this.log.warn(
        { wakeUpId: job?.data.id, dossierId: job?.data.dossierId, attempt: job?.attemptsMade, error: errorCode(error) },
        'wake-up handler failed',
      ),
    );
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    await Promise.all([this.redis.quit().catch(() => undefined), this.workerRedis?.quit().catch(() => undefined)]);
  }

  private async process(job: Job<JobData>, handler: WakeUpHandler, token: string | undefined): Promise<void> {
    const data = job.data;
    if (data.cancelled) return;
    if (await this.redelayIfEarly(job, data, token)) throw new DelayedError();
    const jobId = job.id!;
    this.delivering.add(jobId);
    let failure: { error: unknown } | undefined;
    try {
      await handler(toWakeUp(data));
    } catch (error) {
      failure = { error };
    } finally {
      this.delivering.delete(jobId);
    }
    // A schedule or cancel may have arrived during delivery, from any replica: it is in the stored data.
    const stored = (await this.queue.getJob(jobId))?.data;
    if (stored?.cancelled) return; // completes, so it is removed and never retried
    if (failure) throw failure.error; // BullMQ retries with backoff, and the retry reads the stored data
    if (!stored || stored.rev === data.rev) return;
    await job.moveToDelayed(Date.now() + Math.max(0, stored.dueAt - this.clock.now().getTime()), token);
    throw new DelayedError();
  }

  /** BullMQ promotes by its own clock; the due time is judged by ours. Re-delaying does not use up an attempt. */
  private async redelayIfEarly(job: Job<JobData>, data: JobData, token: string | undefined): Promise<boolean> {
    const early = data.dueAt - this.clock.now().getTime();
    if (early <= 0) return false;
    await job.moveToDelayed(Date.now() + early, token);
    return true;
  }

  /** true when the job is gone afterwards; false when a worker holds it (its lock makes `remove` refuse). */
  private async removeUnlessActive(job: Job<JobData>): Promise<boolean> {
    try {
      await job.remove();
      return true;
    } catch (error) {
      if ((await job.getState()) === 'active') return false;
      if (!(await this.queue.getJob(job.id!))) return true;
      throw error;
    }
  }

  /** false when the job vanished (completed and removed) before the update. */
  private async updateIfPresent(job: Job<JobData>, data: JobData): Promise<boolean> {
    try {
      await job.updateData(data);
      return true;
    } catch (error) {
      if (!(await this.queue.getJob(job.id!))) return false;
      throw error;
    }
  }

  /** true when the job left the active state within `activeWaitMs`. */
  private async waitWhileActive(job: Job<JobData>): Promise<boolean> {
    const until = Date.now() + this.options.activeWaitMs;
    while (Date.now() < until) {
      if ((await job.getState()) !== 'active') return true;
      await sleep(50);
    }
    return false;
  }

  private jobOptions(jobId: string, dueAt: number): JobsOptions {
    return {
      jobId,
      delay: Math.max(0, dueAt - this.clock.now().getTime()),
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.retryBaseMs },
      // A completed wake-up must not linger: an existing id makes `add` a no-op, which would swallow a later schedule.
      removeOnComplete: true,
      // Failed jobs stay a week for inspection; `schedule` replaces them.
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }
}

function toData(wakeUp: WakeUp): JobData {
  const dueAt = wakeUp.dueAt.getTime();
  if (Number.isNaN(dueAt)) throw new TypeError(`wake-up ${wakeUp.id} has an invalid dueAt`);
  return { id: wakeUp.id, dossierId: wakeUp.dossierId, rule: wakeUp.rule, dueAt, rev: randomUUID() };
}

function toWakeUp(data: JobData): WakeUp {
  return { id: data.id, dossierId: data.dossierId, rule: data.rule, dueAt: new Date(data.dueAt) };
}
