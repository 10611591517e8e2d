import { isMainThread, workerData } from 'node:worker_threads';
import { startServer } from './server';
import { TYPED_WORKER_ROLE } from './typed/protocol';

// The server bundle (dist/server-main.js, loaded by dist/server.js) is also the typed-analysis worker's script (one
// bundle of TypeScript in the .vsix, not two).
if (!isMainThread && (workerData as { role?: unknown } | undefined)?.role === TYPED_WORKER_ROLE) require('./typed/typedWorker');
else startServer();
