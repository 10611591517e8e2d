// Diagnostics over a real stdio connection: the example workspace's deliberate problems (and only those),
// snapshot files recognised by content, edits and dependents, broken files, workspaces without tsconfig,
// multi-root workspaces, unsaved files and per-rule settings.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { at, codes, copyWorkspace, EXAMPLE, LspClient, messageOf, uriOf } from './helper';

function lineOf(d: Diagnostic): number {
  return d.range.start.line + 1;
}

function byCode(ds: Diagnostic[], code: string): Diagnostic {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `expected ${code} in ${codes(ds).join(', ')}`);
  return d;
}

describe('server: diagnostics', function () {
  let ws: string;
  let client: LspClient;
  const src = (f: string) => path.join(ws, 'src', f);
  const snap = (f: string) => path.join(ws, 'snapshots', f);

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
  });
  after(async () => {
    await client.stop();
  });

  it('reports the deliberate problems of checkout.ts at their lines, with related information', async () => {
    await client.open(src('checkout.ts'));
    const ds = await client.diagnostics(src('checkout.ts'));
    assert.deepEqual(codes(ds), ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step']);
    assert.equal(lineOf(byCode(ds, 'immediate-step-execution')), 93);
    assert.equal(lineOf(byCode(ds, 'unrestored-step')), 100);
    const colliding = byCode(ds, 'colliding-step-keys');
    assert.equal(lineOf(colliding), 110);
    assert.equal(colliding.source, 'awaitly-lens');
    assert.equal(colliding.severity, DiagnosticSeverity.Warning);
    const related = colliding.relatedInformation?.[0];
    assert.ok(related, 'related information');
    assert.equal(related.location.uri, uriOf(src('checkout.ts')));
    assert.equal(related.location.range.start.line + 1, 107);
  });

  it('reports onboarding.ts and nightly-billing.ts problems, and only the callable form in the legacy guide file', async () => {
    await client.open(src('onboarding.ts'));
    const onboarding = await client.diagnostics(src('onboarding.ts'));
    assert.deepEqual(codes(onboarding), ['duplicate-step-id', 'unstable-step-key']);
    assert.equal(lineOf(byCode(onboarding, 'duplicate-step-id')), 86);
    assert.equal(byCode(onboarding, 'duplicate-step-id').relatedInformation?.[0]?.location.range.start.line! + 1, 78);
    assert.equal(lineOf(byCode(onboarding, 'unstable-step-key')), 74);

    await client.open(src('nightly-billing.ts'));
    const billing = await client.diagnostics(src('nightly-billing.ts'));
    assert.deepEqual(codes(billing), ['loop-invariant-step-key']);
    assert.equal(lineOf(billing[0]!), 49);

    // The guide's callable form throws in awaitly 4.5.1 (the workspace's line): two errors, and no invented step problem.
    await client.open(src('legacy-guide-form.ts'));
    const legacy = await client.diagnostics(src('legacy-guide-form.ts'));
    assert.deepEqual(legacy.map((d) => [d.code, d.range.start.line + 1, d.severity]), [['callable-workflow', 39, 1], ['callable-workflow', 54, 1]]);
  });

  it('checks snapshot JSON by content: format errors, unknown keys and replayed failures against the matching workflow', async () => {
    await client.open(snap('checkout-missing-cause.json'));
    const missing = await client.diagnostics(snap('checkout-missing-cause.json'));
    const m = byCode(missing, 'missing-required-field');
    assert.equal(m.severity, DiagnosticSeverity.Error);
    const text = client.text(snap('checkout-missing-cause.json'));
    assert.equal(m.range.start.line, at(text).lineContaining('"payment:cart-1001"').line);

    await client.open(snap('checkout-renamed-step.json'));
    const renamed = await client.diagnostics(snap('checkout-renamed-step.json'));
    const unknown = byCode(renamed, 'unknown-snapshot-step');
    const renamedText = client.text(snap('checkout-renamed-step.json'));
    const keyAt = at(renamedText).lineContaining('"reserveInventory"').characterAt('"reserveInventory"');
    assert.deepEqual(unknown.range.start, keyAt);
    assert.equal(unknown.range.end.character, keyAt.character + '"reserveInventory"'.length);
    assert.ok(unknown.relatedInformation?.some((r) => r.location.uri === uriOf(src('checkout.ts'))));

    await client.open(snap('checkout-payment-declined.json'));
    const declined = await client.diagnostics(snap('checkout-payment-declined.json'));
    const replay = byCode(declined, 'replays-stored-failure');
    assert.match(messageOf(replay), /chargeCard/);
    assert.equal(replay.relatedInformation?.[0]?.location.uri, uriOf(src('checkout.ts')));
    assert.equal(replay.relatedInformation?.[0]?.location.range.start.line! + 1, 103);

    await client.open(snap('checkout-duplicate-step-key.json'));
    assert.ok(codes(await client.diagnostics(snap('checkout-duplicate-step-key.json'))).includes('duplicate-key'));
  });

  it('links every diagnostic code to its section of docs/rules.md (codeDescription), source and snapshot alike', async () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/rules.md'), 'utf8');
    const all = [
      ...await client.diagnostics(src('checkout.ts')),
      ...await client.diagnostics(snap('checkout-missing-cause.json')),
      ...await client.diagnostics(snap('checkout-renamed-step.json')),
    ];
    assert.ok(all.length >= 5);
    for (const d of all) {
      const href = d.codeDescription?.href;
      assert.ok(href, `${d.code} has a codeDescription`);
      const [base, anchor] = href.split('#');
      assert.equal(anchor, d.code);
      assert.equal(base, `file://${path.resolve(__dirname, '../../docs/rules.md')}`);
      assert.match(doc, new RegExp(`^#{3,4} ${d.code}$`, 'm'), `docs/rules.md has a section ${d.code}`);
    }
  });

  it('publishes nothing for JSON that is not a snapshot, whatever its name', async () => {
    await client.open(snap('notes.json'));
    assert.deepEqual(await client.diagnostics(snap('notes.json')), []);
    // A snapshot under a name nobody would guess is still found by its content.
    const odd = path.join(ws, 'config-backup.json');
    fs.copyFileSync(snap('checkout-missing-cause.json'), odd);
    await client.open(odd);
    assert.ok(codes(await client.diagnostics(odd)).includes('missing-required-field'));
  });

  it('re-analyses an edited file at once and keeps going through syntax errors mid-typing', async () => {
    const file = src('nightly-billing.ts');
    const text = client.text(file);
    const keyLine = at(text).lineContaining("key: 'notify-customer'");
    const start = keyLine.characterAt("'notify-customer'");
    await client.change(file, [{ range: { start, end: { line: start.line, character: start.character + "'notify-customer'".length } }, text: '`notify-customer:${invoice.id}`' }]);
    // The loop-invariant key is gone; the workspace's lock file now sees a re-keyed step (a second publish of this version).
    assert.deepEqual(codes(await client.diagnosticsWith(file, 'definition-changed')), ['definition-changed']);
    // Half-typed code: the file still parses leniently, the analysis survives, other files are unaffected.
    await client.change(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'const broken = (;\nawait step(\n' }]);
    const ds = await client.diagnostics(file);
    assert.ok(Array.isArray(ds));
    await client.change(src('checkout.ts'), [{ text: client.text(src('checkout.ts')) + '\n' }]);
    assert.equal((await client.diagnostics(src('checkout.ts'))).length, 3);
    assert.ok(client.child.exitCode === null, 'the server is still running');
  });

  it('re-analyses the open files that depend on an edited file', async () => {
    const helper = path.join(ws, 'src', 'keys.ts');
    const user = path.join(ws, 'src', 'uses-keys.ts');
    fs.writeFileSync(helper, "export const SHARED = 'a';\n");
    fs.writeFileSync(user, [
      "import { ok, createWorkflow } from 'awaitly';",
      "import { SHARED } from './keys';",
      "export const wf = createWorkflow('uses-keys', {});",
      'export const go = () => wf.run(async ({ step }) => {',
      "  await step('first', () => ok(1), { key: SHARED });",
      "  await step('second', () => ok(2), { key: 'b' });",
      '});',
      '',
    ].join('\n'));
    await client.fileChanged(helper);
    await client.fileChanged(user);
    await client.open(user);
    // New workflows are not in the workspace's lock file yet.
    assert.deepEqual(codes(await client.diagnosticsWith(user, 'definition-changed')), ['definition-changed']);
    await client.open(helper);
    await client.diagnostics(helper);
    await client.change(helper, [{ text: "export const SHARED = 'b';\n" }]);
    const ds = await client.diagnostics(user, (p) => p.diagnostics.some((d) => d.code === 'colliding-step-keys'));
    assert.deepEqual(codes(ds), ['colliding-step-keys', 'definition-changed']);
  });

  it('analyses a file that is not saved yet', async () => {
    const file = path.join(ws, 'src', 'draft.ts');
    await client.open(file, [
      "import { ok, createWorkflow } from 'awaitly';",
      "const draft = createWorkflow('draft', {});",
      'export const go = () => draft.run(async ({ step }) => {',
      "  await step('same', () => ok(1));",
      "  await step('same', () => ok(2));",
      '});',
      '',
    ].join('\n'));
    assert.deepEqual(codes(await client.diagnosticsWith(file, 'definition-changed')), ['definition-changed', 'duplicate-step-id']);
    assert.equal(fs.existsSync(file), false);
  });
});

