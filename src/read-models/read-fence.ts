/**
 * Read-your-writes without making writes wait for the read models.
 *
 * A write answers as soon as its event is durable and notes the log position it reached here. A query of the read
 * models first waits until the runner has applied everything acknowledged before the query arrived, so a client
 * that got a 200 sees its event in the next list, pipeline or report. The wait is bounded: past it the query answers
 * from what is there (the event is durable either way). Writes no longer pay for the projections one by one; the
 * runner applies them in batches while nobody is reading.
 */
import type { ProjectionRunner } from './projection-runner';

export class ReadFence {
  private acknowledged = 0;

  constructor(
    private readonly runner: Pick<ProjectionRunner, 'position' | 'waitFor'>,
    private readonly boundMs = 2000,
  ) {}

  /** A write was acknowledged (or is about to be) at this log position. */
  written(position: number | undefined): void {
    if (position !== undefined && position > this.acknowledged) this.acknowledged = position;
  }

  /** Resolves once the read models include every write acknowledged so far, or after the bound. */
  async caughtUp(): Promise<void> {
    const position = this.acknowledged;
    if (this.runner.position >= position) return;
    await this.runner.waitFor(position, this.boundMs);
  }
}
