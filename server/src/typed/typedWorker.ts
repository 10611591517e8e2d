// Step result types (for definition hashes) in a worker thread: asking the checker for every step's type takes
// seconds on a large project, and on the main thread it would hold up diagnostics, hovers and completions.
// Messages are handled in order, so an answer always reflects the edits sent before the question.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errorMessage';
import { ResultTypeSource } from './resultTypeSource';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker): void => port.postMessage(m);
const source = new ResultTypeSource(init.source, init.files, {
  info: (message) => send({ type: 'log', level: 'info', message }),
  error: (message) => send({ type: 'log', level: 'error', message }),
}, ' (worker)');

port.on('message', (m: ToWorker) => {
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
