/**
 * The scheduler port: it only wakes the engine when a deadline falls due. Deadlines themselves are data (the
 * deadlines read model); what is scheduled here can always be rebuilt from it, which is what the reconciliation
 * sweep does by comparing the read model with `pending()`.
 *
 * Payloads carry ids and rule codes only, never personal data: they sit in Redis and in logs.
 */
export interface WakeUp {
  /** stable id of the deadline (e.g. derived from the deadline event); the unit of idempotency */
  id: string;
  dueAt: Date;
  dossierId: string;
  /** rule code such as `R-12`, so the handler knows which deadline this is without a read */
  rule: string;
}

export type WakeUpHandler = (wakeUp: WakeUp) => Promise<void>;

export interface Scheduler {
  /**
   * Idempotent by `wakeUp.id`: afterwards exactly one wake-up with that id is pending, at the time given by the last
   * call (a deadline may move earlier or later). Concurrent calls for the same id leave one of them in place.
   * Calling it while that id is being delivered leaves one more delivery pending at the new time.
   */
  schedule(wakeUp: WakeUp): Promise<void>;
  /** Same result as calling `schedule` for each, faster (start-up rebuild, sweep). */
  scheduleMany(wakeUps: readonly WakeUp[]): Promise<void>;
  /** No further delivery of this id (a delivery already in progress finishes). Unknown ids are ignored. */
  cancel(id: string): Promise<void>;
  /** What is scheduled: waiting, being delivered or awaiting a retry. Gone: delivered, cancelled or given up. */
  pending(): Promise<PendingWakeUp[]>;
  /**
   * Begins delivering due wake-ups: at least once, never before `dueAt` by the scheduler's clock, and never again
   * after the handler resolved. A handler that throws is retried with backoff.
   */
  start(handler: WakeUpHandler): void;
  /** Stops delivering, waits for deliveries in progress, releases connections. */
  close(): Promise<void>;
}

export interface PendingWakeUp {
  id: string;
  dueAt: Date;
}

/** The part of pino the adapters use; they log ids and counts only. */
export interface SchedulerLog {
  warn(details: object, message: string): void;
}

export const silentLog: SchedulerLog = { warn: () => undefined };

/** The part of pino the timer service and the notifier use; also ids and codes only. */
export interface TimerLog extends SchedulerLog {
  info(details: object, message: string): void;
}

/** Exponential backoff for a failing handler, capped so a long outage is still retried at a sane rate. */
export function retryDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

/** A code or class name, never the message: messages may quote data we must not log. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : typeof error;
}
