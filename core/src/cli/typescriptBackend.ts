// The one door to the code that needs TypeScript (the compiler, ~14 MB bundled): check, plan and lock
// call through it only when they must (a cache miss, --against, --fix, --store), so a warm run and `validate` never
// load the compiler. From dist/cli-main.js it loads dist/cli-analysis.js with V8's code cache (codeCache.ts); from the
// sources (tsx in tests) it requires ./commands/analysis. (esbuild.mjs maps that require in dist/cli-main.js to the
// bundle, so dist/cli-main.js does not carry TypeScript itself; `require`, not `import()`: see commands/index.ts. The code
// cache module is required here too, only when the bundle is loaded: a warm run has no use for it.)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tierUpForTypeScript } from '../tierUp';
import { timePhase } from '../timings';

export type TypescriptBackend = typeof import('./commands/analysis');

let backend: TypescriptBackend | undefined;

export function typescriptBackend(): TypescriptBackend {
  if (backend) return backend;
  // What follows is TypeScript's work (tierUp.ts); validate never comes here and keeps V8's default.
  tierUpForTypeScript();
  const bundle = path.join(__dirname, 'cli-analysis.js');
  const fromCli = path.basename(__filename) === 'cli-main.js' && fs.existsSync(bundle);
  backend = timePhase('loading the TypeScript bundle', () => (fromCli ? (require('./codeCache') as typeof import('./codeCache')).requireWithCodeCache(bundle) : require('./commands/analysis'))) as TypescriptBackend;
  return backend;
}
