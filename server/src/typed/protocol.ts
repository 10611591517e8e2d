// Messages between the server's main thread and the typed-analysis worker. Results are the core's plain data
// (FileAnalysis, ProjectAnalysis), copied by structured clone.
import type { FileAnalysis, ProjectAnalysis } from '../../../core/src/analysis';
import type { ProjectSource } from '../openProject';

export type ToWorker =
  | { type: 'open' }
  | { type: 'update'; file: string; text: string }
  | { type: 'remove'; file: string }
  | { type: 'analyzeFile'; id: number; file: string }
  | { type: 'analyzeProject'; id: number }
  | { type: 'heap'; id: number };

export type FromWorker =
  | { type: 'result'; id: number; value: FileAnalysis | ProjectAnalysis | number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

/** workerData.role of the typed-analysis worker: the server bundle runs the worker instead of a server when it sees it. */
export const TYPED_WORKER_ROLE = 'awaitly-lens-typed-analysis';

export interface WorkerInit {
  role: typeof TYPED_WORKER_ROLE;
  source: ProjectSource;
  /** Open documents' text, which wins over the disk. */
  files: Array<[string, string]>;
}
