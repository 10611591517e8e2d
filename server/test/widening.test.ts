// A folder is opened at its open documents (core's startWith): the first diagnostics come from a program of the open
// file and what it imports; the rest of the folder joins when the server is idle (widening.ts), or at once when a
// question about the whole folder comes first.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { copyWorkspace, EXAMPLE, LspClient, uriOf } from './helper';

describe('server: the first program at the open documents, the rest when idle', function () {
  this.timeout(120_000);

  it('opens the example workspace at the opened file, then the rest joins in a pause; the diagnostics stay the same', async () => {
    const ws = copyWorkspace(EXAMPLE);
    const client = await LspClient.start({ folders: [ws] });
    try {
      const file = path.join(ws, 'src', 'checkout.ts');
      await client.open(file);
      const first = await client.diagnostics(file);
      assert.match(await client.log(/awaitly-lens: loaded /), /\(its 1 open file\(s\) and what they import; the rest when idle\)$/);
      const joined = await client.log(/joined the analysis in \d+ ms/);
      const sources = fs.readdirSync(path.join(ws, 'src')).filter((f) => f.endsWith('.ts')).length;
      // Made whole when idle: the rest parsed and bound in slices between requests first (widening.ts).
      assert.match(joined, new RegExp(`\\(${sources} source files; parsed and bound beforehand in \\d+ slices, \\d+ ms in all, the longest \\d+ ms\\)$`));
      // The file's results were dropped and published again, from the whole program: the same diagnostics.
      client.forget(file);
      assert.deepEqual(await client.diagnostics(file), first);
    } finally {
      await client.stop();
    }
  });

  it('a question about the whole folder first (workspace symbols) is answered from all of it, a global script included', async () => {
    const ws = copyWorkspace(EXAMPLE);
    // A script (its constant is global) read by a key, and a workflow file nobody opens.
    fs.writeFileSync(path.join(ws, 'src', 'release.ts'), "const RELEASE_TAG = 'r7';\n");
    fs.writeFileSync(path.join(ws, 'src', 'tagged.ts'), `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
export const tagged = createWorkflow('tagged', {});
export const runTagged = () => tagged.run(async ({ step }) => {
  await step('stamp', () => ok(1), { key: \`stamp:\${RELEASE_TAG}\` });
});
`);
    fs.writeFileSync(path.join(ws, 'src', 'unopened.ts'), `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
export const unopened = createWorkflow('unopened', {});
export const runUnopened = () => unopened.run(async ({ step }) => {
  await step('never-opened', () => ok(1), { key: 'never-opened:1' });
});
`);
    const client = await LspClient.start({ folders: [ws] });
    try {
      const file = path.join(ws, 'src', 'tagged.ts');
      await client.open(file);
      const symbols = client.workspaceSymbols('');
      const first = await client.diagnostics(file);
      const all = ((await symbols) ?? []) as SymbolInformation[];
      // Made whole by the question, and said so; the open file is published again, from the whole program.
      const sources = fs.readdirSync(path.join(ws, 'src')).filter((f) => f.endsWith('.ts')).length;
      assert.match(await client.log(/joined the analysis in \d+ ms/), new RegExp(`\\(${sources} source files(; [^)]*)?\\)$`));
      client.forget(file);
      assert.deepEqual(await client.diagnostics(file), first);
      const names = all.map((s) => s.name);
      assert.ok(names.includes('stamp (key stamp:r7)'), names.join(', '));
      assert.ok(all.some((s) => s.location.uri === uriOf(path.join(ws, 'src', 'unopened.ts'))), names.join(', '));
      assert.ok(all.some((s) => s.location.uri === uriOf(path.join(ws, 'src', 'checkout.ts'))), names.join(', '));
    } finally {
      await client.stop();
    }
  });
});
