// dist/server.js, the language server's bin and the typed worker's script: a few lines that load the server
// bundle (dist/server-main.js, 15 MB with TypeScript inside) through V8's code cache. Compiling that bundle is most
// of a cold start (~600 ms of the ~700 ms before the server can answer, against ~100 ms from the cache), paid by
// the main thread and again by the typed worker. From the second start of a build on, both start from the cache.
import * as path from 'node:path';
import { requireWithCodeCache } from '../../core/src/cli/codeCache';

// Written 2 s after the start (the first analyses have compiled what a start needs) or at exit, whichever comes first.
requireWithCodeCache(path.join(__dirname, 'server-main.js'), { saveAfterMs: 2_000 });
