// `check --against <ref>`: the project's source files as they are at another git revision, read with
// `git ls-tree` and one `git cat-file --batch` (no checkout, no work tree change, nothing executed), and
// an analysis of the project with those texts laid over the current ones in memory.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type AnalysisProject } from '../analysis/index';
import type { AwaitlySemantics, ProjectAnalysis } from '../analysis/types';

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export class RevisionError extends Error {
  override name = 'RevisionError';
}

function git(cwd: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', ['-C', cwd, ...args], { input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error) throw new RevisionError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) throw new RevisionError(r.stderr.toString('utf8').trim() || `git ${args[0]} failed`);
  return r.stdout;
}

/** Source files under rootDir at `ref`, by absolute path (as they would be checked out here). */
export function readRevisionSources(rootDir: string, ref: string): Map<string, string> {
  const top = git(rootDir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new RevisionError(`unknown git revision '${ref}'`);
  }
  const realRoot = fs.realpathSync(rootDir);
  const rel = path.relative(fs.realpathSync(top), realRoot).split(path.sep).join('/');
  const names = git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', rel || '.']).toString('utf8').split('\0')
    .filter((n) => n && SOURCE.test(n) && !n.endsWith('.d.ts') && !n.split('/').includes('node_modules'));
  const out = new Map<string, string>();
  if (names.length === 0) return out;
  const batch = git(top, ['cat-file', '--batch'], names.map((n) => `${ref}:${n}\n`).join(''));
  let at = 0;
  for (const name of names) {
    const eol = batch.indexOf(10, at);
    const header = batch.subarray(at, eol).toString('utf8');
    const m = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!m) throw new RevisionError(`unexpected git cat-file output for ${name}: ${header}`);
    const size = Number(m[2]);
    const text = batch.subarray(eol + 1, eol + 1 + size).toString('utf8');
    at = eol + 1 + size + 1;
    // Keyed by the path the analysis uses (rootDir as given, not its real path).
    out.set(path.join(rootDir, path.relative(rel || '.', name)), text);
  }
  return out;
}

/** Lays the revision's texts over a fresh project: changed files replaced, missing ones removed, old ones added. */
export function applyRevision(project: AnalysisProject, sources: Map<string, string>): void {
  const inProject = new Set(project.sourceFiles());
  for (const file of inProject) {
    if (!sources.has(file)) project.removeFile(file);
  }
  for (const [file, text] of sources) {
    // A file that exists now but is not part of the project (excluded by the tsconfig) stays out.
    if (!inProject.has(file) && fs.existsSync(file)) continue;
    let current: string | undefined;
    try {
      current = fs.readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) project.updateFile(file, text);
  }
}

/** The project as it is at `ref`: a fresh project with the revision's texts laid over it, analysed. */
export function analyzeAtRevision(selection: { tsconfig?: string; rootDir: string }, ref: string, semantics?: AwaitlySemantics['line']): ProjectAnalysis {
  const old = createAnalysisProject({
    ...(selection.tsconfig ? { tsconfig: selection.tsconfig } : { rootDir: selection.rootDir }),
    ...(semantics ? { semantics } : {}),
  });
  applyRevision(old, readRevisionSources(selection.rootDir, ref));
  return old.analyzeProject();
}
