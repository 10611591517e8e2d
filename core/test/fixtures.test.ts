// Checks the real fixtures written by test-fixtures/generate.mjs against awaitly itself,
// and that the example workspace type-checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateSnapshot, looksLikeWorkflowSnapshot } from 'awaitly/persistence';
import { deserializeResumeState, isSerializedResumeState } from 'awaitly/workflow';

const repoRoot = resolve(__dirname, '..', '..');
const fixturesDir = join(repoRoot, 'test-fixtures');
const snapshotsDir = join(fixturesDir, 'snapshots');
const workspaceDir = join(fixturesDir, 'example-workspace');
const workspaceSnapshotsDir = join(workspaceDir, 'snapshots');

interface ManifestEntry {
  file: string;
  kind: 'WorkflowSnapshot' | 'SerializedResumeState' | 'other';
  derived: boolean;
  description: string;
  source: Record<string, unknown>;
  awaitly: {
    validateSnapshot?: { valid: boolean; errors?: string[] };
    looksLikeWorkflowSnapshot?: boolean;
    isSerializedResumeState?: boolean;
    deserializeResumeState?: { accepted: boolean; steps?: number };
  };
}

interface Manifest {
  awaitlyVersion: string;
  files: ManifestEntry[];
  exampleWorkspace: { dir: string; files: ManifestEntry[] };
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const manifest = readJson(join(snapshotsDir, 'manifest.json')) as Manifest;

describe('test fixtures (real awaitly output)', () => {
  describe('manifest', () => {
    it('lists every file in test-fixtures/snapshots and nothing more', () => {
      const onDisk = readdirSync(snapshotsDir).filter((name) => name !== 'manifest.json').sort();
      const listed = manifest.files.map((e) => e.file).sort();
      assert.deepEqual(listed, onDisk);
      assert.equal(new Set(listed).size, listed.length, 'no file is listed twice');
    });

    it('lists every file in example-workspace/snapshots and nothing more', () => {
      const onDisk = readdirSync(workspaceSnapshotsDir).sort();
      const listed = manifest.exampleWorkspace.files.map((e) => e.file).sort();
      assert.deepEqual(listed, onDisk);
      assert.equal(manifest.exampleWorkspace.dir, 'test-fixtures/example-workspace/snapshots');
    });

    it('gives every entry a one-line description and a verdict from awaitly', () => {
      assert.equal(manifest.awaitlyVersion, '1.35.0');
      for (const e of [...manifest.files, ...manifest.exampleWorkspace.files]) {
        assert.ok(e.description.length > 0 && !e.description.includes('\n'), `${e.file}: description`);
        const hasVerdict = e.kind === 'SerializedResumeState' ? e.awaitly.deserializeResumeState !== undefined : e.awaitly.validateSnapshot !== undefined;
        assert.ok(hasVerdict, `${e.file}: awaitly verdict`);
      }
    });

    it('has only real (non-derived) files in test-fixtures/snapshots', () => {
      assert.deepEqual(
        manifest.files.filter((e) => e.derived).map((e) => e.file),
        [],
      );
    });
  });

  describe('test-fixtures/snapshots', () => {
    const snapshots = manifest.files.filter((e) => e.kind === 'WorkflowSnapshot');
    const resumeStates = manifest.files.filter((e) => e.kind === 'SerializedResumeState');

    it('has snapshots and resume states', () => {
      assert.ok(snapshots.length >= 10, `snapshots: ${snapshots.length}`);
      assert.equal(resumeStates.length, 2);
    });

    for (const e of snapshots) {
      it(`${e.file}: validateSnapshot agrees with the manifest (valid=${e.awaitly.validateSnapshot?.valid})`, () => {
        const parsed = readJson(join(snapshotsDir, e.file));
        const result = validateSnapshot(parsed);
        assert.equal(result.valid, e.awaitly.validateSnapshot?.valid, JSON.stringify(result));
        if (e.awaitly.validateSnapshot?.valid) assert.equal(result.valid, true, JSON.stringify(result));
        assert.equal(looksLikeWorkflowSnapshot(parsed), e.awaitly.looksLikeWorkflowSnapshot);
      });
    }

    for (const e of resumeStates) {
      it(`${e.file}: deserializeResumeState accepts it`, () => {
        const parsed = readJson(join(snapshotsDir, e.file));
        assert.equal(e.awaitly.deserializeResumeState?.accepted, true);
        assert.ok(isSerializedResumeState(parsed), 'isSerializedResumeState');
        const state = deserializeResumeState(parsed);
        assert.ok(state.steps instanceof Map);
        assert.equal(state.steps.size, parsed.steps.length);
        assert.equal(state.steps.size, e.awaitly.deserializeResumeState?.steps);
        for (const [key, entry] of state.steps) {
          assert.equal(typeof key, 'string');
          assert.equal(typeof entry.result.ok, 'boolean');
        }
      });
    }

    it('keeps the shapes the fixture names promise', () => {
      const load = (file: string) => readJson(join(snapshotsDir, file)) as { steps: Record<string, any>; execution: any; metadata?: any };
      assert.equal(Object.keys(load('many-steps-60.json').steps).length, 60);
      assert.deepEqual(Object.keys(load('bound-dep-steps.json').steps), ['getUser', 'getUser#2', 'getUser#3']);
      assert.equal(load('thrown-error-chain.json').steps.db.cause.cause.name, 'TypeError');
      assert.equal(load('failed-err-result.json').steps.charge.cause.type, 'thrown');
      assert.equal(load('failed-err-with-cause.json').steps['row:7'].cause.name, 'RangeError');
      assert.equal(load('idempotency-record.json').execution.status, 'completed');
      assert.deepEqual(Object.keys(load('keyless-retry-recorded.json').steps), ['fetchQuote', 'reserve']);
      assert.equal(load('metadata-resumed-merged.json').metadata.resumedBy, 'worker-2');
    });
  });

  describe('test-fixtures/example-workspace', () => {
    for (const e of manifest.exampleWorkspace.files) {
      it(`snapshots/${e.file}: validateSnapshot agrees with the manifest (valid=${e.awaitly.validateSnapshot?.valid})`, () => {
        const parsed = readJson(join(workspaceSnapshotsDir, e.file));
        const result = validateSnapshot(parsed);
        assert.equal(result.valid, e.awaitly.validateSnapshot?.valid, JSON.stringify(result));
        assert.equal(looksLikeWorkflowSnapshot(parsed), e.awaitly.looksLikeWorkflowSnapshot);
      });
    }

    it('has the derived problem files awaitly treats as documented', () => {
      const byFile = new Map(manifest.exampleWorkspace.files.map((e) => [e.file, e]));
      const missingCause = validateSnapshot(readJson(join(workspaceSnapshotsDir, 'checkout-missing-cause.json')));
      assert.equal(missingCause.valid, false);
      if (!missingCause.valid) {
        assert.deepEqual(missingCause.errors, ['steps["payment:cart-1001"] is error result but missing cause field']);
      }
      const dupText = readFileSync(join(workspaceSnapshotsDir, 'checkout-duplicate-step-key.json'), 'utf8');
      assert.equal(dupText.match(/^ {4}"payment:cart-1001": \{$/gm)?.length, 2, 'duplicated key appears twice in the text');
      const renamed = readJson(join(workspaceSnapshotsDir, 'checkout-renamed-step.json')) as { steps: Record<string, unknown> };
      assert.ok('reserveInventory' in renamed.steps && !('reserveStock' in renamed.steps));
      assert.equal(looksLikeWorkflowSnapshot(readJson(join(workspaceSnapshotsDir, 'notes.json'))), false);
      for (const file of ['checkout-missing-cause.json', 'checkout-duplicate-step-key.json', 'checkout-renamed-step.json']) {
        assert.equal(byFile.get(file)?.derived, true, file);
      }
    });

    it('marks each deliberate problem once, right above a step call', () => {
      const srcDir = join(workspaceDir, 'src');
      const found: string[] = [];
      for (const name of readdirSync(srcDir)) {
        const lines = readFileSync(join(srcDir, name), 'utf8').split('\n');
        lines.forEach((line, i) => {
          const m = /^\s*\/\/ DELIBERATE: ([a-z-]+)\s*$/.exec(line);
          if (!m) return;
          found.push(m[1]!);
          assert.match(lines[i + 1] ?? '', /\bstep(\.retry)?\(/, `${name}:${i + 2} should be a step call`);
        });
      }
      assert.deepEqual(found.sort(), [
        'colliding-step-keys',
        'duplicate-step-id',
        'immediate-step-execution',
        'loop-invariant-step-key',
        'unrestored-step',
        'unstable-step-key',
      ]);
    });

    it('keeps the guide-form file out of type-checking', () => {
      const text = readFileSync(join(workspaceDir, 'src', 'legacy-guide-form.ts'), 'utf8');
      assert.ok(text.startsWith('// @ts-nocheck\n'));
      assert.match(text, /await workflow\(async \(step, deps\) =>/);
      assert.match(text, /workflow\.getSnapshot\(\)/);
    });

    it('type-checks with tsc -p test-fixtures/example-workspace --noEmit', () => {
      const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      const run = spawnSync(process.execPath, [tsc, '-p', 'test-fixtures/example-workspace', '--noEmit'], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
    });
  });
});
