/**
 * The reminder webhook: one POST per raise or escalation, JSON with ids, codes and dates only. The body is signed
 * (`X-Ketnap-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`) so the receiver can tell it came from us,
 * and carries `Idempotency-Key: <event id>`: we retry until a 2xx, so a receiver may see a delivery again after a
 * crash between its 2xx and our record of it, and dedupes on that key.
 */
import { createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  secret: string;
  timeoutMs?: number;
}

export type Fetch = typeof fetch;

export interface ReminderNotice {
  /** the event announced (ReminderRaised or ReminderEscalated): the idempotency key */
  eventId: string;
  reminderId: string;
  dossierId: string;
  kind: string;
  rule: string | null;
  step: string | null;
  dueOn: string;
  escalationLevel: number;
  targetOrgId: string | null;
  cellId: string;
  raisedAt: string;
}

/** A non-2xx answer; the queue retries it with backoff. The code names the status, never the body. */
export class WebhookRejectedError extends Error {
  readonly code: string;
  constructor(readonly status: number) {
    super(`webhook answered ${status}`);
    this.code = `WEBHOOK_HTTP_${status}`;
  }
}

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function postNotice(target: WebhookTarget, notice: ReminderNotice, fetchFn: Fetch = fetch): Promise<void> {
  const body = JSON.stringify(notice);
  const response = await fetchFn(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': notice.eventId,
      'x-ketnap-signature': sign(body, target.secret),
    },
    body,
    signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
  });
  await response.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
  if (!response.ok) throw new WebhookRejectedError(response.status);
}
