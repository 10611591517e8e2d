// Argument dispatch: global flags, then one subcommand from the table in commands/index.ts.
import { ExitCode, isUsageError, type CliIo } from './command';
import { findCommand, loadCommands } from './commands/index';
import { TOOL_NAME, TOOL_VERSION } from './version';

export function globalHelp(): string {
  const commands = loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `${TOOL_NAME} ${TOOL_VERSION}: checks awaitly workflow snapshots and resume states.`,
    '',
    `Usage: ${TOOL_NAME} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also after a command: validate --help)',
    '  -v, --version  Print the version',
    '',
    'Exit codes: 0 no problems, 1 problems found, 2 usage or I/O error.',
    'Rules: docs/rules.md',
  ];
  return lines.join('\n') + '\n';
}

/** Runs the CLI; never throws, resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(globalHelp());
    return ExitCode.usageOrIo;
  }
  if (first === '-h' || first === '--help') {
    io.stdout(globalHelp());
    return ExitCode.ok;
  }
  if (first === '-v' || first === '--version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return ExitCode.ok;
  }
  if (first === 'help') {
    const target = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (rest[0] !== undefined && target === undefined) return usage(io, `unknown command '${rest[0]}'`);
    io.stdout(target ? target.help : globalHelp());
    return ExitCode.ok;
  }
  const command = findCommand(first);
  if (command === undefined) {
    return usage(io, first.startsWith('-') ? `unknown option '${first}' (options go after the command)` : `unknown command '${first}'`);
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    // Before parsing, so `validate --help --format bogus` still shows help.
    const dashDash = rest.indexOf('--');
    const helpAt = Math.max(rest.indexOf('-h'), rest.indexOf('--help'));
    if (dashDash === -1 || helpAt < dashDash) {
      io.stdout(command.help);
      return ExitCode.ok;
    }
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isUsageError(error)) return usage(io, error.message, command.name);
    io.stderr(`${TOOL_NAME}: internal error: ${describeError(error)}\n`);
    return ExitCode.usageOrIo;
  }
}

function usage(io: CliIo, message: string, command?: string): number {
  const hint = command ? `${TOOL_NAME} ${command} --help` : `${TOOL_NAME} --help`;
  io.stderr(`${TOOL_NAME}: ${message}\nRun '${hint}' for usage.\n`);
  return ExitCode.usageOrIo;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
