/**
 * Commands on the log and around it: verify the hash chains, rebuild or hash the read models, export the log. Each runs on the server's application context (see context.ts).
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { hasLogHead } from '../engine/event-store';
import { describeBreak, verifyStore } from '../engine/verify';
import { exportLog } from '../import/event-log-file';
import { ProjectionRunner } from '../read-models/projection-runner';
import { ReadModelDb } from '../read-models/read-model-db';
import { COMMON_OPTIONS, Command, UsageError } from './command';
import { withCli } from './context';
import { progress } from './progress';

export const verifyCommand: Command = {
  help: `Usage: ketnap verify

Walks the whole log and checks every stream's hash chain and revision continuity. Prints the counts and a digest of
the streams' heads (equal digests: the same streams, e.g. before and after a migration); exits 1 at the first break,
naming the stream and revision.

${COMMON_OPTIONS}`,
  run: ({ env, overrides }) =>
    withCli(env, overrides, async ({ store }) => {
      const bar = progress('verify', 'events', hasLogHead(store) ? await store.headPosition() : undefined);
      const report = await verifyStore(store, { onProgress: bar.update });
      console.error(bar.finish(report.events));
      if (!report.firstBreak) {
        console.log(`verify: ok — ${report.streams} streams, ${report.events} events, heads ${report.headsDigest}`);
        return 0;
      }
      console.log(`verify: BROKEN at ${describeBreak(report.firstBreak)}`);
      console.log(`verify: ${report.events} events before the break were intact`);
      return 1;
    }),
};

export const projectionsCommand: Command = {
  help: `Usage: ketnap projections rebuild | hash

  rebuild   drop the read models and replay the whole log into them, with progress (stop the server first: the
            read-model file has one writer)
  hash      print a content hash of the read models as they are (equal hashes: equal answers)

${COMMON_OPTIONS}`,
  run: ({ args: [action], env, overrides }) => {
    if (action !== 'rebuild' && action !== 'hash') throw new UsageError('projections needs "rebuild" or "hash"');
    return withCli(env, overrides, async ({ app, store }) => {
      const readModels = app.get(ReadModelDb);
      if (action === 'rebuild') {
        // In place, by the runner's replay (src/read-models/replay.ts): each chunk commits with its checkpoints, so a
        // server started after an interrupted rebuild resumes from the last chunk written.
        readModels.resetAll();
        const bar = progress('rebuild', 'events', hasLogHead(store) ? await store.headPosition() : undefined);
        let applied = 0;
        await new ProjectionRunner(store, readModels, { onProgress: (_, n) => bar.update((applied += n)) }).catchUp();
        console.error(bar.finish(applied));
      }
      console.log(`read models: ${readModels.contentHash()}`);
      return 0;
    });
  },
};

export const exportCommand: Command = {
  help: `Usage: ketnap export [--out <file>]

Writes the whole event log, in log order, as JSON lines: a header, one line per event (id, stream, revision, type,
data, metadata with the hash chain, the store's time of the append) and a closing line with the count and a SHA-256
of the event lines. For backup, audit, and moving between the embedded store and EventStoreDB: \`ketnap import\` takes
such a file back into an empty store. The log is read up to its end as it stands when the export starts; the server
may keep running.

  --out <file>   write to this file (through <file>.partial, renamed when complete); default: standard output

${COMMON_OPTIONS}`,
  options: { out: { type: 'string' } },
  run: ({ options, env, overrides }) =>
    withCli(env, overrides, async ({ store, config }) => {
      const file = typeof options.out === 'string' ? options.out : undefined;
      const out = file ? createWriteStream(`${file}.partial`) : process.stdout;
      const bar = progress('export', 'events', hasLogHead(store) ? await store.headPosition() : undefined);
      try {
        const summary = await exportLog(store, out, { source: config.eventStoreUrl ? 'eventstoredb' : 'sqlite', now: new Date(), onProgress: bar.update });
        if (file) {
          out.end();
          await finished(out);
          renameSync(`${file}.partial`, file);
        }
        console.error(bar.finish(summary.events));
        console.error(`export: ${summary.events} events in ${summary.streams} streams${file ? ` to ${file}` : ''}, sha256 ${summary.sha256}`);
        return 0;
      } catch (error) {
        if (file) {
          out.destroy();
          rmSync(`${file}.partial`, { force: true });
        }
        throw error;
      }
    }),
};
