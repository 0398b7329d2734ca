/**
 * Child process of the crash test: appends through the engine to the embedded store as fast as it can, from
 * several concurrent writers (so group commits are in flight when it dies), and prints one line per
 * acknowledged event: `ack <streamId> <revision> <eventId>`. stdout to a pipe is synchronous on Linux, so a
 * printed line was acknowledged before the next append started. The parent kills it with SIGKILL at random.
 *
 * Usage: node crash-writer.js <file> <writers> <streams>
 */
import { Engine, StreamType } from '../../src/engine/engine';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

const [file, writersArg = '8', streamsArg = '20'] = process.argv.slice(2);
const counter: StreamType<number> = { name: 'crash', evolve: (n) => (n ?? 0) + 1 };

async function main(): Promise<void> {
  const store = new SqliteEventStore(file);
  const engine = new Engine(store, { clock: { now: () => new Date() } });
  const streams = Number(streamsArg);
  process.stdout.write('ready\n');
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      const streamId = `crash-${Math.floor(Math.random() * streams)}`;
      const count = 1 + (i % 3);
      const result = await engine.execute(counter, streamId, { actor: `writer-${w}`, orgId: 'test' }, () =>
        Array.from({ length: count }, (_, k) => ({ type: 'Ticked', data: { w, i, k }, occurredOn: '2024-01-01' })),
      );
      process.stdout.write(result.events.map((e) => `ack ${e.streamId} ${e.revision} ${e.id}\n`).join(''));
    }
  };
  await Promise.all(Array.from({ length: Number(writersArg) }, (_, w) => writer(w)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
