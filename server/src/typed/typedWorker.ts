// The typed analysis (step result types, for definition hashes) in a worker thread: asking the checker for
// every step's type takes seconds on a large project, and on the main thread it would hold up diagnostics,
// hovers and completions. Messages are handled in order, so an analysis always sees the edits sent before it.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../convert';
import { LazyTypedProject } from './lazyProject';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker): void => port.postMessage(m);
const project = new LazyTypedProject(init.source, init.files, {
  info: (message) => send({ type: 'log', level: 'info', message }),
  error: (message) => send({ type: 'log', level: 'error', message }),
}, ' (worker)');

port.on('message', (m: ToWorker) => {
  try {
    switch (m.type) {
      case 'open':
        project.opened();
        return;
      case 'update':
        return project.updateFile(m.file, m.text);
      case 'remove':
        return project.removeFile(m.file);
      case 'analyzeFile':
        return send({ type: 'result', id: m.id, value: project.opened().analyzeFile(m.file) });
      case 'analyzeProject':
        return send({ type: 'result', id: m.id, value: project.opened().analyzeProject() });
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
