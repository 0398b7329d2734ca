#!/usr/bin/env node
/**
 * `ketnap <command>`: operate the system from a terminal. Commands use the same configuration and the same
 * adapters as the server.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { describeBreak, verifyStore } from '../engine/verify';
import { createEventStore } from '../event-store/create-event-store';
import { serve } from '../main';

const USAGE = `Usage: ketnap <command> [options]

Commands:
  serve      start the HTTP server (same as npm start)
  verify     check every stream's hash chain and revision continuity; exits 1 at the first break

Options:
  --data-dir <dir>   data directory of the embedded store (default $KETNAP_DATA_DIR or ./data)
  --help             show this help

Configuration comes from the environment: see README.md.`;

async function verify(env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const { store } = createEventStore(config);
  const progress = process.stderr.isTTY
    ? (n: number) => process.stderr.write(`\rverify: ${n.toLocaleString('en')} events checked`)
    : undefined;
  try {
    const started = Date.now();
    const report = await verifyStore(store, { onProgress: progress });
    if (progress) process.stderr.write('\n');
    const seconds = (Date.now() - started) / 1000;
    if (!report.firstBreak) {
      console.log(`verify: ok — ${report.streams} streams, ${report.events} events, ${seconds.toFixed(1)} s`);
      return 0;
    }
    console.log(`verify: BROKEN at ${describeBreak(report.firstBreak)}`);
    console.log(`verify: ${report.events} events before the break were intact`);
    return 1;
  } finally {
    await store.close();
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = [...argv];
  const dataDirAt = args.indexOf('--data-dir');
  if (dataDirAt >= 0) {
    const dir = args[dataDirAt + 1];
    if (!dir) throw new ConfigError('--data-dir needs a directory');
    env = { ...env, KETNAP_DATA_DIR: dir };
    args.splice(dataDirAt, 2);
  }
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === 'help' || rest.includes('--help')) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'verify':
      return verify(env);
    case 'serve':
      await serve(loadConfig(env));
      return -1; // keeps running
    default:
      console.error(`ketnap: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`ketnap: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = error instanceof ConfigError ? 2 : 1;
    },
  );
}
