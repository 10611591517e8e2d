// One build script for every bundle. The CLI bundles its dependencies so `dist/cli.js` runs
// without node_modules; the language server and extension bundles join here later.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { editorSchema } from './extension/scripts/editor-schema.mjs';
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

// In dist/cli-main.js, the one lazy require of the code that needs TypeScript (core/src/cli/typescriptBackend.ts) points
// at its own bundle (see below), so `validate` and a warm check never load TypeScript. Sources (tsx in tests)
// still resolve ./commands/analysis directly.
const analysisCommandsApart = {
  name: 'analysis-commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/analysis$/ }, (args) =>
      args.importer.endsWith('typescriptBackend.ts') ? { path: './cli-analysis.js', external: true } : undefined,
    );
    // validate and check require the store path (pg, libSQL, bson: ~400 kB) only for --store, through
    // commands/storeFlag.ts: its own bundle, so a run over files does not compile it at start-up.
    b.onResolve({ filter: /^\.\/store$/ }, (args) =>
      /commands[\\/]storeFlag\.ts$/.test(args.importer) ? { path: './cli-store.js', external: true } : undefined,
    );
    // dist/cli.js is the bin's first stage (core/src/cli/bin.ts: a check with nothing changed replays its stored
    // output); anything else it hands to the CLI, dist/cli-main.js.
    b.onResolve({ filter: /^\.\/main$/ }, (args) => (args.importer.endsWith('bin.ts') ? { path: './cli-main.js', external: true } : undefined));
  },
};

// In the bin's first stage, the CLI and validate's worker, `import * as fs from 'node:fs'` (and node:path) resolve to
// modules with one named export per function, so the bundle binds the functions it uses instead of __toESM copying
// every property of the module behind getters, once per importing file: ~2 ms of a replayed check (core/src/cli/bin.ts),
// which is mostly node start-up, and of validate's 10,000 reads (~2 ms, getter calls on each fs call).
const namedBuiltins = {
  name: 'named-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:(fs|path)$/ }, (args) => (args.namespace === 'named-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'named-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'named-builtin' }, async ({ path: id }) => {
      const m = await import(id);
      // Plain values only (fs.promises is a getter that loads fs/promises); unused ones are tree-shaken.
      const names = Object.keys(m.default).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && Object.getOwnPropertyDescriptor(m.default, k)?.get === undefined);
      const lines = names.map((k) => `export const ${k} = /* @__PURE__ */ (() => m.${k})();`);
      return { contents: `const m = require(${JSON.stringify(id)});\n${lines.join('\n')}\nexport default m;\n`, loader: 'js' };
    });
  },
};

// The first stage needs jsonc-parser (~55 kB) only for a tsconfig with comments or trailing commas
// (core/src/typed/warmCache.ts): its own bundle, dist/cli-jsonc.js, required then, so a replay does not compile it.
const jsoncApart = {
  name: 'jsonc-apart',
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) => (args.importer.endsWith('warmCache.ts') ? { path: './cli-jsonc.js', external: true } : undefined));
  },
};

