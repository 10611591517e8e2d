// check --fix and --fix-dry-run on a copy of the example workspace: the dry run prints the unified diff and writes
// nothing; --fix writes the same text and reports what is left; a file changed during the analysis is not touched.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeIfUnchanged } from '../../src/fixes';
import { REPO_ROOT, runInProcess } from './helpers';

const EXAMPLE = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');

function copyExample(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-fix-'));
  const ws = path.join(base, 'ws');
  fs.cpSync(EXAMPLE, ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}.cache`) });
  return ws;
}

const read = (ws: string) => Object.fromEntries(['checkout.ts', 'onboarding.ts', 'nightly-billing.ts', 'legacy-guide-form.ts'].map((f) => [f, fs.readFileSync(path.join(ws, 'src', f), 'utf8')]));

describe('cli: check --fix', function () {
  this.timeout(180_000);
  let ws: string;
  before(() => {
    ws = copyExample();
  });
  after(() => fs.rmSync(path.dirname(ws), { recursive: true, force: true }));

  it('--fix-dry-run prints a unified diff of every fix and writes nothing; exit 1', async () => {
    const before = read(ws);
    const r = await runInProcess(['check', 'src', '--fix-dry-run', '--no-cache'], { cwd: ws });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(read(ws), before);
    assert.match(r.stderr, /would fix 6 problems in 3 files; nothing written/);
    const files = [...r.stdout.matchAll(/^\+\+\+ b\/(.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(files, ['src/checkout.ts', 'src/nightly-billing.ts', 'src/onboarding.ts']);
    assert.match(r.stdout, /^-.*\{ key: 'notify-customer' \}/m);
    assert.match(r.stdout, /^\+.*\{ key: `notify-customer:\$\{invoice\.id\}` \}/m);
    assert.match(r.stdout, /^\+\s*\(\) => deps\.reserveStock\(cart\.items\),$/m);
    assert.match(r.stdout, /^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    // The same as --fix --dry-run.
    const same = await runInProcess(['check', 'src', '--fix', '--dry-run', '--no-cache'], { cwd: ws });
    assert.equal(same.stdout, r.stdout);
  });

  it('--fix writes the fixes, then reports only what has no fix', async () => {
    const dry = await runInProcess(['check', 'src', '--fix-dry-run', '--no-cache'], { cwd: ws });
    const r = await runInProcess(['check', 'src', '--fix', '--no-cache', '--format', 'json'], { cwd: ws });
    assert.match(r.stderr, /fixed 6 problems in 3 files\n/);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; file: string }> };
    const fixable = ['immediate-step-execution', 'unrestored-step', 'colliding-step-keys', 'loop-invariant-step-key', 'duplicate-step-id', 'unstable-step-key'];
    assert.deepEqual(report.diagnostics.filter((d) => fixable.includes(d.code)), []);
    assert.ok(report.diagnostics.some((d) => d.code === 'callable-workflow'), 'findings without a fix are still reported');
    const after = read(ws);
    assert.match(after['checkout.ts']!, /initialDelay: 100, key: 'quoteShipping' \}/);
    assert.match(after['onboarding.ts']!, /step\('sendEmail-2'/);
    // What was written is what the dry run showed: nothing left to fix.
    assert.ok(dry.stdout.length > 0);
    const again = await runInProcess(['check', 'src', '--fix-dry-run', '--no-cache'], { cwd: ws });
    assert.equal(again.stdout, '');
    assert.equal(again.code, 0, again.stderr);
    assert.ok(!fs.readdirSync(path.join(ws, 'src')).some((f) => f.includes('awaitly-lens-fix')), 'no temporary file left');
  });

  it('does not fix a file modified after the analysis started, and says so (exit 2)', async () => {
    const fresh = copyExample();
    try {
      const file = path.join(fresh, 'src', 'checkout.ts');
      const original = fs.readFileSync(file, 'utf8');
      const future = new Date(Date.now() + 60_000);
      fs.utimesSync(file, future, future);
      const r = await runInProcess(['check', 'src', '--fix', '--no-cache'], { cwd: fresh });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /src\/checkout\.ts: changed on disk during the analysis; not fixed/);
      assert.equal(fs.readFileSync(file, 'utf8'), original);
      assert.match(fs.readFileSync(path.join(fresh, 'src', 'onboarding.ts'), 'utf8'), /step\('sendEmail-2'/, 'the other files are fixed');
    } finally {
      fs.rmSync(path.dirname(fresh), { recursive: true, force: true });
    }
  });

  it('applies one of two overlapping fixes, lists the other as left for the next run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-fix-'));
    try {
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', noEmit: true }, include: ['src'] }));
      fs.mkdirSync(path.join(dir, 'src'));
      // Both findings on one key: it can equal the first step's id (colliding-step-keys) and holds Date.now() (unstable-step-key).
      fs.writeFileSync(path.join(dir, 'src', 'flow.ts'), [
        "import { ok } from 'awaitly';",
        "import { createWorkflow } from 'awaitly/workflow';",
        "const wf = createWorkflow('overlap', {});",
        'export const go = () => wf.run(async ({ step }) => {',
        "  await step('b:1', () => ok(1));",
        "  await step('a', () => ok(2), { key: `b:${Date.now()}` });",
        '});',
        '',
      ].join('\n'));
      const r = await runInProcess(['check', 'src', '--fix', '--no-cache'], { cwd: dir });
      assert.match(r.stderr, /fixed 1 problem in 1 file; 1 fix overlapping one applied now, left for the next run: src\/flow\.ts:6:\d+ unstable-step-key/);
      assert.match(fs.readFileSync(path.join(dir, 'src', 'flow.ts'), 'utf8'), /\{ key: `a` \}/);
      // The fix applied made the other one moot: the report has nothing left.
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /No problems/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writeIfUnchanged: never overwrites a file whose text is no longer the one fixed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-fix-'));
    try {
      const file = path.join(dir, 'a.ts');
      fs.writeFileSync(file, 'edited meanwhile\n');
      assert.match(writeIfUnchanged(file, 'original\n', 'fixed\n', 0o644)!, /changed on disk since it was read; not written/);
      assert.equal(fs.readFileSync(file, 'utf8'), 'edited meanwhile\n');
      assert.equal(writeIfUnchanged(file, 'edited meanwhile\n', 'fixed\n', 0o644), undefined);
      assert.equal(fs.readFileSync(file, 'utf8'), 'fixed\n');
      assert.deepEqual(fs.readdirSync(dir), ['a.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--dry-run alone is a usage error', async () => {
    const r = await runInProcess(['check', 'src', '--dry-run'], { cwd: EXAMPLE });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--dry-run goes with --fix/);
  });
});
