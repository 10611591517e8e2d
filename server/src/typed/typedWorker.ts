// The typed analysis (step result types, for definition hashes) in a worker thread: asking the checker for
// every step's type takes seconds on a large project, and on the main thread it would hold up diagnostics,
// hovers and completions. Messages are handled in order, so an analysis always sees the edits sent before it.
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisProject } from '../../../core/src/analysis';
import { errorMessage } from '../convert';
import { openAnalysisProject } from '../openProject';
import type { FromWorker, ToWorker, WorkerInit } from './protocol';

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker): void => port.postMessage(m);
let project: AnalysisProject | undefined;
/** Edits that arrive before the project is opened, the latest per file (null: removed), applied when it opens. */
const early = new Map<string, string | null>(init.files);

function opened(): AnalysisProject {
  if (!project) {
    const started = Date.now();
    project = openAnalysisProject(init.source, true, (message) => send({ type: 'log', level: 'error', message }));
    for (const [file, text] of early) {
      if (text === null) project.removeFile(file);
      else project.updateFile(file, text);
    }
    early.clear();
    send({ type: 'log', level: 'info', message: `awaitly-lens: loaded ${init.source.rootDir} for definition hashes in ${Date.now() - started} ms (worker)` });
  }
  return project;
}

port.on('message', (m: ToWorker) => {
  try {
    switch (m.type) {
      case 'open':
        opened();
        return;
      case 'update':
        if (project) project.updateFile(m.file, m.text);
        else early.set(m.file, m.text);
        return;
      case 'remove':
        if (project) project.removeFile(m.file);
        else early.set(m.file, null);
        return;
      case 'analyzeFile':
        return send({ type: 'result', id: m.id, value: opened().analyzeFile(m.file) });
      case 'analyzeProject':
        return send({ type: 'result', id: m.id, value: opened().analyzeProject() });
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
