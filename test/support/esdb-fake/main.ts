/**
 * The fake EventStoreDB as a process, for trying the cluster deployment without a real server:
 *   node dist/test/support/esdb-fake/main.js --port 2113 [--no-batch-append]
 * Prints one line when listening, and stops on SIGINT/SIGTERM. Everything is in memory (see esdb-fake.ts).
 */
import { EsdbFake } from './esdb-fake';

function parse(argv: string[]): { port: number; batchAppend: boolean } {
  let port = 2113;
  let batchAppend = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.includes('=') ? arg.slice('--port='.length) : argv[++i];
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${value}`);
    } else if (arg === '--no-batch-append') {
      batchAppend = false;
    } else {
      throw new Error(`unknown argument ${arg}; usage: main.js --port 2113 [--no-batch-append]`);
    }
  }
  return { port, batchAppend };
}

async function main(): Promise<void> {
  const fake = await EsdbFake.start(parse(process.argv.slice(2)));
  console.log(`esdb-fake listening on ${fake.connectionString}`);
  const shutdown = () => void fake.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
