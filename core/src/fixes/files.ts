// `check --fix` on disk: the fixes of each file's findings applied to the file as it was analysed, written
// atomically (a temporary file in the same folder, then rename), and never over a file that changed meanwhile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, WorkflowInfo } from '../analysis/types';
import { applyFixes } from './apply';
import { unifiedDiff } from './diff';
import { FileFixer } from './fixes';
import type { Fix } from './types';

export interface FileFixResult {
  file: string;
  /** The findings fixed (their edits are in `after`). */
  fixed: Finding[];
  /** Findings whose fix overlaps one applied now: a second run fixes them on the new text. */
  skipped: Finding[];
  before: string;
  after: string;
  /** Why the file was not written (read error, changed on disk); undefined when written or a dry run. */
  notWritten?: string;
}

export interface FixFilesOptions {
  /** false: compute and diff only (--fix-dry-run). */
  write: boolean;
  /** When the analysis started (ms since the epoch): a file modified after it may differ from what was analysed. */
  analysedSince: number;
}

/** The fixes of the given findings, per file (files with no fix are left out). */
export function fixFiles(findings: readonly Finding[], workflows: readonly WorkflowInfo[], options: FixFilesOptions): FileFixResult[] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const results: FileFixResult[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let before: string;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
      before = fs.readFileSync(file, 'utf8');
    } catch (error) {
      results.push({ file, fixed: [], skipped: [], before: '', after: '', notWritten: `cannot read: ${(error as Error).message}` });
      continue;
    }
    const fixer = new FileFixer({ file, text: before, workflows });
    const pairs = fixer.fixAll(list).map(({ finding, fix }) => ({ ...fix, finding }));
    if (pairs.length === 0) continue;
    if (stat.mtimeMs > options.analysedSince) {
      results.push({ file, fixed: [], skipped: pairs.map((p) => p.finding), before, after: before, notWritten: 'changed on disk during the analysis; not fixed (run again)' });
      continue;
    }
    const r = applyFixes<Fix & { finding: Finding }>(before, pairs);
    const result: FileFixResult = { file, fixed: r.applied.map((p) => p.finding), skipped: r.skipped.map((p) => p.finding), before, after: r.text };
    if (options.write && r.text !== before) {
      const problem = writeIfUnchanged(file, before, r.text, stat.mode);
      if (problem) result.notWritten = problem;
    }
    results.push(result);
  }
  return results;
}

/** Writes `after` unless the file no longer holds `before`; returns why not, or undefined when written. */
export function writeIfUnchanged(file: string, before: string, after: string, mode: number): string | undefined {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.awaitly-lens-fix-${process.pid}`);
  try {
    fs.writeFileSync(temp, after, { mode: mode & 0o7777 });
    // The last moment before the rename: the file must still hold what the fixes were computed on.
    if (fs.readFileSync(file, 'utf8') !== before) {
      fs.rmSync(temp, { force: true });
      return 'changed on disk since it was read; not written (run again)';
    }
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return `cannot write: ${(error as Error).message}`;
  }
}

/** The unified diff of each changed file, paths as given by `display`. */
export function fixDiff(results: readonly FileFixResult[], display: (file: string) => string): string {
  return results.map((r) => unifiedDiff(display(r.file), r.before, r.after)).join('');
}
