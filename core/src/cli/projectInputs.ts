// Inputs of the commands that read source code (check, plan, lock): which TypeScript project to analyse,
// which of its files to report, and which snapshot files to check (files, folders or globs). No TypeScript here
// (a warm run never loads it); cli/analyseProject.ts opens the project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listSnapshotFiles } from '../sources/files';
import { displayPath, type InputProblem } from './inputs';

export interface ProjectSelection {
  /** The tsconfig.json used, when there is one. */
  tsconfig?: string;
  /** The project root: the tsconfig's folder, or the folder analysed without one. */
  rootDir: string;
  /** Absolute paths whose files are reported; empty means the whole project. */
  scope: string[];
}

/**
 * --project wins; else the first path operand: a folder with a tsconfig.json, or the nearest tsconfig.json
 * above a file; else the working directory. Without any tsconfig the folder is analysed with default options.
 */
export function selectProject(paths: readonly string[], project: string | undefined, cwd: string): ProjectSelection | InputProblem {
  const scope = paths.map((p) => path.resolve(cwd, p));
  if (project !== undefined) {
    const file = path.resolve(cwd, project);
    const tsconfig = isDirectory(file) ? path.join(file, 'tsconfig.json') : file;
    if (!isFile(tsconfig)) return { display: displayPath(tsconfig, cwd), message: 'cannot read the TypeScript project: no such file' };
    return { tsconfig, rootDir: path.dirname(tsconfig), scope };
  }
  const first = scope[0] ?? cwd;
  if (!fs.existsSync(first)) return { display: displayPath(first, cwd), message: 'no such file or directory' };
  const start = isDirectory(first) ? first : path.dirname(first);
  const direct = path.join(start, 'tsconfig.json');
  if (isFile(direct)) return { tsconfig: direct, rootDir: start, scope: scope.filter((s) => s !== start) };
  // A folder or file inside a project: the nearest tsconfig.json above it, within the same package.
  if (!fs.existsSync(path.join(start, 'package.json'))) {
    for (let dir = path.dirname(start); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'tsconfig.json');
      if (isFile(candidate)) return { tsconfig: candidate, rootDir: dir, scope };
      if (fs.existsSync(path.join(dir, 'package.json'))) break;
    }
  }
  return { rootDir: start, scope: scope.filter((s) => s !== start) };
}

export function inScope(file: string, scope: readonly string[]): boolean {
  return scope.length === 0 || scope.some((s) => file === s || file.startsWith(s.endsWith(path.sep) ? s : s + path.sep));
}

export function isProblem(x: unknown): x is InputProblem {
  return typeof x === 'object' && x !== null && 'message' in x && 'display' in x && !('rootDir' in x);
}

/** Snapshot operands: files (always reported), folders and globs (only files that look like snapshots). */
export const collectSnapshotInputs = listSnapshotFiles;

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
