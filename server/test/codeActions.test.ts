// Every quick fix over a real connection: request the actions for a diagnostic, apply the WorkspaceEdit as an
// editor would, and check that the re-analysed file no longer has the finding (and nothing new appears).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { CodeActionRequest, FileChangeType } from 'vscode-languageserver-protocol';
import { buildLock, parseLock } from '../../core/src/hash';
import { createAnalysisProject } from '../../core/src/analysis';
import { at, codes, copyWorkspace, EXAMPLE, LspClient, messageOf } from './helper';

async function fix(client: LspClient, file: string, code: string, title: RegExp): Promise<{ action: CodeAction; before: Diagnostic[] }> {
  const before = await client.diagnostics(file);
  const d = before.find((x) => x.code === code);
  assert.ok(d, `expected ${code} in ${codes(before).join(', ')}`);
  const actions = (await client.codeActions(file, d.range, [d])) ?? [];
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} among ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.ok(action.edit, 'the action carries a WorkspaceEdit');
  return { action, before };
}

/** Apply the edit and wait for the file's diagnostics of the new version. */
async function applyAndReanalyse(client: LspClient, file: string, action: CodeAction): Promise<Diagnostic[]> {
  client.applyWorkspaceEdit(action.edit!);
  const version = client.docs.get(`file://${file}`)?.version;
  return client.diagnostics(file, (p) => p.version === version);
}

describe('server: code actions', function () {
  let ws: string;
  let client: LspClient;
  const src = (f: string) => path.join(ws, 'src', f);

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    // The lock is exercised by its own tests below; here every fix should leave no other finding behind.
    client = await LspClient.start({ folders: [ws], settings: { '*': { rules: { 'definition-changed': 'off' } } } });
    for (const f of ['checkout.ts', 'onboarding.ts', 'nightly-billing.ts']) await client.open(src(f));
  });
  after(async () => {
    await client.stop();
  });

  it('wraps an immediately executed operation in () => …', async () => {
    const file = src('checkout.ts');
    const { action, before } = await fix(client, file, 'immediate-step-execution', /Wrap the operation/);
    const after = await applyAndReanalyse(client, file, action);
    assert.deepEqual(codes(after), codes(before).filter((c) => c !== 'immediate-step-execution'));
    assert.match(client.text(file), /\n\s*\(\) => deps\.reserveStock\(cart\.items\),\n/);
  });

  it('adds an explicit key to a keyless step.retry (into its existing options)', async () => {
    const file = src('checkout.ts');
    const { action } = await fix(client, file, 'unrestored-step', /Add an explicit key 'quoteShipping'/);
    const after = await applyAndReanalyse(client, file, action);
    assert.ok(!codes(after).includes('unrestored-step'), codes(after).join());
    assert.match(client.text(file), /initialDelay: 100, key: 'quoteShipping' \}/);
  });

  it('gives a colliding key a distinct value', async () => {
    const file = src('checkout.ts');
    const { action } = await fix(client, file, 'colliding-step-keys', /Use a distinct key 'sendReceipt'/);
    const after = await applyAndReanalyse(client, file, action);
    assert.deepEqual(codes(after), []);
    assert.match(client.text(file), /\{ key: 'sendReceipt' \}/);
  });

  it("makes a loop step's key include the loop variable (the property sibling steps use)", async () => {
    const file = src('nightly-billing.ts');
    const { action } = await fix(client, file, 'loop-invariant-step-key', /include the loop variable/);
    const after = await applyAndReanalyse(client, file, action);
    assert.deepEqual(codes(after), []);
    assert.match(client.text(file), /\{ key: `notify-customer:\$\{invoice\.id\}` \}/);
  });

  it('renames a duplicate step id', async () => {
    const file = src('onboarding.ts');
    const { action } = await fix(client, file, 'duplicate-step-id', /Rename the step id to 'sendEmail-2'/);
    const after = await applyAndReanalyse(client, file, action);
    assert.deepEqual(codes(after), ['unstable-step-key']);
    const text = client.text(file);
    assert.match(text.split('\n')[at(text).lineContaining("step('sendEmail-2'").line]!, /'getting-started'/);
  });

  it('removes a clock value from a key', async () => {
    const file = src('onboarding.ts');
    const { action } = await fix(client, file, 'unstable-step-key', /Use a stable key/);
    const after = await applyAndReanalyse(client, file, action);
    assert.deepEqual(codes(after), []);
    assert.match(client.text(file), /\{ key: `trial:\$\{account\.id\}` \}/);
  });

  it('adds an options argument when a keyless step has none', async () => {
    const file = src('keyless.ts');
    const text = [
      "import { ok, createWorkflow } from 'awaitly';",
      "const wf = createWorkflow('keyless', {});",
      'export const go = () => wf.run(async ({ step }) => {',
      "  await step.sleep('pause', '5s');",
      "  await step.map('both', [1, 2], async (n) => ok(n));",
      '});',
      '',
    ].join('\n');
    await client.open(file, text);
    const first = await fix(client, file, 'unrestored-step', /Add an explicit key 'pause'/);
    await applyAndReanalyse(client, file, first.action);
    const second = await fix(client, file, 'unrestored-step', /Add an explicit key 'both'/);
    const after = await applyAndReanalyse(client, file, second.action);
    assert.deepEqual(codes(after), []);
    assert.match(client.text(file), /step\.sleep\('pause', '5s', \{ key: 'pause' \}\)/);
  });
});

