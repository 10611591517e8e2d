// Worker entry (bundled to dist/validateWorker.js): checks the chunks of files pool.ts sends it.
import { parentPort } from 'node:worker_threads';
import { checkFile } from './checkFile';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    const response: WorkerResponse = { outcomes: request.files.map((file) => checkFile(file)) };
    port.postMessage(response);
  });
}
