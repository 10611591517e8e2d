// Checks the real fixtures written by test-fixtures/generate.mjs against awaitly itself (both lines: 1.35.0 and
// 4.5.1 re-judge every file), and that the example workspace type-checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as persistence135 from 'awaitly/persistence';
import * as workflow135 from 'awaitly/workflow';
import * as awaitly4 from 'awaitly-4';

const repoRoot = resolve(__dirname, '..', '..');
const fixturesDir = join(repoRoot, 'test-fixtures');
const workspaceDir = join(fixturesDir, 'example-workspace');
const workspaceSnapshotsDir = join(workspaceDir, 'snapshots');

interface Verdict {
  validateSnapshot?: { valid: boolean; errors?: string[] };
  looksLikeWorkflowSnapshot?: boolean;
  isSerializedResumeState?: boolean;
  deserializeResumeState?: { accepted: boolean; steps?: number };
}

interface ManifestEntry {
  file: string;
  kind: 'WorkflowSnapshot' | 'SerializedResumeState' | 'other';
  derived: boolean;
  description: string;
  source: Record<string, unknown>;
  /** Keyed by awaitly version. */
  awaitly: Record<string, Verdict>;
}

interface Manifest {
  awaitlyVersion: string;
  files: ManifestEntry[];
  exampleWorkspace?: { dir: string; files: ManifestEntry[] };
}

/** Each awaitly line's own validators, run here again on the files as they are on disk. */
const judges = [
  {
    version: '1.35.0',
    validateSnapshot: persistence135.validateSnapshot,
    looksLikeWorkflowSnapshot: persistence135.looksLikeWorkflowSnapshot,
    isSerializedResumeState: workflow135.isSerializedResumeState,
    deserializeResumeState: workflow135.deserializeResumeState,
  },
  {
    version: '4.5.1',
    validateSnapshot: awaitly4.validateSnapshot,
    looksLikeWorkflowSnapshot: awaitly4.looksLikeWorkflowSnapshot,
    isSerializedResumeState: awaitly4.isSerializedResumeState,
    deserializeResumeState: awaitly4.deserializeResumeState,
  },
] as const;

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));
const folders = [
  { line: '1.35.0', dir: join(fixturesDir, 'snapshots') },
  { line: '4.5.1', dir: join(fixturesDir, 'snapshots-4x') },
].map((f) => ({ ...f, manifest: readJson(join(f.dir, 'manifest.json')) as Manifest }));
const manifest4 = folders[1]!.manifest;
const workspaceFiles = manifest4.exampleWorkspace?.files ?? [];

/** The manifest's verdicts are what both lines' validators say now. */
function checkVerdicts(e: ManifestEntry, parsed: any): void {
  assert.deepEqual(Object.keys(e.awaitly).sort(), ['1.35.0', '4.5.1'], `${e.file}: a verdict per line`);
  for (const judge of judges) {
    const recorded = e.awaitly[judge.version]!;
    if (e.kind === 'SerializedResumeState') {
      assert.equal(recorded.deserializeResumeState?.accepted, true, `${e.file} (${judge.version})`);
      assert.ok(judge.isSerializedResumeState(parsed), `isSerializedResumeState (${judge.version})`);
      const state = judge.deserializeResumeState(parsed);
      assert.ok(state.steps instanceof Map);
      assert.equal(state.steps.size, parsed.steps.length);
      assert.equal(state.steps.size, recorded.deserializeResumeState?.steps);
      for (const [key, entry] of state.steps) {
        assert.equal(typeof key, 'string');
        assert.equal(typeof entry.result.ok, 'boolean');
      }
    } else {
      const result = judge.validateSnapshot(parsed);
      assert.equal(result.valid, recorded.validateSnapshot?.valid, `${e.file} (${judge.version}): ${JSON.stringify(result)}`);
      if (!result.valid) assert.deepEqual(result.errors, recorded.validateSnapshot?.errors);
      assert.equal(judge.looksLikeWorkflowSnapshot(parsed), recorded.looksLikeWorkflowSnapshot, `${e.file} (${judge.version})`);
    }
  }
}

