// `awaitly-lens validate`, run in-process: operands, walking, formats' content, exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkText } from '../../src/cli/checkFile';
import { readWalkedFile } from '../../src/cli/readWalkedFile';
import type { JsonReport } from '../../src/cli/reporters/json';
import type { SnapshotTextReport } from '../../src/snapshot/report';
import { TOOL_VERSION } from '../../src/cli/version';
import { REPO_ROOT, TempDir, readRealSnapshot, realSnapshot, realSnapshotsDir, runInProcess } from './helpers';

const asJson = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

describe('cli: global usage', () => {
  it('prints help listing the validate command, exit 0', async () => {
    const r = await runInProcess(['--help'], { cwd: process.cwd() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: awaitly-lens <command>/);
    assert.match(r.stdout, /^ {2}validate {2}/m);
  });

  it('prints the package version', async () => {
    const r = await runInProcess(['--version'], { cwd: process.cwd() });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${TOOL_VERSION}\n`);
    assert.match(TOOL_VERSION, /^\d+\.\d+\.\d+/);
  });

  it('prints the help of a command with --help, even next to bad options', async () => {
    const r = await runInProcess(['validate', '--format', 'bogus', '--help'], { cwd: process.cwd() });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: awaitly-lens validate/);
    assert.match(r.stdout, /--max-warnings/);
  });

  const usageCases: [string, string[], RegExp][] = [
    ['no arguments', [], /Usage: awaitly-lens/],
    ['an unknown command', ['lint', 'x.json'], /unknown command 'lint'/],
    ['an option before the command', ['--format', 'json'], /unknown option '--format'/],
    ['no operands', ['validate'], /no files given/],
    ['an unknown format', ['validate', '-f', 'xml', 'x.json'], /unknown format 'xml'.*text, json, sarif, github/],
    ['a negative --max-warnings', ['validate', '--max-warnings', '-1', 'x.json'], /--max-warnings/],
    ['a non-numeric --max-warnings', ['validate', '--max-warnings', 'many', 'x.json'], /--max-warnings expects a non-negative integer/],
    ['an unknown option', ['validate', '--fix', 'x.json'], /Unknown option '--fix'/],
    ['--jobs 0', ['validate', '--jobs', '0', 'x.json'], /--jobs must be at least 1/],
  ];
  for (const [name, argv, message] of usageCases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await runInProcess(argv, { cwd: process.cwd() });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }
});

describe('cli: validate', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = new TempDir();
  });
  afterEach(() => tmp.remove());

  for (const line of ['1.35', '4.x'] as const) {
    it(`exits 0 on every real snapshot and resume state awaitly ${line} wrote (infos only)`, async () => {
      const names = fs.readdirSync(realSnapshotsDir(line)).filter((n) => n.endsWith('.json') && n !== 'manifest.json');
      assert.ok(names.length >= 16, `${names.length} fixtures`);
      for (const name of names) tmp.write(name, readRealSnapshot(name, line));
      const r = await runInProcess(['validate', '.', '-f', 'json'], { cwd: tmp.root });
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      // completed-last-checkpoint.json: sendEmail returned ok(undefined), so its entry has no value (one info).
      assert.deepEqual(
        asJson(r.stdout).diagnostics.map((d) => [d.file, d.severity, d.code]),
        [['completed-last-checkpoint.json', 'info', 'missing-step-value']],
      );
      const text = await runInProcess(['validate', '.'], { cwd: tmp.root });
      assert.match(text.stdout, new RegExp(`\\(${names.length} files checked\\)\\n$`));
    });
  }

  it('exits 1 on an error, with path:line:col  severity  message  code lines and a summary', async () => {
    const snap = realSnapshot('running-first-checkpoint.json');
    snap.formatVersion = 2;
    const text = JSON.stringify(snap, null, 2);
    tmp.write('bad.json', text);
    const r = await runInProcess(['validate', 'bad.json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    const valueAt = text.indexOf('"formatVersion": 2') + '"formatVersion": '.length;
    const line = text.slice(0, valueAt).split('\n').length;
    const column = valueAt - text.lastIndexOf('\n', valueAt - 1);
    assert.equal(
      r.stdout,
      `bad.json:${line}:${column}  error  Invalid formatVersion: expected 1, got 2  invalid-format-version\n\n` +
        '1 problem (1 error, 0 warnings, 0 infos) in 1 file (1 file checked)\n',
    );
  });

  it('reports json with 1-based positions, JSON Pointers and cwd-relative / paths', async () => {
    const snap = realSnapshot('failed-err-result.json');
    delete snap.steps.charge.cause;
    const text = JSON.stringify(snap, null, 2);
    tmp.write('nested/dir/no-cause.json', text);
    const r = await runInProcess(['validate', 'nested', '--format', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    const report = asJson(r.stdout);
    assert.equal(report.version, 1);
    const d = report.diagnostics.find((x) => x.code === 'missing-required-field');
    assert.ok(d, r.stdout);
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'jsonPath', 'line', 'message', 'severity']);
    assert.equal(d.file, 'nested/dir/no-cause.json');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'steps["charge"] is error result but missing cause field');
    assert.equal(d.jsonPath, '/steps/charge');
    // The diagnostic sits on the "charge" entry: its line holds the key.
    const lines = text.split('\n');
    assert.match(lines[d.line - 1]!, /"charge"/);
    assert.ok(d.column >= 1 && d.endLine >= d.line);
  });

  it('names a missing file on stderr, still checks the others, and exits 2', async () => {
    tmp.write('good.json', readRealSnapshot('running-first-checkpoint.json'));
    const bad = realSnapshot('running-first-checkpoint.json');
    bad.execution.status = 'paused';
    tmp.write('bad.json', bad);
    const r = await runInProcess(['validate', 'good.json', 'missing.json', 'bad.json', '-f', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /awaitly-lens: missing\.json: no such file or directory/);
    const report = asJson(r.stdout);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.code]),
      [['bad.json', 'invalid-status']],
    );
  });

  it('walks directories for snapshot-looking *.json only, skipping node_modules and dot-folders', async () => {
    const invalid = realSnapshot('running-first-checkpoint.json');
    invalid.execution = null;
    tmp.write('snapshots/ok.json', readRealSnapshot('thrown-error-chain.json'));
    tmp.write('snapshots/invalid.json', invalid);
    tmp.write('snapshots/state.json', readRealSnapshot('resume-state-failure.json'));
    tmp.write('package.json', { name: 'app', version: '1.0.0' });
    tmp.write('tsconfig.json', { compilerOptions: { strict: true } });
    tmp.write('snapshots/list.json', [1, 2, 3]);
    tmp.write('notes.txt', '{"formatVersion": 3}');
    tmp.write('node_modules/pkg/snap.json', invalid);
    tmp.write('.cache/snap.json', invalid);
    tmp.write('deep/er/truncated.json', readRealSnapshot('running-first-checkpoint.json').slice(0, 120));
    tmp.write('deep/broken-config.json', '{ "compilerOptions": { ');

    const r = await runInProcess(['validate', '.', '--format', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    const files = [...new Set(asJson(r.stdout).diagnostics.map((d) => d.file))];
    assert.deepEqual(files, ['deep/er/truncated.json', 'snapshots/invalid.json']);
    assert.ok(asJson(r.stdout).diagnostics.some((d) => d.file === 'deep/er/truncated.json' && d.code === 'invalid-json'));

    const text = await runInProcess(['validate', '.'], { cwd: tmp.root });
    assert.match(text.stdout, /\(4 files checked\)\n$/);
  });

  it('reads a walked file whole at any size: empty, under, at and over its 64 KiB block, a character across the edge', () => {
    const block = 64 * 1024;
    // 'é' is two bytes in UTF-8: placed so that it straddles the block's last byte.
    const cases = ['', '{}', 'x'.repeat(block - 1) + 'y', 'x'.repeat(block), 'x'.repeat(block - 1) + 'é' + 'z'.repeat(10), 'ü'.repeat(block)];
    cases.forEach((text, i) => {
      tmp.write(`sizes/f${i}.json`, text);
      assert.equal(readWalkedFile(path.join(tmp.root, `sizes/f${i}.json`)), text, `case ${i} (${Buffer.byteLength(text)} bytes)`);
    });
    assert.throws(() => readWalkedFile(path.join(tmp.root, 'sizes/missing.json')), /ENOENT/);
  });

  it('reports a file named explicitly even when it is not a snapshot (not-a-snapshot)', async () => {
    tmp.write('package.json', { name: 'app', version: '1.0.0' });
    const r = await runInProcess(['validate', 'package.json', '-f', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    assert.deepEqual(
      asJson(r.stdout).diagnostics.map((d) => [d.file, d.code, d.severity, d.line, d.column]),
      [['package.json', 'not-a-snapshot', 'error', 1, 1]],
    );
  });

  it('counts a file once when it is both named and inside a walked folder', async () => {
    const bad = realSnapshot('running-first-checkpoint.json');
    bad.formatVersion = '1';
    tmp.write('s/bad.json', bad);
    const r = await runInProcess(['validate', 's', 's/bad.json', './s/', '-f', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    assert.equal(asJson(r.stdout).diagnostics.length, 1);
  });

  it('reads - from standard input and reports it as <stdin>', async () => {
    const snap = realSnapshot('running-first-checkpoint.json');
    delete snap.execution.lastUpdated;
    const r = await runInProcess(['validate', '-', '-f', 'json'], { cwd: tmp.root, stdin: JSON.stringify(snap) });
    assert.equal(r.code, 1);
    assert.deepEqual(
      asJson(r.stdout).diagnostics.map((d) => [d.file, d.code, d.line]),
      [['<stdin>', 'missing-required-field', 1]],
    );
    const ok = await runInProcess(['validate', '-'], { cwd: tmp.root, stdin: readRealSnapshot('resume-state-failure.json') });
    assert.equal(ok.code, 0);
    assert.equal(ok.stdout, 'No problems (1 file checked)\n');
  });

  it('applies --max-warnings to warnings only (infos never count)', async () => {
    const snap = realSnapshot('running-first-checkpoint.json');
    snap.execution.lastUpdated = 'yesterday';
    snap.execution.currentStepId = 'gone';
    tmp.write('warned.json', snap);
    tmp.write('info.json', readRealSnapshot('completed-last-checkpoint.json')); // sendEmail has no value: one info

    const plain = await runInProcess(['validate', '.', '-f', 'json'], { cwd: tmp.root });
    assert.equal(plain.code, 0);
    const severities = asJson(plain.stdout).diagnostics.map((d) => d.severity).sort();
    assert.deepEqual(severities, ['info', 'warning', 'warning']);

    assert.equal((await runInProcess(['validate', '.', '--max-warnings', '2'], { cwd: tmp.root })).code, 0);
    const over = await runInProcess(['validate', '.', '--max-warnings', '1'], { cwd: tmp.root });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings \(2; maximum: 1\)/);
    assert.equal((await runInProcess(['validate', 'info.json', '--max-warnings', '0'], { cwd: tmp.root })).code, 0);
  });

  it('sorts output by path whatever the operand order, and repeats it exactly', async () => {
    const bad = realSnapshot('running-first-checkpoint.json');
    bad.steps = 'nope';
    for (const name of ['b.json', 'a.json', 'c/a.json', 'B.json']) tmp.write(name, bad);
    const first = await runInProcess(['validate', 'c', 'b.json', 'a.json', 'B.json', '-f', 'json'], { cwd: tmp.root });
    const files = asJson(first.stdout).diagnostics.map((d) => d.file);
    assert.deepEqual(files, ['B.json', 'a.json', 'b.json', 'c/a.json']);
    const second = await runInProcess(['validate', 'a.json', 'B.json', 'b.json', 'c', '-f', 'json'], { cwd: tmp.root });
    assert.equal(second.stdout, first.stdout);
  });

  it('reports paths outside the working directory relative to it', async () => {
    tmp.write('outside.json', { formatVersion: 1 });
    fs.mkdirSync(path.join(tmp.root, 'work'));
    const r = await runInProcess(['validate', '../outside.json', '-f', 'json'], { cwd: path.join(tmp.root, 'work') });
    assert.equal(r.code, 1);
    assert.ok(asJson(r.stdout).diagnostics.every((d) => d.file === '../outside.json'));
  });

  it('reports broken JSON (BOM, comments, trailing comma, truncation) as invalid-json', async () => {
    const text = readRealSnapshot('running-first-checkpoint.json');
    tmp.write('bom.json', '\uFEFF' + text);
    tmp.write('comment.json', text.replace('{', '{ // saved by hand\n'));
    tmp.write('comma.json', text.replace(/}\s*$/, ',}'));
    tmp.write('truncated.json', text.slice(0, text.length / 2));
    const r = await runInProcess(['validate', '.', '-f', 'json'], { cwd: tmp.root });
    assert.equal(r.code, 1);
    const byFile = new Map<string, string[]>();
    for (const d of asJson(r.stdout).diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.code]);
    assert.deepEqual([...byFile.keys()], ['bom.json', 'comma.json', 'comment.json', 'truncated.json']);
    for (const codes of byFile.values()) assert.ok(codes.includes('invalid-json'), codes.join());
  });

  it('never writes a half report: an analyser exception becomes a named failure', () => {
    const file = { path: '/x/boom.json', display: 'boom.json', explicit: true };
    const outcome = checkText('{}', file, () => {
      throw new Error('kaboom');
    });
    assert.deepEqual(outcome, { status: 'failed', message: 'internal error while checking: kaboom' });
  });

  it('adds not-a-snapshot itself when the analyser reports an explicit non-snapshot without an error', () => {
    // A tiny fake report: whatever the core decides to emit, a named non-snapshot must not pass.
    const fake: SnapshotTextReport = { kind: 'other', looksLikeSnapshot: false, verdict: { valid: true, errors: [] }, diagnostics: [] };
    const explicit = checkText('\n  {"a": 1}\n', { path: '/x/a.json', display: 'a.json', explicit: true }, () => fake);
    assert.equal(explicit.status, 'checked');
    if (explicit.status !== 'checked') return;
    assert.deepEqual(
      explicit.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.column, d.range.end.column, d.jsonPath]),
      [['not-a-snapshot', 'error', 2, 3, 11, '']],
    );
    const walked = checkText('{"a": 1}', { path: '/x/a.json', display: 'a.json', explicit: false }, () => fake);
    assert.deepEqual(walked, { status: 'skipped' });
  });
});

// validate is the fast, snapshot-only command: it must not load TypeScript (ts-morph's copy is ~13 MB bundled and
// seconds of start-up). The analysis commands live in their own bundle; anything validate imports stays TS-free.
describe('cli: validate loads no TypeScript', function () {
  this.timeout(120_000);
  const TYPESCRIPT = /node_modules[\\/](typescript|typescript-native|ts-morph|@ts-morph)[\\/]/;

  it('validate <file> and validate --store (from the sources) never require typescript or @ts-morph/common', () => {
    const script = `
      const { runCli } = require(${JSON.stringify(path.join(REPO_ROOT, 'core/src/cli/run.ts'))});
      const io = { cwd: ${JSON.stringify(REPO_ROOT)}, stdout: () => {}, stderr: () => {}, readStdin: async () => '' };
      (async () => {
        const codes = [];
        codes.push(await runCli(['validate', 'test-fixtures/snapshots/failed-err-result.json'], io));
        codes.push(await runCli(['validate', '--store', 'mongodb-export:test-fixtures/stores/mongo-relaxed.jsonl'], io));
        process.stdout.write(JSON.stringify({ codes, loaded: Object.keys(require.cache) }));
      })();`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const { codes, loaded } = JSON.parse(r.stdout) as { codes: number[]; loaded: string[] };
    assert.deepEqual(codes.map((c) => c <= 1), [true, true], `both runs completed (exit codes ${codes.join(', ')})`);
    assert.ok(loaded.some((f) => f.endsWith(path.join('cli', 'commands', 'store.ts'))), 'the store path was really taken');
    assert.deepEqual(loaded.filter((f) => TYPESCRIPT.test(f)), []);
  });

  it('the bundles validate runs (dist/cli.js, dist/storeWorker.js) include no TypeScript (esbuild metafile)', async () => {
    const { build } = await import('esbuild');
    for (const entry of ['core/src/cli/commands/validate.ts', 'core/src/cli/storeWorker.ts']) {
      const result = await build({ entryPoints: [entry], absWorkingDir: REPO_ROOT, bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent',
        mainFields: ['module', 'main'], external: ['@libsql/client', 'pg-native'], define: { 'import.meta.url': '"file:///x"' } });
      const inputs = result.metafile.inputs;
      const importer = new Map<string, string>();
      for (const [file, input] of Object.entries(inputs)) for (const i of input.imports) if (!importer.has(i.path)) importer.set(i.path, file);
      const ts = Object.keys(inputs).find((f) => TYPESCRIPT.test(f));
      const chain: string[] = [];
      for (let f = ts; f !== undefined && chain.length < 40; f = importer.get(f)) chain.push(f);
      assert.equal(ts, undefined, `${entry} bundles TypeScript through ${chain.join(' ← ')}`);
    }
  });
});
