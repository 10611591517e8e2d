// Worker thread of the store check (bundled as dist/storeWorker.js): checks batches of rows against the workflows
// it was started with (plain data, analysed on the main thread). See storeRows.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceEntry } from '../sources/index';
import { checkOne, type RowCode } from './storeRows';

const code = workerData as RowCode;
parentPort!.on('message', (m: { id: number; entries: SourceEntry[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, outcomes: m.entries.map((e) => checkOne(e, code)) });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
