// The built bin (dist/cli.js) as a child process: exit codes, stdin, stderr, and the worker-thread
// path (dist/validateWorker.js) giving byte-identical output to the in-process path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_BIN, REPO_ROOT, TempDir, ensureBuilt, readRealSnapshot, realSnapshot, runBin } from './helpers';

describe('cli: dist/cli.js', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  before(() => {
    ensureBuilt();
    assert.ok(fs.existsSync(CLI_BIN), 'dist/cli.js is built');
    assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist', 'validateWorker.js')), 'dist/validateWorker.js is built');
  });
  beforeEach(() => {
    tmp = new TempDir();
  });
  afterEach(() => tmp.remove());

  it('--version and --help exit 0', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(runBin(['--version'], { cwd: tmp.root }), { code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = runBin(['validate', '--help'], { cwd: tmp.root });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format <name>/);
  });

  it('exits 0, 1 and 2', () => {
    tmp.write('ok.json', readRealSnapshot('failed-err-result.json'));
    const bad = realSnapshot('failed-err-result.json');
    bad.steps.reserve.ok = 'true';
    tmp.write('bad.json', bad);

    const ok = runBin(['validate', 'ok.json'], { cwd: tmp.root });
    assert.deepEqual([ok.code, ok.stderr], [0, '']);
    const problems = runBin(['validate', 'ok.json', 'bad.json'], { cwd: tmp.root });
    assert.equal(problems.code, 1);
    assert.match(problems.stdout, /^bad\.json:\d+:\d+ {2}error {2}steps\["reserve"\]\.ok must be a boolean {2}invalid-step-ok$/m);
    const usage = runBin(['validate', '--format', 'yaml', 'ok.json'], { cwd: tmp.root });
    assert.deepEqual([usage.code, usage.stdout], [2, '']);
    const missing = runBin(['validate', 'nope/missing.json', 'bad.json'], { cwd: tmp.root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\/missing\.json: no such file or directory/);
    assert.match(missing.stdout, /invalid-step-ok/, 'the readable file is still checked');
  });

  it('reports bad usage of the analysis commands (their own bundle) as usage, not as an internal error', () => {
    for (const command of ['check', 'plan', 'lock']) {
      const r = runBin([command, '--bogus'], { cwd: tmp.root });
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.match(r.stderr, new RegExp(`Unknown option '--bogus'[^]*Run 'awaitly-lens ${command} --help' for usage\\.`));
    }
  });

  it('reads standard input for -', () => {
    const stdin = '{"formatVersion":1,"steps":{},"execution":{"status":"running","lastUpdated":"2026-11-24T13:49:31.264Z"}';
    const r = runBin(['validate', '-', '--format', 'json'], { cwd: tmp.root, stdin });
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as { diagnostics: { file: string; code: string; line: number; column: number; message: string }[] };
    // Truncated after the execution object: one error, at the end of the text.
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.code, d.line, d.column, d.message]),
      [['<stdin>', 'invalid-json', 1, stdin.length + 1, 'Invalid JSON: unexpected end of file: "}" expected (truncated?)']],
    );
  });

  it('gives identical output with worker threads and in-process (250 files)', () => {
    const variants: Record<string, unknown>[] = [];
    const base = realSnapshot('thrown-error-chain.json');
    variants.push(base);
    variants.push({ ...base, formatVersion: 2 });
    variants.push({ ...base, execution: { ...base.execution, lastUpdated: 'soon' } });
    variants.push({ name: 'not a snapshot' });
    for (let i = 0; i < 250; i++) {
      const v = variants[i % variants.length]!;
      tmp.write(`d${i % 7}/s${i}.json`, v);
    }
    tmp.write('d3/broken.json', '{"formatVersion": 1, "steps": {');
    for (const format of ['json', 'text', 'sarif']) {
      const inProcess = runBin(['validate', '.', '-f', format, '--jobs', '1'], { cwd: tmp.root });
      const auto = runBin(['validate', '.', '-f', format], { cwd: tmp.root });
      const twoWorkers = runBin(['validate', '.', '-f', format, '--jobs', '2'], { cwd: tmp.root });
      assert.equal(inProcess.code, 1);
      assert.equal(auto.stdout, inProcess.stdout, `${format}: auto vs in-process`);
      assert.equal(twoWorkers.stdout, inProcess.stdout, `${format}: 2 workers vs in-process`);
      assert.equal(twoWorkers.code, inProcess.code);
    }
    const text = runBin(['validate', '.', '--jobs', '3'], { cwd: tmp.root });
    // 250 files minus the 62 non-snapshots (every fourth), plus broken.json, which names formatVersion.
    assert.match(text.stdout, /\(189 files checked\)\n$/);
  });
});
