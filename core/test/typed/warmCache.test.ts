// The warm path of the check cache (typed/warmCache.ts): a run with nothing changed is answered without loading
// TypeScript; every change it cannot rule out (a file changed, added or removed, the tsconfig or a config it
// extends, the lock file) is a miss, and the TypeScript path decides.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { openSession } from '../../src/cli/analysisSession';
import { nativePackage, warmInputs, warmLookup } from '../../src/typed/warmCache';
import { CACHE_HIT } from '../../src/typed/report';
import { readEntry, sha, slotFile, STAMP_MARGIN_MS } from '../../src/typed/cacheFile';
import { cacheProject, REPO, write } from './cacheProject';

const TYPESCRIPT = /node_modules[\\/](typescript|typescript-native|ts-morph|@ts-morph)[\\/]/;
const slot = (root: string) => ({ tsconfig: path.join(root, 'tsconfig.json'), includeResultTypes: true, engine: 'default' });

function stampsOf(root: string): Record<string, string> {
  const entry = readEntry(slotFile(slot(root))!);
  return 'reason' in entry ? {} : entry.stamps ?? {};
}

/** A run through the TypeScript path (it writes or refreshes the entry); returns what the cache gave. */
function analyse(root: string): string {
  const s = openSession([root], { includeResultTypes: true, cache: true }, root);
  assert.ok(s.analysis, JSON.stringify(s.failures));
  return s.engine?.cache ?? '';
}

