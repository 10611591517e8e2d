// The language server on the forms awaitly 4.5.1 fails on and on imports written for another awaitly line: the
// same diagnostics as `awaitly-lens check` (core's), and the step-id-missing quick fix, applied as an editor would.
// The copied workspace's awaitly is 4.5.1; the repository's node_modules above it holds 1.35.0.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codes, copyWorkspace, EXAMPLE, LspClient } from './helper';

const LEGACY_STEP = `import { createWorkflow, ok } from 'awaitly';

const profile = createWorkflow('profile', { loadUser: async (id: string) => ok({ id }) });

export const load = (id: string) => profile.run(async ({ step, deps }) => {
  // @ts-expect-error the pre-4 form
  return step(() => deps.loadUser(id), { key: 'user:1' });
});
`;

const OLD_IMPORT = `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

const profile = createWorkflow('profile', { loadUser: async (id: string) => ok({ id }) });

export const load = (id: string) => profile.run(async ({ step, deps }) => step('loadUser', () => deps.loadUser(id)));
`;

describe('server: failing forms and awaitly line mismatches', function () {
  this.timeout(120000);
  let ws: string;
  let client: LspClient;

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    fs.writeFileSync(path.join(ws, 'src', 'legacy-step.ts'), LEGACY_STEP);
    fs.writeFileSync(path.join(ws, 'src', 'old-import.ts'), OLD_IMPORT);
    client = await LspClient.start({ folders: [ws], settings: { '*': { rules: { 'definition-changed': 'off' } } } });
  });
  after(async () => {
    await client.stop();
  });

  it('reports step-id-missing, and its quick fix passes the literal key as the id', async () => {
    const file = path.join(ws, 'src', 'legacy-step.ts');
    await client.open(file);
    const before = await client.diagnostics(file);
    assert.deepEqual(codes(before), ['step-id-missing']);
    const d = before[0]!;
    assert.deepEqual([d.severity, d.range.start.line], [1, 6]);
    const actions = (await client.codeActions(file, d.range, [d])) ?? [];
    assert.deepEqual(actions.map((a) => a.title), ["Pass 'user:1' as the step id"]);
    client.applyWorkspaceEdit(actions[0]!.edit!);
    const version = client.docs.get(`file://${file}`)?.version;
    const after = await client.diagnostics(file, (p) => p.version === version);
    assert.deepEqual(codes(after), []);
    assert.match(client.text(file), /return step\('user:1', \(\) => deps\.loadUser\(id\), \{ key: 'user:1' \}\);/);
  });

  it('reports an awaitly/workflow import with awaitly 4.5.1 installed as awaitly-line-mismatch, on the module specifier', async () => {
    const file = path.join(ws, 'src', 'old-import.ts');
    await client.open(file);
    const ds = await client.diagnostics(file);
    assert.deepEqual(codes(ds), ['awaitly-line-mismatch']);
    assert.deepEqual([ds[0]!.range.start.line, ds[0]!.range.start.character], [0, 31]);
    // In this copy an outer node_modules holds awaitly 1.35.0, which TypeScript falls back to and Node does not.
    assert.throws(() => require.resolve('awaitly/workflow', { paths: [path.join(ws, 'src')] }), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    assert.match(String(ds[0]!.message), /^'awaitly\/workflow' is an awaitly 1\.35 module: TypeScript finds it in another install \(awaitly 1\.35\.0\), but the project's awaitly is 4\.5\.1 \(4\.x line, node_modules\/awaitly\/package\.json\), where Node stops/);
  });
});
