/**
 * `ketnap import <file>`: dossiers from a CSV or JSON-lines file (src/import), or an export of the whole log into an
 * empty store (src/import/event-log-file.ts), told apart by the file's first line.
 */
import { createReadStream, existsSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BusinessDay } from '../engine/clock';
import { Dossiers } from '../engine/dossiers';
import { assertEmptyStore, checkExport, isEventLogHeader, restoreLog } from '../import/event-log-file';
import { Importer } from '../import/importer';
import { reportCsv } from '../import/report';
import { csvRows, jsonLinesRows } from '../import/sources';
import { ReadModelDb } from '../read-models/read-model-db';
import { TIMER_PROJECTIONS } from '../timers/timer-read-models';
import { COMMON_OPTIONS, Command, UsageError } from './command';
import { Cli, organisationsOf, withCli } from './context';
import { progress } from './progress';

export const importCommand: Command = {
  help: `Usage: ketnap import <file> [--dry-run] [--errors <file>] [--actor <name>] [--org <organisation id>]

Imports existing dossiers: one row per candidate with the dates of the acts done so far (docs/import.md; template
docs/import-template.csv). CSV (UTF-8, Vietnamese or English headers) or JSON lines with the same names as keys.
Each row becomes the events of its acts on their real dates, decided by the admission workflow as if recorded one by
one, and lands whole or not at all. Importing the same file again changes nothing.

Refused rows are listed in the error report (line, code, rule, message in English and Vietnamese); the exit code is 1
when any row was refused.

  --dry-run          decide every row and write the report, but record nothing
  --errors <file>    the error report (default: <file>.errors.csv beside the input)
  --actor <name>     recorded as the actor of the imported events (default: import)
  --org <id>         only cells in this organisation's subtree are accepted; recorded as the events' organisation
  --threads <n>      worker threads that read, check and decide rows while this one appends (default: the machine's
                     cores less one, at least 1; 0: everything on one thread)

An export made by \`ketnap export\` is recognised by its first line and imported into an empty store only, with its ids,
revisions, dates and hash chains (then \`ketnap verify\` gives the same digest); --dry-run then only checks the file.

${COMMON_OPTIONS}`,
  options: { 'dry-run': { type: 'boolean' }, errors: { type: 'string' }, actor: { type: 'string' }, org: { type: 'string' }, threads: { type: 'string' } },
  run: ({ args, options, env, overrides }) => {
    if (args.length !== 1) throw new UsageError('import needs one file');
    const file = resolve(args[0]);
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (options.threads !== undefined && !/^\d{1,2}$/.test(String(options.threads))) throw new UsageError('--threads takes a number of threads, 0 to 99');
    return withCli(env, overrides, (cli) => (isEventLogHeader(firstLine(file)) ? importLog(cli, file, options['dry-run'] === true) : importRows(cli, file, options)));
  },
};

async function importRows(cli: Cli, file: string, options: Record<string, string | boolean | undefined>): Promise<number> {
  const dryRun = options['dry-run'] === true;
  const scope = typeof options.org === 'string' ? options.org : null;
  const reportFile = typeof options.errors === 'string' ? resolve(options.errors) : `${file}.errors.csv`;
  const { orgs, close } = await organisationsOf(cli.store, cli.app.get(BusinessDay));
  try {
    if (scope !== null && !orgs.get(scope)) throw new UsageError(`there is no organisation ${scope}`);
    const importer = new Importer(cli.app.get(Dossiers), cli.store, orgs, cli.app.get(BusinessDay));
    const input = createReadStream(file);
    const jsonLines = firstLine(file).trimStart().startsWith('{');
    const rows = jsonLines ? jsonLinesRows(input) : csvRows(input);
    const bar = progress(dryRun ? 'import (dry run)' : 'import', 'rows', countLines(file) - (jsonLines ? 0 : 1));
    const threads = typeof options.threads === 'string' ? Number(options.threads) : undefined;
    const result = await importer.run(rows, { actor: typeof options.actor === 'string' ? options.actor : 'import', scope, dryRun, threads, onRow: bar.update });
    console.error(bar.finish(result.rows));
    writeFileSync(reportFile, reportCsv(result.problems));
    const recorded = dryRun ? `${result.imported} would be imported (nothing written)` : `${result.imported} imported (${result.events} events)`;
    console.log(`import: ${result.rows} rows into ${cli.where} — ${recorded}, ${result.unchanged} already there, ${result.refused} refused`);
    console.log(`  error report: ${reportFile} (${result.problems.length} problems)`);
    return result.refused > 0 ? 1 : 0;
  } finally {
    close();
  }
}

async function importLog(cli: Cli, file: string, dryRun: boolean): Promise<number> {
  await assertEmptyStore(cli.store);
  const checking = progress('import: checking the export', 'events');
  const checked = await checkExport(createReadStream(file), checking.update);
  console.error(checking.finish(checked.events));
  if (dryRun) {
    console.log(`import: ${file} is a complete, intact export of ${checked.events} events in ${checked.streams} streams; nothing written`);
    return 0;
  }
  const writing = progress('import: writing', 'events', checked.events);
  await restoreLog(cli.store, createReadStream(file), checked, writing.update);
  console.error(writing.finish(checked.events));
  // The store was empty: whatever this data directory's read models held belonged to another log.
  cli.app.get(ReadModelDb).resetAll();
  const timers = join(cli.config.dataDir, 'timers.db');
  if (existsSync(timers)) {
    const db = new ReadModelDb(timers, TIMER_PROJECTIONS);
    db.resetAll();
    db.close();
  }
  console.log(`import: ${checked.events} events in ${checked.streams} streams restored into ${cli.where}; run \`ketnap verify\` to check them`);
  return 0;
}

/** The first line of a file, for telling an export from rows and JSON lines from CSV (up to 64 KiB). */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, read).replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  } finally {
    closeSync(fd);
  }
}

/** Lines of the file: the progress bar's total (quoted line breaks make it an upper bound). */
function countLines(file: string): number {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      for (let i = buffer.indexOf(10, 0); i >= 0 && i < read; i = buffer.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return Math.max(lines, 1);
}
