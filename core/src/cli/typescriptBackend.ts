// The one door to the code that needs TypeScript (ts-morph and the compiler, ~15 MB bundled): check, plan and lock
// call through it only when they must (a cache miss, --against, --fix, --store), so a warm run and `validate` never
// load the compiler. In dist/cli.js, esbuild.mjs maps this require to dist/cli-analysis.js; from the sources (tsx
// in tests) it resolves ./commands/analysis directly. (`require`, not `import()`: see commands/index.ts.)
export type TypescriptBackend = typeof import('./commands/analysis');

export function typescriptBackend(): TypescriptBackend {
  return require('./commands/analysis') as TypescriptBackend;
}
