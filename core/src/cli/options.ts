// Option handling shared by the subcommands that report diagnostics (--format, --max-warnings) and
// the exit code rule they all follow.
import { countBySeverity } from '../diagnostic';
import { ExitCode, UsageError, type CliIo } from './command';
import { FORMAT_NAMES, REPORTERS } from './reporters/index';
import type { DiagnosticReport, Reporter } from './reporters/types';
import { TOOL_NAME } from './version';

export function reporterFor(format: string | undefined): Reporter {
  const name = format ?? 'text';
  if (!Object.hasOwn(REPORTERS, name)) throw new UsageError(`unknown format '${name}' (expected one of: ${FORMAT_NAMES.join(', ')})`);
  return REPORTERS[name]!;
}

/**
 * Renders the report in full, then writes failures to stderr and the report to stdout, and returns
 * the exit code: 2 if any file failed, 1 for errors or more warnings than maxWarnings, else 0.
 */
export function emitReport(report: DiagnosticReport, reporter: Reporter, io: CliIo, maxWarnings?: number): number {
  // Rendered before anything is written: a reporter failure leaves no half-written document.
  const output = reporter(report);
  for (const failure of report.failures) io.stderr(`${TOOL_NAME}: ${failure.file}: ${failure.message}\n`);
  io.stdout(output);

  const counts = countBySeverity(report.files.flatMap((f) => f.diagnostics));
  const tooManyWarnings = maxWarnings !== undefined && counts.warning > maxWarnings;
  if (tooManyWarnings) io.stderr(`${TOOL_NAME}: too many warnings (${counts.warning}; maximum: ${maxWarnings})\n`);
  if (report.failures.length > 0) return ExitCode.usageOrIo;
  if (counts.error > 0 || tooManyWarnings) return ExitCode.problems;
  return ExitCode.ok;
}
