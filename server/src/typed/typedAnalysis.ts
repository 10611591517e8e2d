// The main thread's handle on the typed analysis (step result types, for definition hashes): the sites of the
// steps the rules analysis found go in, their result types come back. It runs in a worker thread
// (dist/typedWorker.js; from the sources, typedWorker.ts through tsx), so checking types never holds up
// diagnostics, hovers or completions; in-process only when no worker can be started (or
// AWAITLY_LENS_TYPED_WORKER=0). A worker that dies is restarted on the next request with every edit replayed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FirstProgram } from '../../../core/src/analysis';
import type { StepSite } from '../../../core/src/typed/engine';
import { errorMessage } from '../errorMessage';
import type { ProjectSource } from '../openProject';
import { ResultTypeSource, type ResultTypes, type Scope, type TypedLogger } from './resultTypeSource';
import { PRESTARTED_WORKER, TYPED_WORKER_ROLE, type FromWorker, type ToWorker, type WorkerInit } from './protocol';

export type { TypedLogger };

export interface TypedAnalysis {
  readonly mode: 'worker' | 'in-process';
  /**
   * Open the checker now, off the main thread, so the first definition hash does not wait for it (in-process: at the
   * first request). `first`: at the rules' first program's files (core's startWith), until widen().
   */
  warm(first?: FirstProgram): void;
  /** The rules' analysis took the whole project: the checker does too. */
  widen(): void;
  updateFile(file: string, text: string): void;
  removeFile(file: string): void;
  /** The result types of the sites (the steps of `scope`'s rules analysis, or of the project's when null). */
  resultTypes(sites: StepSite[], scope: Scope): Promise<ResultTypes>;
  /** The worker's heap in bytes (undefined in-process or when no worker runs). */
  heapUsed(): Promise<number | undefined>;
  /** Answers the worker still owes (always false in-process). */
  pending(): boolean;
  dispose(): void;
}

export type Spawner = (init: WorkerInit) => Worker;

/** `files`: open documents' text (wins over the disk). `mode` and `spawn` are for tests. */
export function createTypedAnalysis(
  source: ProjectSource,
  files: ReadonlyMap<string, string>,
  log: TypedLogger,
  options: { mode?: TypedAnalysis['mode']; spawn?: Spawner } = {},
): TypedAnalysis {
  const spawn = options.spawn ?? workerSpawner();
  const wanted = options.mode ?? (process.env.AWAITLY_LENS_TYPED_WORKER === '0' ? 'in-process' : 'worker');
  if (spawn && wanted === 'worker') return new WorkerTyped(source, files, log, spawn);
  return new InProcessTyped(source, files, log);
}

/** The spawner this process would use (undefined: no worker script found). */
export function defaultSpawner(): Spawner | undefined {
  return workerSpawner();
}

/**
 * How to start the worker: in the bundle, dist/typedWorker.js (TypeScript 7's checker, no JS TypeScript: it starts in
 * ~50 ms where the server bundle takes ~500); from the sources (tests through tsx), typedWorker.ts through tsx.
 */
function workerSpawner(): Spawner | undefined {
  const bundled = path.join(__dirname, 'typedWorker.js');
  if (__filename.endsWith('.js') && fs.existsSync(bundled)) return (init) => prestarted(init) ?? new Worker(bundled, { workerData: init });
  const source = path.join(__dirname, 'typedWorker.ts');
  if (__filename.endsWith('.ts') && fs.existsSync(source)) {
    return (init) => new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, { eval: true, workerData: init });
  }
  return undefined;
}

/** The worker the launcher started (launch.ts), given its folder; once (later folders and restarts start their own). */
function prestarted(init: WorkerInit): Worker | undefined {
  const slot = globalThis as { [PRESTARTED_WORKER]?: Worker };
  const worker = slot[PRESTARTED_WORKER];
  if (!worker) return undefined;
  delete slot[PRESTARTED_WORKER];
  // The launcher's own listeners (which forget it when it fails) go; the analysis adds its own.
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.postMessage({ type: 'init', init } satisfies ToWorker);
  return worker;
}

class WorkerTyped implements TypedAnalysis {
  readonly mode = 'worker';
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  /** Every edit since the start (text, or null for a removed file): replayed into a restarted worker. */
  private readonly edits: Map<string, string | null>;
  private disposed = false;

