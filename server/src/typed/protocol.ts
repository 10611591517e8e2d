// Messages between the server's main thread and the typed-analysis worker. The main thread's rules analysis
// knows the steps; the worker answers their result types (core's plain data, copied by structured clone).
import type { FirstProgram } from '../../../core/src/analysis';
import type { StepSite } from '../../../core/src/typed/engine';
import type { ProjectSource } from '../openProject';
import type { ResultTypes, Scope } from './resultTypeSource';

export type ToWorker =
  | { type: 'init'; init: WorkerInit }
  | { type: 'open'; first?: FirstProgram }
  | { type: 'widen' }
  | { type: 'update'; file: string; text: string }
  | { type: 'remove'; file: string }
  | { type: 'resultTypes'; id: number; sites: StepSite[]; scope: Scope }
  | { type: 'heap'; id: number };

export type FromWorker =
  | { type: 'result'; id: number; value: ResultTypes | number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

/** workerData.role of the typed-analysis worker: the server bundle, required from it for the JS API, starts no server when it sees it. */
export const TYPED_WORKER_ROLE = 'awaitly-lens-typed-analysis';

export interface WorkerInit {
  role: typeof TYPED_WORKER_ROLE;
  source: ProjectSource;
  /** Open documents' text, which wins over the disk. */
  files: Array<[string, string]>;
}

/**
 * workerData of the worker the launcher starts beside the server bundle (launch.ts), before any folder is known: it
 * loads TypeScript 7's API meanwhile, and its first message is `init`.
 */
export interface PrestartedInit {
  role: typeof TYPED_WORKER_ROLE;
  prestarted: true;
}

/** Where the launcher leaves that worker for the server bundle (two bundles: no module of theirs is shared). */
export const PRESTARTED_WORKER = Symbol.for('awaitly-lens.prestarted-typed-worker');
