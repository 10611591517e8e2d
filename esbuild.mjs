// One build script for every bundle. The CLI bundles its dependencies so `dist/cli.js` runs
// without node_modules; the language server and extension bundles join here later.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build with dynamic requires that esbuild cannot follow; use its ESM build.
  mainFields: ['module', 'main'],
};

const bundles = [
  { entryPoints: ['core/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['core/src/cli/validateWorker.ts'], outfile: 'dist/validateWorker.js' },
  // The language server (`awaitly-lens-server --stdio`), runnable by any LSP client.
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
];

await Promise.all(bundles.map((b) => build({ ...common, ...b })));
