import { randomUUID } from 'node:crypto';
import { Expected, FakeLog, LogRecord, ProposedEvent } from '../support/esdb-fake/log';

/** The fake's append decision, held to the real server's commit check so the adapter's tests mean something. */
describe('esdb-fake log: the append decision', () => {
  const event = (): ProposedEvent => ({
    id: randomUUID(),
    type: 'E',
    contentType: 'application/json',
    data: Buffer.from('{}'),
    metadata: new Uint8Array(),
  });
  const revision = (n: number): Expected => ({ kind: 'revision', revision: BigInt(n) });
  const noStream: Expected = { kind: 'no_stream' };
  const any: Expected = { kind: 'any' };
  const streamExists: Expected = { kind: 'stream_exists' };

  it('checks no_stream, an exact revision, any and stream_exists', () => {
    const log = new FakeLog();
    expect(log.append('s', [event()], streamExists)).toEqual({ kind: 'wrong_expected_version', currentRevision: undefined });
    expect(log.append('s', [event()], revision(0))).toMatchObject({ kind: 'wrong_expected_version' });
    expect(log.append('s', [event(), event()], noStream)).toMatchObject({ kind: 'success', currentRevision: 1n });
    expect(log.append('s', [event()], noStream)).toEqual({ kind: 'wrong_expected_version', currentRevision: 1n });
    expect(log.append('s', [event()], revision(2))).toEqual({ kind: 'wrong_expected_version', currentRevision: 1n });
    expect(log.append('s', [event()], revision(1))).toMatchObject({ kind: 'success', currentRevision: 2n });
    expect(log.append('s', [event()], streamExists)).toMatchObject({ kind: 'success', currentRevision: 3n });
    expect(log.append('s', [event()], any)).toMatchObject({ kind: 'success', currentRevision: 4n });
    expect(log.size).toBe(5);
  });

  it('answers a repeat at the same expected revision with the first result, even after later appends', () => {
    const log = new FakeLog();
    const first = [event(), event()];
    const result = log.append('s', first, noStream);
    log.append('s', [event()], revision(1));
    expect(log.append('s', first, noStream)).toEqual({ ...result, idempotent: true });
    const later = [event()];
    const third = log.append('s', later, revision(2));
    expect(log.append('s', later, revision(2))).toEqual({ ...third, idempotent: true });
    expect(log.size).toBe(4);
  });

  it('treats a partial repeat as a conflict ("corrupted idempotency"), and ids in another stream as new', () => {
    const log = new FakeLog();
    const [a, b] = [event(), event()];
    log.append('s', [a, b], noStream);
    expect(log.append('s', [a, event()], noStream)).toMatchObject({ kind: 'wrong_expected_version' });
    expect(log.append('s', [a, event()], any)).toMatchObject({ kind: 'wrong_expected_version' });
    expect(log.append('other', [a], any)).toMatchObject({ kind: 'success', idempotent: false });
  });

  it('with idempotency off, a repeat is a conflict (exact) or a duplicate (any)', () => {
    const log = new FakeLog({ idempotency: false });
    const events = [event()];
    log.append('s', events, noStream);
    expect(log.append('s', events, noStream)).toMatchObject({ kind: 'wrong_expected_version' });
    expect(log.append('s', events, any)).toMatchObject({ kind: 'success', idempotent: false });
  });

  it('gives sparse, increasing positions; $all forwards includes its start, subscriptions start after it', () => {
    const log = new FakeLog();
    log.append('a', [event(), event()], noStream);
    log.append('b', [event()], noStream);
    const all = log.readAll('start', 'forwards', 10);
    const positions = all.map((r) => r.position);
    expect(positions[1] - positions[0]).toBeGreaterThan(1n);
    expect(positions[2]).toBeGreaterThan(positions[1]);
    expect(log.readAll(positions[1], 'forwards', 10).map((r) => r.position)).toEqual(positions.slice(1));
    expect(log.readAll(positions[1], 'backwards', 10).map((r) => r.position)).toEqual([positions[0]]);
    expect(log.readAll('end', 'backwards', 1).map((r) => r.position)).toEqual([positions[2]]);
    expect(log.after(positions[1]).map((r) => r.position)).toEqual([positions[2]]);
    expect((log.readStream('a', 'end', 'backwards', 5) as LogRecord[]).map((r) => r.revision)).toEqual([1n, 0n]);
    expect(log.readStream('missing', 'start', 'forwards', 5)).toBe('stream_not_found');
  });
});
