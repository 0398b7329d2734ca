#!/usr/bin/env node
/**
 * `ketnap <command>`: operate the system from a terminal. Commands use the same configuration and the same
 * adapters as the server.
 */
import { join } from 'node:path';
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/config';
import { hasLogHead } from '../engine/event-store';
import { describeBreak, verifyStore } from '../engine/verify';
import { createEventStore } from '../event-store/create-event-store';
import { serve } from '../main';
import { ProjectionRunner } from '../read-models/projection-runner';
import { ALL_PROJECTIONS } from '../read-models/projections';
import { ReadModelDb } from '../read-models/read-model-db';
import { demo } from './demo';
import { progress } from './progress';

const USAGE = `Usage: ketnap <command> [options]

Commands:
  serve      start the HTTP server (same as npm start)
  verify     check every stream's hash chain and revision continuity; exits 1 at the first break
  projections rebuild
             drop the read models and replay the whole log into them (stop the server first)
  projections hash
             print a content hash of the read models (equal hashes: equal answers)
  demo       load the Bình Dương scenario of seed 000 through the engine (idempotent)

Options:
  --data-dir <dir>   data directory of the embedded store (default $KETNAP_DATA_DIR or ./data)
  --help             show this help

Configuration comes from the environment: see README.md.`;

async function verify(env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadConfig(env);
  const { store } = createEventStore(config);
  try {
    const started = Date.now();
    const bar = progress('verify', 'events', hasLogHead(store) ? await store.headPosition() : undefined);
    const report = await verifyStore(store, { onProgress: bar.update });
    bar.finish(report.events);
    if (!report.firstBreak) {
      console.log(`verify: ok — ${report.streams} streams, ${report.events} events, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    console.log(`verify: BROKEN at ${describeBreak(report.firstBreak)}`);
    console.log(`verify: ${report.events} events before the break were intact`);
    return 1;
  } finally {
    await store.close();
  }
}

async function projections(action: string | undefined, env: NodeJS.ProcessEnv): Promise<number> {
  if (action !== 'rebuild' && action !== 'hash') {
    console.error(`ketnap: projections needs "rebuild" or "hash"\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(env);
  const { store } = createEventStore(config);
  const readModels = new ReadModelDb(join(config.dataDir, 'read-models.db'), ALL_PROJECTIONS);
  try {
    if (action === 'rebuild') {
      // In place: checkpoints commit with the rows, so an interrupted rebuild resumes where it stopped.
      readModels.resetAll();
      const bar = progress('rebuild', 'events', hasLogHead(store) ? await store.headPosition() : undefined);
      let applied = 0;
      const runner = new ProjectionRunner(store, readModels, { batchSize: 2000, onProgress: (_, n) => bar.update((applied += n)) });
      await runner.catchUp();
      console.log(bar.finish(applied));
    }
    console.log(`read models: ${readModels.contentHash()}`);
    return 0;
  } finally {
    readModels.close();
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
    case 'projections':
      return projections(rest[0], env);
    case 'demo':
      return demo(env);
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
