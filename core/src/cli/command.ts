// What every subcommand implements, and the I/O it is given. Commands never touch process.* directly,
// so tests drive them in-process with a fake CliIo and the bin stays a thin wrapper (main.ts).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  /** Absolute working directory; reported paths are relative to it. */
  cwd: string;
  /** Writes to standard output. Commands build their whole report first and write it once. */
  stdout(text: string): void;
  /** Writes UTF-8 bytes to standard output as they are (a replayed check output: no decoding and re-encoding); optional. */
  stdoutBytes?(data: Uint8Array): void;
  stderr(text: string): void;
  /** Reads all of standard input as UTF-8 text. */
  readStdin(): Promise<string>;
  /** Standard error is a terminal (progress lines are drawn only then). */
  stderrIsTTY?: boolean;
}

export interface Command {
  name: string;
  /** One line for the command list in `awaitly-lens --help`. */
  summary: string;
  /** Full help text for `awaitly-lens <name> --help`. */
  help: string;
  /** Runs with the arguments after the subcommand name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by all subcommands. */
export const ExitCode = {
  ok: 0,
  /** Problems found: errors, or more warnings than --max-warnings. */
  problems: 1,
  /** Bad usage, or a file could not be read or checked. */
  usageOrIo: 2,
} as const;

/** Thrown for bad command-line usage; the dispatcher prints the message and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * By name, not instanceof: the TypeScript backend of check, plan and lock (cli/typescriptBackend.ts) runs from
 * its own bundle (dist/cli-analysis.js), which carries its own copy of the class.
 */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && error.name === 'UsageError';
}

/** node:util parseArgs with positionals and strict options; a bad flag becomes a UsageError (exit 2). */
export function parseCommandArgs<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function nonNegativeInteger(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} expects a non-negative integer, got '${raw}'`);
  return Number(raw);
}
