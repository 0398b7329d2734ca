/**
 * Deterministic randomness for the demo. Every dossier draws from its own generator seeded by its key, so adding a
 * cohort or reordering the scenario never changes the names and dates of the dossiers already there, and a second run
 * produces the very same commands (which is what lets the engine recognise them as already recorded).
 */
import { createHash } from 'node:crypto';
import { nameUuid } from '../engine/name-uuid';

export class Rng {
  private state: number;

  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  /** mulberry32: tiny, fast and good enough to spread names and dates; not for anything secret. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** A name-based UUID (version 8 layout) for a scenario key: the same key always names the same dossier. */
export function demoUuid(key: string): string {
  return nameUuid(`ketnap-demo/${key}`);
}
