#!/usr/bin/env node
/**
 * `ketnap <command>`: operate the system from a terminal. Every command runs on the server's own application
 * context (AppModule with the same configuration and adapters; see context.ts), so there is no second code path.
 */
import 'reflect-metadata';
import type { AppOverrides } from '../app.module';
import { ConfigError, loadConfig } from '../config/config';
import { serve } from '../main';
import { COMMON_OPTIONS, Command, parse, UsageError } from './command';
import { claimsCommand } from './claims';
import { demoCommand } from './demo';
import { importCommand } from './import';
import { accountsCommand, tokensCommand } from './accounts';
import { exportCommand, projectionsCommand, verifyCommand } from './log-commands';

const USAGE = `Usage: ketnap <command> [options]

Commands:
  serve                 start the HTTP server (as npm start)
  verify                check every stream's hash chain and revision continuity; exit 1 at the first break
  projections rebuild   drop the read models and replay the whole log into them (stop the server first)
  projections hash      print a content hash of the read models (equal hashes: equal answers)
  demo                  load the Bình Dương scenario of seed 000 through the engine (idempotent)
  import <file>         import dossiers from CSV or JSON lines (idempotent), or an export into an empty store
  export                write the whole event log as JSON lines (backup, audit, migration)
  accounts create       a person's account (also reset-password, disable)
  tokens create         issue an API token for an organisation's subtree (also list, revoke)
  claims backfill       claim the person of every open dossier written before duplicates were refused (idempotent)

${COMMON_OPTIONS}; \`ketnap <command> --help\` describes one command

Configuration comes from the environment (KETNAP_DATA_DIR, KETNAP_EVENT_STORE, …): see README.md.`;

const serveCommand: Command = {
  help: `Usage: ketnap serve

Starts the HTTP server on $PORT (default 3000), as \`npm start\` does.

${COMMON_OPTIONS}`,
  run: async ({ env }) => {
    await serve(loadConfig(env));
    return -1; // keeps running
  },
};

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  verify: verifyCommand,
  projections: projectionsCommand,
  demo: demoCommand,
  import: importCommand,
  export: exportCommand,
  accounts: accountsCommand,
  tokens: tokensCommand,
  claims: claimsCommand,
};

/** Runs a command; the exit code (-1: a server that keeps running). Tests pass overrides (a fixed clock). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, overrides: AppOverrides = {}): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`ketnap: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const { args, options } = parse(command, rest);
    if (options.help) {
      console.log(command.help);
      return 0;
    }
    const dataDir = options['data-dir'];
    return await command.run({ args, options, env: typeof dataDir === 'string' ? { ...env, KETNAP_DATA_DIR: dataDir } : env, overrides });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`ketnap ${name}: ${error.message}\n\n${command.help}`);
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
