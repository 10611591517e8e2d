// `awaitly-lens check` through the built bin: every deliberate problem of the example workspace at the file:line
// its README gives, nothing on the code it says must not be flagged, snapshots against their workflow, the json
// shape, and bad input named on stderr while the rest is still checked.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_BIN, ensureBuilt, REPO_ROOT, runBin, TempDir } from './helpers';

const WORKSPACE = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');

interface JsonDiag { file: string; code: string; severity: string; line: number; column: number; endLine: number; endColumn: number; jsonPath?: string; message: string; related?: Array<{ file: string; line: number }> }
interface CheckJson {
  version: number;
  semantics: { line: string; version: string | null };
  diagnostics: JsonDiag[];
  workflows: Array<{ name: string; file: string; line: number; definitionHash: string; steps: Array<{ id: string; key: string | null; keyPattern: string | null; kind: string; line: number }> }>;
  snapshots: Array<{ file: string; workflow: string | null }>;
}

/** `| \`code\` | \`src/file.ts:93\` | ...` rows of the README's "Deliberate problems" table. */
function deliberateProblems(): Array<{ code: string; file: string; line: number }> {
  const readme = fs.readFileSync(path.join(WORKSPACE, 'README.md'), 'utf8');
  const section = readme.split('## Deliberate problems')[1]!.split('\n## ')[0]!;
  return [...section.matchAll(/^\| `([a-z-]+)` \| `([^`:]+):(\d+)` \|/gm)].map((m) => ({ code: m[1]!, file: m[2]!, line: Number(m[3]) }));
}

describe('cli: check', function () {
  this.timeout(120000);
  let json: CheckJson;
  let exitCode: number;

  before(() => {
    ensureBuilt();
    const r = runBin(['check', '.', '--snapshots', 'snapshots', '--format', 'json'], { cwd: WORKSPACE });
    exitCode = r.code;
    json = JSON.parse(r.stdout) as CheckJson;
  });

  const at = (code: string) => json.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.line}`);

  it('finds every deliberate problem of the example workspace at the README\'s file:line', () => {
    const expected = deliberateProblems();
    assert.equal(expected.length, 8, 'the README lists eight deliberate problems');
    const codes = [...new Set(expected.map((p) => p.code))];
    for (const code of codes) {
      assert.deepEqual(at(code), expected.filter((p) => p.code === code).map((p) => `${p.file}:${p.line}`), code);
    }
  });

  it('reports nothing else in the source: not the correct steps, only the callable form in the guide-form file', () => {
    const inSource = json.diagnostics.filter((d) => d.file.startsWith('src/'));
    assert.equal(inSource.length, 8);
    assert.deepEqual(inSource.filter((d) => d.file === 'src/legacy-guide-form.ts').map((d) => `${d.code}:${d.line}`), ['callable-workflow:39', 'callable-workflow:54']);
    for (const line of [45, 54, 58]) assert.ok(!inSource.some((d) => d.file === 'src/nightly-billing.ts' && d.line === line), `nightly-billing.ts:${line}`);
    assert.ok(!inSource.some((d) => d.file === 'src/checkout.ts' && [88, 103, 107].includes(d.line)));
    assert.ok(!inSource.some((d) => d.file === 'src/onboarding.ts' && d.line === 82));
  });

  it('points related locations at the other step (colliding key → createShipment at line 107, duplicate id → line 78)', () => {
    const colliding = json.diagnostics.find((d) => d.code === 'colliding-step-keys')!;
    assert.deepEqual(colliding.related?.map((r) => `${r.file}:${r.line}`), ['src/checkout.ts:107']);
    const dup = json.diagnostics.find((d) => d.code === 'duplicate-step-id')!;
    assert.deepEqual(dup.related?.map((r) => `${r.file}:${r.line}`), ['src/onboarding.ts:78']);
  });

  it('checks each snapshot against its workflow: unknown key at its exact range, stored failure, format problems', () => {
    const unknown = json.diagnostics.filter((d) => d.code === 'unknown-snapshot-step');
    assert.equal(unknown.length, 1);
    const u = unknown[0]!;
    assert.equal(u.file, 'snapshots/checkout-renamed-step.json');
    assert.equal(u.jsonPath, '/steps/reserveInventory');
    const text = fs.readFileSync(path.join(WORKSPACE, u.file), 'utf8').split('\n');
    assert.equal(text[u.line - 1]!.slice(u.column - 1, u.endColumn - 1), '"reserveInventory"', 'the range is exactly the key');
    assert.match(u.message, /'reserveStock' is at line 93/);

    assert.deepEqual(at('replays-stored-failure').sort(), [
      'snapshots/checkout-duplicate-step-key.json:57', 'snapshots/checkout-payment-declined.json:50', 'snapshots/checkout-renamed-step.json:50',
    ]);
    assert.deepEqual(at('missing-required-field'), ['snapshots/checkout-missing-cause.json:50']);
    assert.deepEqual(at('duplicate-key'), ['snapshots/checkout-duplicate-step-key.json:57']);
    assert.ok(!json.diagnostics.some((d) => d.file.endsWith('notes.json')), 'notes.json is not a snapshot and is skipped');
    assert.ok(!json.diagnostics.some((d) => d.file === 'snapshots/onboarding-mid-run.json'), 'the unstable trial:… key still matches its pattern');
    assert.deepEqual(json.snapshots.map((s) => [path.basename(s.file), s.workflow]), [
      ['checkout-completed-last-checkpoint.json', 'checkout'], ['checkout-duplicate-step-key.json', 'checkout'], ['checkout-missing-cause.json', 'checkout'],
      ['checkout-payment-declined.json', 'checkout'], ['checkout-renamed-step.json', 'checkout'], ['onboarding-mid-run.json', 'onboarding-${…}'],
    ]);
  });

  it('json lists the semantics applied and every workflow with its hash and steps', () => {
    assert.equal(json.version, 1);
    assert.deepEqual(json.semantics.line, '4.x');
    assert.equal(json.semantics.version, '4.5.1');
    const checkout = json.workflows.find((w) => w.name === 'checkout')!;
    assert.equal(checkout.file, 'src/checkout.ts');
    assert.match(checkout.definitionHash, /^v1:[0-9a-f]{64}$/);
    assert.deepEqual(checkout.steps.map((s) => [s.id, s.key, s.keyPattern, s.kind, s.line]), [
      ['loadCart', 'loadCart', null, 'step', 88], ['priceCart', null, 'price:${…}', 'step', 90], ['reserveStock', 'reserveStock', null, 'step', 93],
      ['quoteShipping', null, null, 'retry', 100], ['chargeCard', null, 'payment:${…}', 'step', 103], ['createShipment', 'createShipment', null, 'step', 107],
      ['sendReceipt', 'createShipment', null, 'step', 110],
    ]);
    assert.equal(exitCode, 1, 'the missing-cause snapshot is an error');
  });

  it('the committed lock file is up to date, so there is no definition-changed', () => {
    assert.equal(at('definition-changed').length, 0);
    const r = runBin(['lock', '--check'], { cwd: WORKSPACE });
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  it('text output says which awaitly semantics were applied', () => {
    const r = runBin(['check', 'test-fixtures/example-workspace'], { cwd: REPO_ROOT });
    assert.match(r.stdout.split('\n')[0]!, /^Applied awaitly 4\.x semantics \(awaitly 4\.5\.1, test-fixtures\/example-workspace\/node_modules\/awaitly\/package\.json\)/);
    assert.match(r.stdout, /test-fixtures\/example-workspace\/src\/checkout\.ts:93:\d+  warning  .*immediate-step-execution/);
    assert.equal(r.code, 1, 'the two callable-workflow errors');
  });

  it('sarif and github formats carry the same findings', () => {
    const sarif = JSON.parse(runBin(['check', '.', '-f', 'sarif'], { cwd: WORKSPACE }).stdout) as { runs: Array<{ results: Array<{ ruleId: string }>; properties: Record<string, unknown> }> };
    assert.equal(sarif.runs[0]!.results.length, 8);
    assert.equal(sarif.runs[0]!.properties.awaitlySemantics, '4.x');
    const gh = runBin(['check', '.', '-f', 'github'], { cwd: WORKSPACE }).stdout;
    assert.match(gh, /^::warning file=src\/checkout\.ts,line=93,/m);
  });

  describe('bad input', () => {
    let tmp: TempDir;
    beforeEach(() => {
      tmp = new TempDir();
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tmp.root, 'node_modules'));
      tmp.write('tsconfig.json', { compilerOptions: { strict: true, module: 'preserve', moduleResolution: 'bundler', target: 'ES2022', noEmit: true, skipLibCheck: true }, include: ['src/**/*.ts'] });
      tmp.write('src/good.ts', "import { createWorkflow } from 'awaitly/workflow';\nimport { ok } from 'awaitly';\nconst wf = createWorkflow('good', {});\nexport const go = () => wf.run(async ({ step }) => {\n  await step.retry('r', () => ok(1), { attempts: 2 });\n});\n");
      tmp.write('src/broken.ts', "import { createWorkflow } from 'awaitly/workflow';\nconst wf = createWorkflow('broken', {});\nexport const go = () => wf.run(async ({ step }) => {\n  await step('a', () => ok(1)\n");
    });
    afterEach(() => tmp.remove());

    it('a syntax error names the file and line on stderr, exits 2, and the other files are still checked', () => {
      const r = runBin(['check', '.', '-f', 'json'], { cwd: tmp.root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^awaitly-lens: src\/broken\.ts: syntax error at \d+:\d+: /m);
      const out = JSON.parse(r.stdout) as CheckJson;
      assert.deepEqual(out.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}`), ['unrestored-step@src/good.ts:5']);
    });

    it('a missing tsconfig and an unreadable snapshot are named; snapshots are still format-checked', () => {
      tmp.write('snaps/bad.json', '{ "formatVersion": 1, "steps": {}, }');
      const r = runBin(['check', '--project', 'nope/tsconfig.json', '--snapshots', 'snaps', '--snapshots', 'missing-dir'], { cwd: tmp.root });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /nope\/tsconfig\.json: cannot read the TypeScript project: no such file/);
      assert.match(r.stderr, /missing-dir: no such file or directory/);
      assert.match(r.stdout, /snaps\/bad\.json:1:\d+  error  .*invalid-json/);
    });

    it('unknown options and formats are usage errors', () => {
      assert.equal(runBin(['check', '--format', 'xml'], { cwd: tmp.root }).code, 2);
      assert.equal(runBin(['check', '--bogus'], { cwd: tmp.root }).code, 2);
    });
  });

  it('bin exists', () => assert.ok(fs.existsSync(CLI_BIN)));
});