describe('server: fix all awaitly problems in file (source.fixAll.awaitly-lens)', function () {
  it('is offered for a source.fixAll request; applying it leaves only findings without a fix', async () => {
    const ws = copyWorkspace(EXAMPLE);
    const client = await LspClient.start({ folders: [ws], settings: { '*': { rules: { 'definition-changed': 'off' } } } });
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      const before = await client.diagnostics(file);
      assert.deepEqual(codes(before).sort(), ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step']);
      // As VS Code asks on save with "editor.codeActionsOnSave": { "source.fixAll": "explicit" }: anywhere in the file.
      const start = { line: 0, character: 0 };
      const actions = (await client.rpc.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: `file://${file}` }, range: { start, end: start }, context: { diagnostics: [], only: ['source.fixAll'] },
      }) as CodeAction[] | null) ?? [];
      assert.deepEqual(actions.map((a) => [a.kind, a.title]), [['source.fixAll.awaitly-lens', 'Fix all awaitly problems in file (3)']]);
      assert.equal(actions[0]!.diagnostics?.length, 3);
      // A request for quick fixes only does not get it.
      const quick = (await client.rpc.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: `file://${file}` }, range: before[0]!.range, context: { diagnostics: [before[0]!], only: ['quickfix'] },
      }) as CodeAction[] | null) ?? [];
      assert.ok(quick.length > 0 && quick.every((a) => a.kind === 'quickfix'), quick.map((a) => a.kind).join());
      // The light bulb (no kind asked) shows it next to the quick fix: it fixes more than that one problem.
      const bulb = (await client.codeActions(file, before[0]!.range, [before[0]!])) ?? [];
      assert.deepEqual(bulb.map((a) => a.kind), ['quickfix', 'source.fixAll.awaitly-lens']);
      client.applyWorkspaceEdit(actions[0]!.edit!);
      const version = client.docs.get(`file://${file}`)?.version;
      const after = await client.diagnostics(file, (p) => p.version === version);
      assert.deepEqual(codes(after), []);
      const text = client.text(file);
      assert.match(text, /\(\) => deps\.reserveStock\(cart\.items\)/);
      assert.match(text, /initialDelay: 100, key: 'quoteShipping' \}/);
      assert.match(text, /\{ key: 'sendReceipt' \}/);
      // Nothing is left to fix: no action.
      const none = (await client.rpc.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: `file://${file}` }, range: { start, end: start }, context: { diagnostics: [], only: ['source.fixAll'] },
      }) as CodeAction[] | null) ?? [];
      assert.deepEqual(none, []);
    } finally {
      await client.stop();
    }
  });
});

describe('server: update the lock for this workflow', function () {
  it('creates the lock file entry, then updates it after a breaking change; each edit re-analysed', async () => {
    const ws = copyWorkspace(EXAMPLE);
    const lock = path.join(ws, 'awaitly-lens.lock.json');
    fs.rmSync(lock);
    const client = await LspClient.start({ folders: [ws] });
    try {
      const file = path.join(ws, 'src', 'nightly-billing.ts');
      await client.open(file);
      assert.deepEqual(codes(await client.diagnostics(file)), ['loop-invariant-step-key']);
      // No lock file yet: the action on the workflow's name creates it (documentChanges: create + edit).
      const name = at(client.text(file)).lineContaining("createWorkflow('nightly-billing'").characterAfter("createWorkflow('");
      const actions = (await client.codeActions(file, { start: name, end: name })) ?? [];
      const create = actions.find((a) => /Update awaitly-lens\.lock\.json for workflow 'nightly-billing'/.test(a.title));
      assert.ok(create?.edit?.documentChanges, actions.map((a) => a.title).join(' | '));
      client.applyWorkspaceEdit(create.edit);
      await client.fileChanged(lock, FileChangeType.Created);
      const written = parseLock(fs.readFileSync(lock, 'utf8'));
      const expected = buildLock(createAnalysisProject({ rootDir: ws }).analyzeProject());
      assert.deepEqual(Object.keys(written.workflows), ['nightly-billing']);
      assert.deepEqual(written.workflows['nightly-billing'], expected.workflows['nightly-billing']);

      // A breaking change (re-keyed step) now shows on the workflow's name...
      const { action } = await fix(client, file, 'loop-invariant-step-key', /include the loop variable/);
      client.applyWorkspaceEdit(action.edit!);
      // The lock diagnostic comes in the second publish of the new version (it needs the definition hash).
      const after = await client.diagnosticsWith(file, 'definition-changed');
      const changed = after.find((d) => d.code === 'definition-changed');
      assert.ok(changed, codes(after).join());
      assert.equal(changed.range.start.line, name.line);
      assert.match(messageOf(changed), /key changed from 'notify-customer'/);
      // ...and its quick fix rewrites the entry; the diagnostic goes away.
      const update = ((await client.codeActions(file, changed.range, [changed])) ?? []).find((a) => /Update awaitly-lens\.lock\.json/.test(a.title));
      assert.ok(update?.edit?.changes, 'an edit of the existing lock file');
      client.applyWorkspaceEdit(update.edit);
      await client.fileChanged(lock);
      const cleared = await client.diagnostics(file, (p) => !p.diagnostics.some((d) => d.code === 'definition-changed'));
      assert.deepEqual(codes(cleared), []);
      const rewritten = parseLock(fs.readFileSync(lock, 'utf8'));
      assert.equal(rewritten.workflows['nightly-billing']!.steps[2]!.key, 'notify-customer:${…}');
    } finally {
      await client.stop();
    }
  });
});
