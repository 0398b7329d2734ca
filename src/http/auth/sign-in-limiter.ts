/**
 * Failed sign-ins slow down and then lock out, per username and per client address, in memory (per process: a
 * cluster of N replicas allows N times as many guesses, which these numbers leave far from useful).
 *
 * - The 5th failure in a row for a username locks it for 30 s; each further failure doubles the lock (60 s, 2 min, …)
 *   up to 15 min. A success clears it. An address is locked the same way from its 20th failure (several people may
 *   sign in from behind one NAT).
 * - Failures are forgotten 15 min after the last one, so an old typo does not count against a later day.
 * - While locked every attempt answers 429 with Retry-After, even with the right password, and is not checked.
 * At most 10 000 keys are kept; the oldest are dropped first (an attacker cycling through usernames only frees its own).
 */
import type { Clock } from '../../engine/clock';
import { TooManyAttemptsError } from '../problem-details';

export const SIGN_IN_LIMITS = {
  freeFailuresPerUsername: 5,
  freeFailuresPerAddress: 20,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
  maxKeys: 10_000,
} as const;

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number;
}

export class SignInLimiter {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly clock: Clock,
    private readonly limits = SIGN_IN_LIMITS,
  ) {}

  /** Throws TooManyAttemptsError while the username or the address is locked. */
  check(username: string, address: string): void {
    const now = this.clock.now().getTime();
    const until = Math.max(this.lockOf(`u:${username}`, now), this.lockOf(`a:${address}`, now));
    if (until > now) throw new TooManyAttemptsError(Math.ceil((until - now) / 1000));
  }

  failed(username: string, address: string): void {
    const now = this.clock.now().getTime();
    this.count(`u:${username}`, this.limits.freeFailuresPerUsername, now);
    this.count(`a:${address}`, this.limits.freeFailuresPerAddress, now);
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private lockOf(key: string, now: number): number {
    const entry = this.failures.get(key);
    if (entry && now - entry.lastAt > this.limits.forgetAfterMs && entry.lockedUntil <= now) {
      this.failures.delete(key);
      return 0;
    }
    return entry?.lockedUntil ?? 0;
  }

  private count(key: string, free: number, now: number): void {
    const known = this.failures.get(key);
    const entry = known && now - known.lastAt <= this.limits.forgetAfterMs ? known : { count: 0, lastAt: now, lockedUntil: 0 };
    entry.count += 1;
    entry.lastAt = now;
    if (entry.count >= free) {
      const lock = Math.min(this.limits.maxLockMs, this.limits.firstLockMs * 2 ** Math.min(20, entry.count - free));
      entry.lockedUntil = now + lock;
    }
    this.failures.delete(key);
    this.failures.set(key, entry);
    if (this.failures.size > this.limits.maxKeys) this.failures.delete(this.failures.keys().next().value as string);
  }
}