  constructor(
    private readonly source: ProjectSource,
    files: ReadonlyMap<string, string>,
    private readonly log: TypedLogger,
    private readonly spawn: Spawner,
  ) {
    this.edits = new Map(files);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    if (this.disposed) throw new Error('the typed analysis was disposed');
    const files = [...this.edits].filter((e): e is [string, string] => e[1] !== null);
    const worker = this.spawn({ role: TYPED_WORKER_ROLE, source: this.source, files });
    for (const [file, text] of this.edits) if (text === null) worker.postMessage({ type: 'remove', file } satisfies ToWorker);
    // The worker never keeps the server alive: the LSP connection decides when the process ends.
    worker.unref();
    worker.on('message', (m: FromWorker) => this.received(m));
    worker.on('error', (e) => this.stopped(worker, `failed: ${errorMessage(e)}`));
    worker.on('exit', (code) => this.stopped(worker, `exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private received(m: FromWorker): void {
    if (m.type === 'log') {
      this.log[m.level](m.message);
      return;
    }
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (m.type === 'result') w.resolve(m.value as never);
    else w.reject(new Error(m.message));
  }

  private stopped(worker: Worker, why: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.disposed) this.log.error(`awaitly-lens: the typed analysis worker for ${this.source.rootDir} ${why}; it restarts on the next request`);
    const error = new Error(`the typed analysis worker ${why}`);
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
  }

  private post(m: ToWorker): void {
    // No worker yet: the edit is in `edits` and reaches it when it starts.
    this.worker?.postMessage(m);
  }

  private request<T>(m: { type: 'resultTypes'; sites: StepSite[]; scope: Scope } | { type: 'heap' }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = this.started();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (v: never) => void, reject });
      worker.postMessage({ ...m, id } satisfies ToWorker);
    });
  }

  warm(first?: FirstProgram): void {
    try {
      this.started().postMessage({ type: 'open', first } satisfies ToWorker);
    } catch (e) {
      this.log.error(`awaitly-lens: cannot start the typed analysis worker: ${errorMessage(e)}`);
    }
  }

  widen(): void {
    this.post({ type: 'widen' });
  }

  updateFile(file: string, text: string): void {
    this.edits.set(file, text);
    this.post({ type: 'update', file, text });
  }

  removeFile(file: string): void {
    this.edits.set(file, null);
    this.post({ type: 'remove', file });
  }

  resultTypes(sites: StepSite[], scope: Scope): Promise<ResultTypes> {
    return this.request({ type: 'resultTypes', sites, scope });
  }

  async heapUsed(): Promise<number | undefined> {
    return this.worker ? this.request<number>({ type: 'heap' }) : undefined;
  }

  pending(): boolean {
    return this.waiting.size > 0;
  }

  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    for (const x of this.waiting.values()) x.reject(new Error('the typed analysis was disposed'));
    this.waiting.clear();
    void w?.terminate();
  }
}

/** The same analysis on the calling thread (no worker available). */
class InProcessTyped implements TypedAnalysis {
  readonly mode = 'in-process';
  private source: ResultTypeSource;

  constructor(
    private readonly project: ProjectSource,
    files: ReadonlyMap<string, string>,
    private readonly log: TypedLogger,
  ) {
    this.source = new ResultTypeSource(project, files, log);
  }

  private first: FirstProgram | undefined;

  warm(first?: FirstProgram): void {
    // In-process, loading would block the caller: it happens on the first request instead.
    this.first = first;
  }

  widen(): void {
    this.first = undefined;
    this.source.widen();
  }

  updateFile(file: string, text: string): void {
    this.source.updateFile(file, text);
  }

  removeFile(file: string): void {
    this.source.removeFile(file);
  }

  async resultTypes(sites: StepSite[], scope: Scope): Promise<ResultTypes> {
    this.source.open(this.first);
    return this.source.resultTypes(sites, scope);
  }

  async heapUsed(): Promise<number | undefined> {
    return undefined;
  }

  pending(): boolean {
    return false;
  }

  dispose(): void {
    // A fresh, unopened source: TypeScript 7's process ends, the old program can be collected.
    this.source.dispose();
    this.source = new ResultTypeSource(this.project, [], this.log);
  }
}
