// `awaitly-lens lock` / `lock --check`, and `check` reporting definition-changed (against the lock and against a git
// revision) and snapshot-definition-mismatch, on a small real project in a temp folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureBuilt, REPO_ROOT, runBin, TempDir } from './helpers';

const BASE = `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

export interface Invoice { id: string; total: number }
export const billing = createWorkflow('billing', {});

export const runBilling = (customerId: string) =>
  billing.run(async ({ step }) => {
    const customer = await step('loadCustomer', () => ok({ id: customerId, vip: false }));
    const price = await step('price', () => ok(10), { key: \`price:\${customer.id}\` });
    const invoice = await step('invoice', (): ReturnType<typeof ok<Invoice>> => ok({ id: 'inv-1', total: price }));
    return invoice;
  });
`;

interface Diag { file: string; code: string; severity: string; line: number; message: string; jsonPath?: string; related?: Array<{ line: number; message: string }> }

function project(): TempDir {
  const tmp = new TempDir();
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tmp.root, 'node_modules'));
  tmp.write('tsconfig.json', { compilerOptions: { strict: true, module: 'preserve', moduleResolution: 'bundler', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] }, include: ['src/**/*.ts'] });
  tmp.write('src/billing.ts', BASE);
  return tmp;
}

const edit = (tmp: TempDir, from: string, to: string) => {
  const file = path.join(tmp.root, 'src/billing.ts');
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), from);
  fs.writeFileSync(file, text.replace(from, to));
};

const check = (tmp: TempDir, ...args: string[]) => {
  const r = runBin(['check', '.', '-f', 'json', ...args], { cwd: tmp.root });
  return { code: r.code, stderr: r.stderr, diagnostics: (JSON.parse(r.stdout) as { diagnostics: Diag[] }).diagnostics };
};

