import { isMainThread, workerData } from 'node:worker_threads';
import { startServer } from './server';
import { TYPED_WORKER_ROLE } from './typed/protocol';

// The server bundle (dist/server-main.js, loaded by dist/server.js) also lends the typed worker (dist/typedWorker.js)
// its JS API answerer when TypeScript 7 cannot answer (one bundle of TypeScript in the .vsix, not two): required
// from that worker, it starts no server.
if (isMainThread || (workerData as { role?: unknown } | undefined)?.role !== TYPED_WORKER_ROLE) startServer();

export { openJsAnswerer } from './typed/jsAnswerer';