describe('server: diagnostics settings and workspace shapes', function () {
  it('a tsconfig.json it cannot read: open files are analysed, their workflows named from the folder', async () => {
    const ws = copyWorkspace(EXAMPLE, 'shop');
    // A folder named tsconfig.json: TypeScript cannot read it, so the project falls back to the open files.
    fs.rmSync(path.join(ws, 'tsconfig.json'));
    fs.mkdirSync(path.join(ws, 'tsconfig.json'));
    const client = await LspClient.start({ folders: [ws] });
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      assert.deepEqual(codes(await client.diagnostics(file)), ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step']);
      // The workflow's id is relative to the folder, as with a tsconfig (it was relative to a temp folder).
      const lenses = (await client.codeLenses(file)) ?? [];
      assert.match(lenses[0]?.command?.title ?? '', /^awaitly-lens #[0-9a-f]{8} · lock: unchanged$/);
      assert.deepEqual(lenses[0]!.command!.arguments, [uriOf(file), 'src/checkout.ts#checkout']);
    } finally {
      await client.stop();
    }
  });

  it('works in a workspace with no tsconfig and in a multi-root workspace, with per-rule severity and off', async () => {
    const a = copyWorkspace(EXAMPLE, 'shop-a');
    fs.rmSync(path.join(a, 'tsconfig.json'));
    const b = copyWorkspace(EXAMPLE, 'shop-b');
    const client = await LspClient.start({
      folders: [a, b],
      settings: {
        [a]: { rules: { 'unrestored-step': 'off', 'colliding-step-keys': 'error' } },
        [b]: {},
      },
    });
    try {
      const fa = path.join(a, 'src', 'checkout.ts');
      const fb = path.join(b, 'src', 'checkout.ts');
      await client.open(fa);
      await client.open(fb);
      const da = await client.diagnostics(fa);
      const db = await client.diagnostics(fb);
      assert.deepEqual(codes(da), ['colliding-step-keys', 'immediate-step-execution']);
      assert.equal(da.find((d) => d.code === 'colliding-step-keys')!.severity, DiagnosticSeverity.Error);
      assert.deepEqual(codes(db), ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step']);
      // Related information stays inside each folder.
      assert.ok(da.every((d) => (d.relatedInformation ?? []).every((r) => r.location.uri.startsWith(uriOf(a)))));
    } finally {
      await client.stop();
    }
  });
});
