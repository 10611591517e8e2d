// Step result types (for definition hashes) in a worker thread: asking the checker for every step's type takes
// seconds on a large project, and on the main thread it would hold up diagnostics, hovers and completions.
// Messages are handled in order, so an answer always reflects the edits sent before the question.
import { parentPort, workerData } from 'node:worker_threads';
import { loadNative } from '../../../core/src/typed/nativeEngine';
import { errorMessage } from '../errorMessage';
import { ResultTypeSource } from './resultTypeSource';
import type { FromWorker, PrestartedInit, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);
let source: ResultTypeSource | undefined;
const given = workerData as WorkerInit | PrestartedInit;
const begin = (init: WorkerInit): void => {
  source = new ResultTypeSource(init.source, init.files, {
    info: (message) => send({ type: 'log', level: 'info', message }),
    error: (message) => send({ type: 'log', level: 'error', message }),
  }, 'prestarted' in given ? ' (worker, started with the server)' : ' (worker)');
};
// Started by the launcher before any folder is known: TypeScript 7's API loads now, on this core, while the main
// thread loads the server bundle (what it cannot load is said again when the checker is opened).
if ('prestarted' in given) loadNative();
else begin(given);

port.on('message', (m: ToWorker) => {
  if (m.type === 'init') return begin(m.init);
  if (!source) throw new Error(`typed worker: '${m.type}' before 'init'`);
  try {
    switch (m.type) {
      case 'open':
        return source.open(m.first);
      case 'widen':
        return source.widen();
      case 'update':
        return source.updateFile(m.file, m.text);
      case 'remove':
        return source.removeFile(m.file);
      case 'resultTypes':
        return send({ type: 'result', id: m.id, value: source.resultTypes(m.sites, m.scope) });
      case 'heap':
        // With --expose-gc (V8 flags are per process), collect first: the soak bench compares these.
        (globalThis as { gc?: () => void }).gc?.();
        return send({ type: 'result', id: m.id, value: process.memoryUsage().heapUsed });
    }
  } catch (e) {
    if ('id' in m) send({ type: 'failed', id: m.id, message: errorMessage(e) });
    else send({ type: 'log', level: 'error', message: `awaitly-lens: typed analysis: ${m.type}${'file' in m ? ` ${m.file}` : ''} failed: ${errorMessage(e)}` });
  }
});
