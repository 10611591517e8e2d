// Opening a folder's analysis project: the configured tsconfig, else the folder's own tsconfig.json or files,
// else (a broken tsconfig) an empty project that still takes open documents. Shared by the rules' analysis on
// the main thread and the typed analysis in its worker, so both see the same files.
import * as path from 'node:path';
import { createAnalysisProject, type AnalysisProject, type FirstProgram } from '../../core/src/analysis';
import { errorMessage } from './errorMessage';

export interface ProjectSource {
  rootDir: string;
  /** The awaitlyLens.tsconfig setting (relative to rootDir), if any. */
  tsconfig?: string;
}

/**
 * `startWith`: the open documents, to root the first program at, and who is told its roots before they are parsed
 * (core's AnalysisProjectOptions.startWith and onFirstProgram).
 */
export function openAnalysisProject(source: ProjectSource, includeResultTypes: boolean, logError: (message: string) => void, startWith?: readonly string[], onFirstProgram?: (first: FirstProgram) => void): AnalysisProject {
  const { rootDir } = source;
  const first = startWith?.length ? { startWith, onFirstProgram } : {};
  const configured = source.tsconfig ? path.resolve(rootDir, source.tsconfig) : undefined;
  if (configured) {
    try {
      return createAnalysisProject({ tsconfig: configured, includeResultTypes, ...first });
    } catch (e) {
      logError(`awaitly-lens: cannot use tsconfig ${configured}: ${errorMessage(e)}; analysing the folder's files instead`);
    }
  }
  try {
    return createAnalysisProject({ rootDir, includeResultTypes, ...first });
  } catch (e) {
    // A broken tsconfig.json in the folder: fall back to the files themselves.
    logError(`awaitly-lens: cannot load ${rootDir}: ${errorMessage(e)}; analysing open files only`);
    return createAnalysisProject({ rootDir, files: [], includeResultTypes });
  }
}