describe('cli: lock and definition changes', function () {
  this.timeout(120000);
  let tmp: TempDir;
  before(() => ensureBuilt());
  beforeEach(() => {
    tmp = project();
  });
  afterEach(() => tmp.remove());

  it('writes a stable, reviewable lock; --check passes until the code changes', () => {
    const w = runBin(['lock'], { cwd: tmp.root });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /^Wrote awaitly-lens\.lock\.json: 1 workflow\(s\), 3 step\(s\), awaitly 1\.35 semantics$/m);
    const lock = JSON.parse(fs.readFileSync(path.join(tmp.root, 'awaitly-lens.lock.json'), 'utf8'));
    assert.deepEqual(Object.keys(lock.workflows), ['billing']);
    assert.deepEqual(lock.workflows.billing.steps.map((s: { id: string; key: string }) => [s.id, s.key]), [['loadCustomer', 'loadCustomer'], ['price', 'price:${…}'], ['invoice', 'invoice']]);
    const first = fs.readFileSync(path.join(tmp.root, 'awaitly-lens.lock.json'), 'utf8');
    runBin(['lock'], { cwd: tmp.root });
    assert.equal(fs.readFileSync(path.join(tmp.root, 'awaitly-lens.lock.json'), 'utf8'), first, 'rewriting gives the same bytes');
    assert.equal(runBin(['lock', '--check'], { cwd: tmp.root }).code, 0);

    edit(tmp, 'price:${customer.id}', 'prices:${customer.id}');
    const c = runBin(['lock', '--check'], { cwd: tmp.root });
    assert.equal(c.code, 1);
    assert.match(c.stdout, /billing: breaking: step 'price': key changed from 'price:\$\{…\}' to 'prices:\$\{…\}'/);
  });

  it('lock --check without a lock file exits 1; a syntax error exits 2 and writes nothing', () => {
    assert.equal(runBin(['lock', '--check'], { cwd: tmp.root }).code, 1);
    tmp.write('src/broken.ts', 'export const x = (;\n');
    const r = runBin(['lock'], { cwd: tmp.root });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /src\/broken\.ts: syntax error at 1:\d+/);
    assert.equal(fs.existsSync(path.join(tmp.root, 'awaitly-lens.lock.json')), false);
  });

  it('check: definition-changed explains each change, breaking ones as errors at the step', () => {
    runBin(['lock'], { cwd: tmp.root });
    edit(tmp, "const invoice = await step('invoice', (): ReturnType<typeof ok<Invoice>> => ok({ id: 'inv-1', total: price }));",
      "const invoice = await step('invoice', () => ok({ id: 'inv-1', total: String(price) }));\n    await step('notify', () => ok(true));");
    edit(tmp, 'price:${customer.id}', 'cost:${customer.id}');
    const r = check(tmp);
    const d = r.diagnostics.filter((x) => x.code === 'definition-changed');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.severity, 'error');
    assert.equal(d[0]!.line, 10, 'at the first changed step');
    assert.match(d[0]!.message, /^Workflow 'billing' differs from awaitly-lens\.lock\.json: BREAKING for snapshots already in flight\./);
    assert.match(d[0]!.message, /step 'price': key changed from 'price:\$\{…\}' to 'cost:\$\{…\}'.*\[breaking\]/);
    assert.match(d[0]!.message, /step 'invoice': result type changed from \{ id: string; total: number \} to \{ id: string; total: string \}.*\[breaking\]/);
    assert.match(d[0]!.message, /step 'notify' added at the end \[safe\]/);
    assert.deepEqual(d[0]!.related?.map((x) => x.line), [10, 11, 12]);
    assert.equal(r.code, 1);
  });

  it('check: an appended step alone is a safe change (warning against the lock)', () => {
    runBin(['lock'], { cwd: tmp.root });
    edit(tmp, '    return invoice;', "    await step('archive', () => ok(1));\n    return invoice;");
    const d = check(tmp).diagnostics.filter((x) => x.code === 'definition-changed');
    assert.deepEqual(d.map((x) => [x.severity, x.line]), [['warning', 12]]);
    assert.match(d[0]!.message, /safe for snapshots already in flight\. step 'archive' added at the end \[safe\]/);
  });

  it('check: snapshot-definition-mismatch at metadata.definitionHash, explained from the lock', () => {
    runBin(['lock'], { cwd: tmp.root });
    const hash = JSON.parse(fs.readFileSync(path.join(tmp.root, 'awaitly-lens.lock.json'), 'utf8')).workflows.billing.hash as string;
    tmp.write('snaps/s.json', { formatVersion: 1, workflowName: 'billing', steps: { loadCustomer: { ok: true, value: { id: 'c1', vip: false } } }, execution: { status: 'running', lastUpdated: '2026-01-01T00:00:00.000Z' }, metadata: { definitionHash: hash } });
    assert.equal(check(tmp, '--snapshots', 'snaps').diagnostics.filter((x) => x.code === 'snapshot-definition-mismatch').length, 0, 'same definition');
    edit(tmp, "const price = await step('price', () => ok(10), { key: `price:${customer.id}` });\n", '');
    edit(tmp, 'total: price', 'total: 10');
    const d = check(tmp, '--snapshots', 'snaps').diagnostics.filter((x) => x.code === 'snapshot-definition-mismatch');
    assert.equal(d.length, 1);
    assert.equal(d[0]!.file, 'snaps/s.json');
    assert.equal(d[0]!.jsonPath, '/metadata/definitionHash');
    assert.equal(d[0]!.severity, 'error');
    assert.match(d[0]!.message, /Since then: step 'price' \(key price:\$\{…\}\) removed \[breaking\] \(per the lock file\)/);
  });

  it('check --against <ref>: compares with the same workflow at a git revision, without a lock file', () => {
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: tmp.root, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    fs.writeFileSync(path.join(tmp.root, '.gitignore'), 'node_modules\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('branch', '-q', '-M', 'main');

    edit(tmp, '    return invoice;', "    await step('archive', () => ok(1));\n    return invoice;");
    let d = check(tmp, '--against', 'main').diagnostics.filter((x) => x.code === 'definition-changed');
    assert.deepEqual(d.map((x) => x.severity), ['info']);
    assert.match(d[0]!.message, /^Workflow 'billing' changed since main: safe for snapshots already in flight\. step 'archive' added at the end \[safe\]/);

    // Move 'invoice' before 'price': a reorder, breaking, naming the step.
    const file = path.join(tmp.root, 'src/billing.ts');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const priceAt = lines.findIndex((l) => l.includes("step('price'"));
    const [priceLine] = lines.splice(priceAt, 1);
    lines.splice(priceAt + 1, 0, priceLine!.replace('const price = ', ''));
    fs.writeFileSync(file, lines.join('\n').replace('total: price', 'total: 10'));
    const r = check(tmp, '--against', 'main');
    d = r.diagnostics.filter((x) => x.code === 'definition-changed');
    assert.deepEqual(d.map((x) => x.severity), ['error']);
    assert.match(d[0]!.message, /BREAKING/);
    assert.match(d[0]!.message, /step 'invoice' moved \(position 3 → 2\) \[breaking\]|step '[a-z]+' .*moved .*\[breaking\]/);
    assert.equal(r.code, 1);

    const bad = check(tmp, '--against', 'no-such-ref');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--against no-such-ref: unknown git revision 'no-such-ref'/);
  });
});
