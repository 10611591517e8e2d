// Checks a stream of rows on worker threads (dist/storeWorker.js): the main thread reads the store, batches of
// rows go to the workers, whose results come back in batch order (so example ids do not depend on scheduling).
// Workers need no TypeScript: the workflows were analysed once, on the main thread, and travel as plain data.
// From the sources (tests) or with --jobs 1, rows are checked in-process by the same function.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceEntry } from '../sources/index';
import { changeEffects, type Effect } from './blastRadius';
import { checkRow, type CodeContext, type RowResult } from './storeCheck';

export interface RowCode {
  current?: CodeContext;
  before?: CodeContext;
}

/** What the main thread keeps of a checked row. */
export interface RowOutcome {
  row: RowResult;
  effects?: Effect[];
  wasClean?: boolean;
}

export function checkOne(entry: SourceEntry, code: RowCode): RowOutcome {
  const row = checkRow(entry, code.current);
  // Only what the tallies read crosses back: the plan itself stays here.
  const slim: RowResult = { id: row.id, categories: row.categories, ...(row.workflow ? { workflow: row.workflow } : {}), diagnostics: row.diagnostics.some((d) => d.severity !== 'info') ? row.diagnostics : [] };
  if (!code.before) return { row: slim };
  const before = checkRow(entry, code.before);
  return { row: slim, effects: changeEffects(before, row), wasClean: before.categories.includes('clean') };
}

export function storeWorkerScript(): string | undefined {
  const candidate = path.join(__dirname, 'storeWorker.js');
  return fs.existsSync(candidate) ? candidate : undefined;
}

const BATCH = 256;
const IN_FLIGHT_PER_WORKER = 2;

export interface RowPool {
  /** Queues a row; resolves when there is room for more (backpressure on the store read). */
  push(entry: SourceEntry): Promise<void>;
  /** Waits for every queued row. */
  finish(): Promise<void>;
}

/** `onOutcome` sees every row, in read order. `workers` 0: in-process. */
export function rowPool(code: RowCode, workers: number, onOutcome: (o: RowOutcome) => void): RowPool {
  const script = workers > 0 ? storeWorkerScript() : undefined;
  if (!script) {
    return {
      async push(entry) {
        onOutcome(checkOne(entry, code));
      },
      async finish() {},
    };
  }
  const threads = Array.from({ length: workers }, () => {
    const w = new Worker(script, { workerData: code });
    w.unref();
    return { worker: w, busy: 0 };
  });
  const pending: Array<Promise<RowOutcome[]>> = [];
  let batch: SourceEntry[] = [];
  let next = 0;
  const send = (entries: SourceEntry[]): Promise<RowOutcome[]> => {
    const t = threads.reduce((a, b) => (b.busy < a.busy ? b : a));
    t.busy++;
    const id = next++;
    return new Promise<RowOutcome[]>((resolve, reject) => {
      const onMessage = (m: { id: number; outcomes?: RowOutcome[]; error?: string }) => {
        if (m.id !== id) return;
        t.worker.off('message', onMessage);
        t.worker.off('error', onError);
        t.busy--;
        if (m.error) {
          // A row the worker could not check (a bug): checked again here, where the error surfaces with its stack.
          resolve(entries.map((e) => checkOne(e, code)));
        } else resolve(m.outcomes!);
      };
      const onError = (error: Error) => {
        t.worker.off('message', onMessage);
        t.busy--;
        // A dead worker: its rows are checked in-process, none is lost.
        try {
          resolve(entries.map((e) => checkOne(e, code)));
        } catch {
          reject(error);
        }
      };
      t.worker.on('message', onMessage);
      t.worker.once('error', onError);
      t.worker.postMessage({ id, entries });
    });
  };
  const drainReady = async (limit: number) => {
    while (pending.length > limit) for (const o of await pending.shift()!) onOutcome(o);
  };
  return {
    async push(entry) {
      batch.push(entry);
      if (batch.length < BATCH) return;
      pending.push(send(batch));
      batch = [];
      await drainReady(workers * IN_FLIGHT_PER_WORKER);
    },
    async finish() {
      if (batch.length) pending.push(send(batch));
      batch = [];
      await drainReady(0);
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
