import { parseArgs } from 'node:util';
import type { AppOverrides } from '../app.module';

/** One `ketnap` command: its help text, its options, and what it does (the exit code it answers). */
export interface Command {
  /** `ketnap <name> --help` */
  help: string;
  options?: Record<string, { type: 'string' | 'boolean' }>;
  run(input: CommandInput): Promise<number>;
}

export interface CommandInput {
  args: string[];
  options: Record<string, string | boolean | undefined>;
  env: NodeJS.ProcessEnv;
  overrides: AppOverrides;
}

/** A mistake in how the command was called: the CLI prints it with the command's help and exits 2. */
export class UsageError extends Error {}

export const COMMON_OPTIONS = `Options of every command:
  --data-dir <dir>   data directory of the embedded store (default $KETNAP_DATA_DIR or ./data)
  --help             this help`;

/** Parses a command's arguments strictly: an unknown option is a usage error, not ignored. */
export function parse(command: Command, argv: string[]): { args: string[]; options: Record<string, string | boolean | undefined> } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    return { args: positionals, options: values as Record<string, string | boolean | undefined> };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The value of a string option, or a usage error naming it. */
export function required(options: CommandInput['options'], name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
