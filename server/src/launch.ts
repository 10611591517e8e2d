// dist/server.js, the language server's bin: a few lines that load the server bundle (dist/server-main.js, 15 MB with
// TypeScript inside) through V8's code cache. Compiling that bundle is most of a cold start (~600 ms of the ~700 ms
// before the server can answer, against ~100 ms from the cache); from the second start of a build on, it starts from
// the cache. (The typed worker, dist/typedWorker.js, loads the bundle the same way only when it needs the JS API.)
import * as path from 'node:path';
import { requireWithCodeCache } from '../../core/src/cli/codeCache';

// Written 2 s after the start (the first analyses have compiled what a start needs) or at exit, whichever comes first.
requireWithCodeCache(path.join(__dirname, 'server-main.js'), { saveAfterMs: 2_000 });
