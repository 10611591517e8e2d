// Never silent about operands: a source file named on the command line that the project's tsconfig does not
// include, or a folder holding no file of the project, is reported (check: a file-not-in-project warning on it;
// plan and lock: a warning on stderr) instead of being skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { displayPath } from './inputs';
import type { ProjectSelection } from './projectInputs';

export const FILE_NOT_IN_PROJECT = 'file-not-in-project';

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

export interface OutsideOperand {
  /** Absolute path of the operand. */
  path: string;
  message: string;
}

function stat(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}

/** Operands (files and folders) the analysed project does not cover. */
export function operandsOutsideProject(selection: ProjectSelection, analysed: readonly string[], cwd: string): OutsideOperand[] {
  const files = new Set(analysed);
  const project = selection.tsconfig ? displayPath(selection.tsconfig, cwd) : `the folder ${displayPath(selection.rootDir, cwd)}`;
  const why = selection.tsconfig
    ? `its "include", "files" and "exclude" do not cover it`
    : 'without a tsconfig.json only .ts/.js files outside node_modules (and not .d.ts) are analysed';
  const out: OutsideOperand[] = [];
  for (const operand of selection.scope) {
    const st = stat(operand);
    if (st?.isFile()) {
      if (!SOURCE.test(operand) || operand.endsWith('.d.ts') || files.has(operand)) continue;
      out.push({ path: operand, message: `Not analysed: this file is not part of the TypeScript project ${project} (${why}). Add it to the project, or pass --project with a tsconfig that includes it.` });
    } else if (st?.isDirectory()) {
      const prefix = operand.endsWith(path.sep) ? operand : operand + path.sep;
      if (analysed.some((f) => f.startsWith(prefix))) continue;
      out.push({ path: operand, message: `Not analysed: no file under this folder is part of the TypeScript project ${project} (${why}).` });
    }
  }
  return out;
}

/** The check command's form: a warning on the operand itself, at 1:1. */
export function outsideDiagnostic(o: OutsideOperand): Diagnostic {
  return { code: FILE_NOT_IN_PROJECT, severity: 'warning', message: o.message, range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 }, startOffset: 0, endOffset: 0 } };
}