describe('check cache: the warm path without TypeScript', function () {
  this.timeout(300_000);
  let root: string;
  beforeEach(() => {
    root = cacheProject();
    analyse(root);
    assert.ok(warmLookup(slot(root)), 'a fresh entry is a warm hit');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const misses: Array<[string, (root: string) => void]> = [
    ['a changed source file', (r) => fs.appendFileSync(path.join(r, 'src/model.ts'), '\nexport type Extra = 1;\n')],
    ['an added source file the include matches', (r) => write(r, 'src/extra.ts', 'export const extra = 1;\n')],
    ['a removed source file', (r) => fs.rmSync(path.join(r, 'src/billing.ts'))],
    ['a changed file outside the include that a workflow imports', (r) => fs.appendFileSync(path.join(r, 'common/money.ts'), '\n')],
    ['a changed tsconfig.json', (r) => write(r, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], "compilerOptions": { "noImplicitAny": false } }\n`)],
    // Same compiler options, one file fewer in the program (still on disk, unchanged).
    ['a tsconfig "exclude" that drops a source file', (r) => write(r, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], "exclude": ["src/billing.ts"] }\n`)],
    ['a changed config it extends', (r) => write(r, 'tsconfig.base.json', JSON.stringify({ compilerOptions: { target: 'ES2020', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] } }))],
    ['a changed lock file', (r) => write(r, 'package-lock.json', JSON.stringify({ name: 'cache-project', lockfileVersion: 3, packages: { 'node_modules/x': { version: '1.0.0' } } }))],
    // A yarn or pnpm project: their lock files, and what an install writes into node_modules (npm's hidden lock file).
    ['a yarn.lock written', (r) => write(r, 'yarn.lock', '# yarn lockfile v1\n\nx@^1.0.0:\n  version "1.0.1"\n')],
    ['a pnpm-lock.yaml written', (r) => write(r, 'pnpm-lock.yaml', "lockfileVersion: '9.0'\n")],
    ['an install recorded in node_modules', (r) => write(r, 'node_modules/.package-lock.json', JSON.stringify({ name: 'cache-project', lockfileVersion: 3, packages: { 'node_modules/x': { version: '1.0.1' } } }))],
    ['a changed package.json ("type", "imports")', (r) => write(r, 'package.json', JSON.stringify({ name: 'cache-project', type: 'module' }))],
  ];
  for (const [what, change] of misses) {
    it(`${what} is a miss`, () => {
      change(root);
      assert.equal(warmLookup(slot(root)), undefined);
      // The TypeScript path, which decides after a warm miss, does not serve the old entry either.
      assert.notEqual(analyse(root), CACHE_HIT);
    });
  }

  it('a file added in the folder of an imported file outside the root is a miss (it may shadow an import)', () => {
    write(root, 'common/money.d.ts', 'export interface Money { cents: string }\n');
    assert.equal(warmLookup(slot(root)), undefined);
  });

  it('stat stamps: a file rewritten with the same size and its modification time set back is a miss; a touched file still a hit', async () => {
    // Stamps are recorded only for files left alone STAMP_MARGIN_MS (a write in the same clock tick could keep the times).
    const model = path.join(root, 'src/model.ts');
    await new Promise((resolve) => setTimeout(resolve, STAMP_MARGIN_MS + 200));
    fs.rmSync(path.join(root, 'node_modules/.cache'), { recursive: true, force: true });
    analyse(root);
    assert.ok(stampsOf(root)[model], 'stamped once left alone');
    // touch -r copies the times to the nanosecond (fs.utimesSync rounds them): only the change time still differs.
    const reference = path.join(root, 'times.ref');
    const copyTimes = (from: string, to: string) => assert.equal(spawnSync('touch', ['-r', from, to]).status, 0);
    fs.writeFileSync(reference, '');
    copyTimes(model, reference);
    const before = fs.statSync(model, { bigint: true });
    fs.writeFileSync(model, fs.readFileSync(model, 'utf8').replace('total: number', 'total: string'));
    copyTimes(reference, model);
    const after = fs.statSync(model, { bigint: true });
    assert.deepEqual([after.size, after.mtimeNs, after.ino], [before.size, before.mtimeNs, before.ino]);
    assert.equal(warmLookup(slot(root)), undefined);
    assert.notEqual(analyse(root), CACHE_HIT);
    fs.utimesSync(model, new Date(), new Date());
    assert.ok(warmLookup(slot(root)), 'touched, same content: the hash decides');
  });

  it('a changed file nobody includes or imports (a README, a snapshot) stays a hit', () => {
    write(root, 'README.md', '# notes\n');
    write(root, 'snapshots/run.json', '{}');
    assert.ok(warmLookup(slot(root)));
  });

  it('a source file the include does not match: a warm miss, the TypeScript path hits and refreshes the warm record', () => {
    write(root, 'scripts/tool.ts', 'export const tool = 1;\n');
    assert.equal(warmLookup(slot(root)), undefined);
    assert.equal(analyse(root), CACHE_HIT);
    assert.ok(warmLookup(slot(root)), 'the next run is warm again');
  });

  it('an include reaching outside the project folder cannot be decided here: no warm record, the TypeScript path still hits', () => {
    write(root, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts", "../elsewhere/**/*.ts"] }\n`);
    assert.equal(warmLookup(slot(root)), undefined);
    assert.equal(analyse(root), CACHE_HIT);
    assert.equal(warmLookup(slot(root)), undefined);
  });

  it('an include into node_modules or a dot folder (..b too) cannot be decided here; other names can', () => {
    const inputsFor = (include: string) => {
      write(root, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts", ${JSON.stringify(include)}] }\n`);
      return warmInputs(slot(root)) !== undefined;
    };
    try {
      for (const undecided of ['node_modules/x/*.ts', 'lib/node_modules/**/*.ts', '.generated/*.ts', 'lib/.cache/*.ts', '..b/*.ts', 'lib/..b/*.ts']) assert.equal(inputsFor(undecided), false, undecided);
      for (const decided of ['lib/*.ts', 'node_modules2/*.ts', 'lib/x.node_modules/*.ts', 'b..c/*.ts', 'lib/b./*.ts', 'lib/../lib/*.ts', './lib/*.ts']) assert.equal(inputsFor(decided), true, decided);
    } finally {
      write(root, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"] }\n`);
    }
  });

  it('paths (or baseUrl, rootDirs, typeRoots) reaching outside the project folder cannot be decided here; inside it can', () => {
    write(root, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], "compilerOptions": { "paths": { "@common/*": ["./vendor/*", "../elsewhere/*"] } } }\n`);
    analyse(root);
    assert.equal(warmLookup(slot(root)), undefined);
    write(root, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], "compilerOptions": { "paths": { "@common/*": ["./vendor/*", "./common/*"] }, "typeRoots": ["./node_modules/@types"] } }\n`);
    analyse(root);
    assert.ok(warmLookup(slot(root)));
  });

  it('other options (rules only, --engine js, --semantics) are other entries', () => {
    assert.equal(warmLookup({ ...slot(root), includeResultTypes: false }), undefined);
    assert.equal(warmLookup({ ...slot(root), engine: 'js' }), undefined);
    assert.equal(warmLookup({ ...slot(root), semantics: '4.x' }), undefined);
    const rules = openSession([root], { includeResultTypes: false, cache: true }, root);
    assert.equal(rules.engine?.cache, 'cache: no cache entry yet');
    assert.ok(warmLookup({ ...slot(root), includeResultTypes: false }), 'the rules-only entry is warm too');
    assert.ok(warmLookup(slot(root)), 'and the first one is still there');
  });

  it('the native compiler in the key is the package require finds (looked up without require.resolve)', () => {
    const found = createRequire(path.join(REPO, 'core/src/typed/warmCache.ts')).resolve('typescript-native/package.json');
    assert.equal(nativePackage(), sha(fs.readFileSync(found)));
  });

  it('a warm check (every format), plan and lock --check load no TypeScript module, and say what the cache gave', () => {
    write(root, 'snapshots/billing.json', JSON.stringify({ formatVersion: 1, workflowName: 'billing', steps: { 'invoice:7': { ok: true, value: { invoice: '7' } } }, execution: { status: 'running', lastUpdated: '2026-12-02T18:41:16.773Z' } }));
    const script = `
      const { runCli } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/run.ts'))});
      const out = [];
      const io = { cwd: ${JSON.stringify(root)}, stdout: (t) => out.push(t), stderr: (t) => out.push(t), readStdin: async () => '' };
      (async () => {
        const codes = [];
        for (const format of ['json', 'text', 'sarif', 'github']) codes.push(await runCli(['check', '.', '--format', format], io));
        codes.push(await runCli(['check', '.', '--lock', 'awaitly-lens.lock.json'], io));
        codes.push(await runCli(['plan', 'snapshots/billing.json'], io));
        codes.push(await runCli(['lock', '--check'], io));
        process.stdout.write(JSON.stringify({ codes, out, loaded: Object.keys(require.cache) }));
      })();`;
    // Warm every entry those runs use (check text is rules only: its own entry; the rest need result types).
    const cold = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(cold.status, 0, cold.stderr);
    assert.ok(spawnSync(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'core/src/cli/main.ts'), 'lock', root], { cwd: root, encoding: 'utf8' }).status === 0);
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const { codes, out, loaded } = JSON.parse(r.stdout) as { codes: number[]; out: string[]; loaded: string[] };
    assert.deepEqual(codes, [0, 0, 0, 0, 0, 0, 0], out.join('\n'));
    const json = JSON.parse(out[0]!) as { engine: { cache: string }; workflows: unknown[] };
    assert.equal(json.engine.cache, CACHE_HIT);
    assert.equal(json.workflows.length, 2);
    // (With the lock file present, text output needs result types too: the same entry as json.)
    assert.match(out[1]!, new RegExp(`^Applied .*; result types from TypeScript .*; ${CACHE_HIT}; 2 workflow`));
    assert.ok(out.some((t) => t.includes("Workflow 'billing'")), out.join('\n'));
    assert.ok(out.some((t) => t.includes('is up to date')), out.join('\n'));
    assert.deepEqual(loaded.filter((f) => TYPESCRIPT.test(f) || f.endsWith(path.join('cli', 'analyseProject.ts'))), []);
  });

  it('the bundled commands check, plan and lock include no TypeScript outside cli/typescriptBackend.ts (esbuild metafile)', async () => {
    const { build } = await import('esbuild');
    // esbuild.mjs maps the backend's require to dist/cli-analysis.js; the same rule here.
    const apart = { name: 'apart', setup(b: import('esbuild').PluginBuild) {
      b.onResolve({ filter: /^\.\/commands\/analysis$/ }, (a) => (a.importer.endsWith('typescriptBackend.ts') ? { path: './cli-analysis.js', external: true } : undefined));
    } };
    const result = await build({ entryPoints: ['core/src/cli/main.ts'], absWorkingDir: REPO, bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent', plugins: [apart],
      mainFields: ['module', 'main'], external: ['@libsql/client', 'pg-native'], define: { 'import.meta.url': '"file:///x"' } });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((f) => f.endsWith('commands/check.ts')) && inputs.some((f) => f.endsWith('typed/warmCache.ts')), 'check and the warm path are in the bundle');
    assert.deepEqual(inputs.filter((f) => TYPESCRIPT.test(f) || f.endsWith('cli/analyseProject.ts')), []);
  });
});