// dist/typedWorker.js carries no JS TypeScript: its one require of the JS API's answerer (server/src/typed/loadJsAnswerer.ts)
// gets dist/server-main.js (which exports it) through V8's code cache, as the server's launcher loads it.
const jsAnswererFromServer = {
  name: 'js-answerer-from-server',
  setup(b) {
    b.onResolve({ filter: /^\.\/jsAnswerer$/ }, (args) => (args.importer.endsWith('loadJsAnswerer.ts') ? { path: 'server-main', namespace: 'js-answerer' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'js-answerer' }, () => ({
      contents: "const { requireWithCodeCache } = require('./core/src/cli/codeCache');\nmodule.exports = requireWithCodeCache(require('node:path').join(__dirname, 'server-main.js'));\n",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

// fdir (under tinyglobby, which core/src/sources lists files with) has an ESM build that reads import.meta.url;
// give it this file's URL in the CJS bundles that list files.
const importMetaUrl = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const withImportMetaUrl = { define: { 'import.meta.url': '__importMetaUrl' } };
// Store drivers stay outside the CLI bundles: @libsql/client loads a native module, pg an optional pg-native.
const storeDrivers = ['@libsql/client', 'pg-native'];
// TypeScript 7's API spawns its own Go binary from its package folder: it is loaded from node_modules, never bundled.
const nativeTypeScript = ['typescript-native'];

const bundles = [
  { entryPoints: ['core/src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` }, plugins: [analysisCommandsApart, namedBuiltins, jsoncApart], ...withImportMetaUrl, external: storeDrivers },
  { entryPoints: ['jsonc-parser'], outfile: 'dist/cli-jsonc.js' },
  { entryPoints: ['core/src/cli/main.ts'], outfile: 'dist/cli-main.js', banner: { js: importMetaUrl }, plugins: [analysisCommandsApart, namedBuiltins], ...withImportMetaUrl, external: storeDrivers },
  { entryPoints: ['core/src/cli/commands/analysis.ts'], outfile: 'dist/cli-analysis.js', banner: { js: importMetaUrl }, ...withImportMetaUrl, external: [...storeDrivers, ...nativeTypeScript] },
  { entryPoints: ['core/src/cli/commands/store.ts'], outfile: 'dist/cli-store.js', banner: { js: importMetaUrl }, ...withImportMetaUrl, external: storeDrivers },
  { entryPoints: ['core/src/cli/validateWorker.ts'], outfile: 'dist/validateWorker.js', banner: { js: importMetaUrl }, plugins: [namedBuiltins], ...withImportMetaUrl },
  // TypeScript 7's engine on its own thread during check (core/src/typed/nativeThread.ts); no JS TypeScript inside.
  { entryPoints: ['core/src/typed/nativeThreadMain.ts'], outfile: 'dist/nativeThread.js', external: nativeTypeScript },
  // Checks store rows on worker threads (core/src/cli/storeRows.ts); no TypeScript, no store driver inside.
  { entryPoints: ['core/src/cli/storeWorker.ts'], outfile: 'dist/storeWorker.js', banner: { js: importMetaUrl }, ...withImportMetaUrl, external: storeDrivers },
  // The language server (`awaitly-lens-server --stdio`, runnable by any LSP client), loaded by dist/server.js below.
  // fdir (under tinyglobby) has an ESM build that reads import.meta.url; give it this file's URL in the CJS bundle.
  {
    entryPoints: ['server/src/main.ts'],
    outfile: 'dist/server-main.js',
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl' },
    external: nativeTypeScript,
  },
  // The server's typed worker (server/src/typed/typedWorker.ts): TypeScript 7's checker without the JS TypeScript, so
  // it starts at once; where it needs the JS API it requires dist/server-main.js (server/src/typed/loadJsAnswerer.ts).
  { entryPoints: ['server/src/typed/typedWorker.ts'], outfile: 'dist/typedWorker.js', plugins: [jsAnswererFromServer], external: nativeTypeScript },
  // dist/server.js: loads dist/server-main.js with V8's code cache (server/src/launch.ts).
  { entryPoints: ['server/src/launch.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  // The VS Code extension (the package root is the extension; `main` points here). vscode is the host's.
  { entryPoints: ['extension/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
];

await Promise.all(bundles.map((b) => build({ ...common, ...b })));
// Every bundle must be ASCII: node reads a file with one non-ASCII byte as a two-byte string, on the slow UTF-8 path
// (dist/server-main.js, 15.8 MB: ~310 ms instead of ~80, and twice the memory for V8 to scan). esbuild escapes
// strings, but keeps comments as written: a dependency's comment with an em dash (pg-protocol) was enough.
for (const { outfile } of bundles) {
  const text = await readFile(outfile, 'utf8');
  if (!/[^\x00-\x7f]/.test(text)) continue;
  const lines = text.split('\n').map((line, i) => {
    if (!/[^\x00-\x7f]/.test(line)) return line;
    if (!/^\s*\/\//.test(line)) throw new Error(`${outfile}:${i + 1}: non-ASCII text outside a // comment; escape it in the source`);
    return line.replace(/[^\x00-\x7f]/g, '?');
  });
  await writeFile(outfile, lines.join('\n'));
}
// contributes.jsonValidation points at this copy, so the .vsix carries the schema without core/; constraints
// taken out, since the language server reports each one (see extension/scripts/editor-schema.mjs).
await mkdir('dist', { recursive: true });
await writeFile('dist/snapshot.schema.json', `${JSON.stringify(editorSchema(JSON.parse(await readFile('core/schema/snapshot.schema.json', 'utf8'))), null, 2)}\n`);
// dist/server-main.js bundles @libsql/client but requires libsql's native binary at run time (`@libsql/<platform>`):
// a copy next to the bundle, so the installed extension (which has no node_modules) reads libSQL stores.
for (const pkg of ['linux-x64-gnu', 'linux-x64-musl']) {
  const from = `node_modules/@libsql/${pkg}`;
  try {
    await cp(from, `dist/node_modules/@libsql/${pkg}`, { recursive: true, filter: (f) => !f.endsWith('README.md') });
  } catch {
    // Not installed on this platform.
  }
}