describe('test fixtures (real awaitly output)', () => {
  for (const { line, dir, manifest } of folders) {
    const folder = `test-fixtures/${dir.split('/').pop()}`;
    describe(`${folder} (awaitly ${line})`, () => {
      it('lists every file in the folder and nothing more, with a description each, all real', () => {
        assert.equal(manifest.awaitlyVersion, line);
        const onDisk = readdirSync(dir).filter((name) => name !== 'manifest.json').sort();
        const listed = manifest.files.map((e) => e.file).sort();
        assert.deepEqual(listed, onDisk);
        assert.equal(new Set(listed).size, listed.length, 'no file is listed twice');
        for (const e of manifest.files) assert.ok(e.description.length > 0 && !e.description.includes('\n'), `${e.file}: description`);
        assert.deepEqual(manifest.files.filter((e) => e.derived).map((e) => e.file), []);
      });

      it('has the same cases as the other line', () => {
        assert.deepEqual(manifest.files.map((e) => e.file), folders[0]!.manifest.files.map((e) => e.file));
        assert.ok(manifest.files.filter((e) => e.kind === 'WorkflowSnapshot').length >= 14);
        assert.equal(manifest.files.filter((e) => e.kind === 'SerializedResumeState').length, 2);
      });

      for (const e of manifest.files) {
        it(`${e.file}: both lines' validators agree with the manifest`, () => checkVerdicts(e, readJson(join(dir, e.file))));
      }

      it('keeps the shapes the fixture names promise', () => {
        const load = (file: string) => readJson(join(dir, file)) as { steps: Record<string, any>; execution: any; metadata?: any };
        assert.equal(Object.keys(load('many-steps-60.json').steps).length, 60);
        assert.deepEqual(Object.keys(load('bound-dep-steps.json').steps), ['getUser', 'getUser#2', 'getUser#3']);
        assert.equal(load('thrown-error-chain.json').steps.db.cause.cause.name, 'TypeError');
        assert.equal(load('failed-err-result.json').steps.charge.cause.type, 'thrown');
        assert.equal(load('failed-err-with-cause.json').steps['row:7'].cause.name, 'RangeError');
        assert.equal(load('idempotency-record.json').execution.status, 'completed');
        assert.deepEqual(Object.keys(load('keyless-retry-recorded.json').steps), ['fetchQuote', 'reserve']);
        assert.equal(load('metadata-resumed-merged.json').metadata.resumedBy, 'worker-2');
        // 4.x durable checkpoints carry the shape guard's data (stepOrder, stepArgs: fingerprints for bound steps only).
        const bound = load('bound-dep-steps.json').metadata;
        if (line === '1.35.0') assert.ok(!('stepOrder' in bound) && !('stepArgs' in bound));
        else {
          assert.deepEqual(bound.stepOrder, ['getUser', 'getUser#2', 'getUser#3']);
          assert.ok(bound.stepArgs.length === 3 && bound.stepArgs.every((a: unknown) => typeof a === 'string'), JSON.stringify(bound.stepArgs));
          assert.deepEqual(load('keyless-retry-recorded.json').metadata.stepArgs, [null, null]);
        }
      });
    });
  }

  describe('test-fixtures/example-workspace', () => {
    it('lists every file in example-workspace/snapshots (in the 4.5.1 manifest) and nothing more', () => {
      assert.equal(manifest4.exampleWorkspace?.dir, 'test-fixtures/example-workspace/snapshots');
      assert.deepEqual(workspaceFiles.map((e) => e.file).sort(), readdirSync(workspaceSnapshotsDir).sort());
    });

    it('was written by awaitly 4.5.1 (durable checkpoints carry metadata.stepOrder and stepArgs)', () => {
      const declined = readJson(join(workspaceSnapshotsDir, 'checkout-payment-declined.json'));
      assert.deepEqual(declined.metadata.stepOrder, ['loadCart', 'price:cart-1001', 'reserveStock', 'quoteShipping', 'payment:cart-1001']);
      assert.deepEqual(declined.metadata.stepArgs, [null, null, null, null, null]);
      const pkg = readJson(join(workspaceDir, 'node_modules', 'awaitly', 'package.json'));
      assert.equal(pkg.version, '4.5.1');
    });

    for (const e of workspaceFiles) {
      it(`snapshots/${e.file}: both lines' validators agree with the manifest`, () => checkVerdicts(e, readJson(join(workspaceSnapshotsDir, e.file))));
    }

    it('has the derived problem files awaitly treats as documented', () => {
      const byFile = new Map(workspaceFiles.map((e) => [e.file, e]));
      const missingCause = awaitly4.validateSnapshot(readJson(join(workspaceSnapshotsDir, 'checkout-missing-cause.json')));
      assert.equal(missingCause.valid, false);
      if (!missingCause.valid) {
        assert.deepEqual(missingCause.errors, ['steps["payment:cart-1001"] is error result but missing cause field']);
      }
      const dupText = readFileSync(join(workspaceSnapshotsDir, 'checkout-duplicate-step-key.json'), 'utf8');
      assert.equal(dupText.match(/^ {4}"payment:cart-1001": \{$/gm)?.length, 2, 'duplicated key appears twice in the text');
      const renamed = readJson(join(workspaceSnapshotsDir, 'checkout-renamed-step.json')) as { steps: Record<string, unknown> };
      assert.ok('reserveInventory' in renamed.steps && !('reserveStock' in renamed.steps));
      assert.equal(awaitly4.looksLikeWorkflowSnapshot(readJson(join(workspaceSnapshotsDir, 'notes.json'))), false);
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
          assert.match(lines[i + 1] ?? '', m[1] === 'callable-workflow' ? /\bworkflow2?\(async/ : /\bstep(\.retry)?\(/, `${name}:${i + 2} should be a step call`);
        });
      }
      assert.deepEqual(found.sort(), [
        'callable-workflow',
        'callable-workflow',
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
