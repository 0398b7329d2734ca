/**
 * A webhook receiver on 127.0.0.1 for the notification tests: it records every request, can refuse the first few
 * with 500 (to exercise retries), and checks the signature the way a real receiver would.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  /** the signature matched the body under the shared secret */
  signed: boolean;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** the deliveries answered 2xx */
  accepted(): Delivery[];
  close(): Promise<void>;
}

export async function startReceiver(options: { secret: string; failFirst?: number }): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  let toFail = options.failFirst ?? 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const expected = Buffer.from(`sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`);
      const given = Buffer.from(String(request.headers['x-ketnap-signature'] ?? ''));
      const signed = given.length === expected.length && timingSafeEqual(given, expected);
      const status = toFail > 0 ? 500 : signed ? 204 : 401;
      if (toFail > 0) toFail--;
      deliveries.push({ headers: request.headers, body, status, signed });
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ketnap`,
    deliveries,
    accepted: () => deliveries.filter((d) => d.status >= 200 && d.status < 300),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
