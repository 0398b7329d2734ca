/**
 * A catch-up subscription to `$all` as the port's Subscription. It pulls from the client's stream, so gRPC flow
 * control holds back the server while the consumer is busy; it drops system events and anything at or before the
 * last position it delivered; and close() ends the iteration, which the client's stream alone would not do (after
 * unsubscribe it neither ends nor errors, and a pending read would wait forever).
 */
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import type { StoredEvent, Subscription } from '../../engine/event-store';
import { StoreUnavailableError } from '../../engine/errors';
import { translate } from './errors';
import { isSystemEvent, positionOf, toStoredEvent } from './events';

const CLOSED = Symbol('closed');

export class AllSubscription implements Subscription {
  private source: AllStreamSubscription | undefined;
  private openError: unknown;
  private closed = false;
  private signalClosed: () => void = () => undefined;
  private readonly closedSignal = new Promise<typeof CLOSED>((resolve) => {
    this.signalClosed = () => resolve(CLOSED);
  });
  private readonly iterator: AsyncGenerator<StoredEvent>;

  constructor(
    open: () => AllStreamSubscription,
    private after: number | undefined,
  ) {
    try {
      this.source = open();
      // Errors are read through the iterator; this keeps one that arrives while nobody iterates from crashing.
      this.source.on('error', () => undefined);
    } catch (error) {
      this.openError = error;
    }
    this.iterator = this.events();
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    const source = this.source;
    if (!source) return;
    await source.unsubscribe().catch(() => undefined);
    source.destroy();
  }

  private async *events(): AsyncGenerator<StoredEvent> {
    try {
      if (!this.source) throw this.openError;
      const iterator = this.source[Symbol.asyncIterator]() as AsyncIterator<AllStreamResolvedEvent>;
      while (!this.closed) {
        const next = iterator.next();
        next.catch(() => undefined); // once closed we stop waiting for it
        const result = await Promise.race([next, this.closedSignal]);
        if (result === CLOSED) return;
        if (result.done) throw new StoreUnavailableError('the server ended the subscription to $all');
        const resolved = result.value;
        const position = positionOf(resolved);
        if (position !== undefined) {
          if (this.after !== undefined && position <= this.after) continue;
          this.after = position;
        }
        if (isSystemEvent(resolved)) continue;
        const event = toStoredEvent(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (!this.closed) throw translate(error, 'subscription to $all');
    } finally {
      await this.close();
    }
  }
}
