// dist/server.js, the language server's bin: a few lines that load the server bundle (dist/server-main.js, 15 MB with
// TypeScript inside) through V8's code cache. Compiling that bundle is most of a cold start (~600 ms of the ~700 ms
// before the server can answer, against ~100 ms from the cache); from the second start of a build on, it starts from
// the cache. (The typed worker, dist/typedWorker.js, loads the bundle the same way only when it needs the JS API.)
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { requireWithCodeCache } from '../../core/src/cli/codeCache';
import { tierUpForTypeScript } from '../../core/src/tierUp';
import { PRESTARTED_WORKER, TYPED_WORKER_ROLE, type PrestartedInit } from './typed/protocol';

// V8's tier-up for TypeScript's work (core/src/tierUp.ts says why), first: the flag is the process's, so the typed
// worker has it too.
tierUpForTypeScript();

// The typed worker starts first, so that it loads TypeScript 7's API on the other core while this thread loads the
// server bundle: the first folder's typed analysis takes it (typedAnalysis.ts) instead of starting one after its
// first document opens. It keeps nothing alive, and one that fails is simply not taken.
if (process.env.AWAITLY_LENS_TYPED_WORKER !== '0') prestart();

function prestart(): void {
  try {
    const worker = new Worker(path.join(__dirname, 'typedWorker.js'), { workerData: { role: TYPED_WORKER_ROLE, prestarted: true } satisfies PrestartedInit });
    worker.unref();
    const slot = globalThis as { [PRESTARTED_WORKER]?: Worker };
    const drop = () => {
      if (slot[PRESTARTED_WORKER] === worker) delete slot[PRESTARTED_WORKER];
    };
    worker.once('error', drop);
    worker.once('exit', drop);
    slot[PRESTARTED_WORKER] = worker;
  } catch {
    // Started on demand instead.
  }
}

// Written 2 s after the start (the first analyses have compiled what a start needs) or at exit, whichever comes first.
requireWithCodeCache(path.join(__dirname, 'server-main.js'), { saveAfterMs: 2_000 });
