// Hover on a loop step with a template key (one state per snapshot entry it matches) and on a step whose
// options the analysis cannot see into (an opaque key, not a dynamic one). The plan behind both is checked
// against real awaitly resumes in core/test/replay/plan-4x.test.ts; here: what the hover says.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyWorkspace, EXAMPLE, LspClient } from './helper';

function value(h: Hover | null): string {
  assert.ok(h && typeof h.contents === 'object' && 'kind' in h.contents, 'a markdown hover');
  return (h.contents as MarkupContent).value;
}

describe('server: hover on loop steps and opaque keys', function () {
  let client: LspClient;
  let file: string;
  before(async () => {
    const ws = copyWorkspace(EXAMPLE, 'ws-hover-plan');
    client = await LspClient.start({ folders: [ws] });
    file = path.join(ws, 'src', 'paged.ts');
    await client.open(file, [
      "import { createWorkflow, ok } from 'awaitly';",
      "const shared = { description: 'shared options' };",
      "const paged = createWorkflow('paged', {});",
      'export const go = (pages: number) => paged.run(async ({ step }) => {',
      "  for (let page = 0; page < pages; page++) await step('page', () => ok(page), { key: `page:${page}` });",
      "  await step('policed', () => ok(1), { ...shared });",
      '});',
      '',
    ].join('\n'));
    const snapshot = path.join(ws, 'snapshots', 'paged.json');
    fs.writeFileSync(snapshot, JSON.stringify({
      formatVersion: 1,
      workflowName: 'paged',
      steps: { 'page:0': { ok: true, value: 0 }, 'page:1': { ok: true, value: 1 }, policed: { ok: true, value: 1 } },
      execution: { status: 'running', lastUpdated: '2026-01-01T00:00:00.000Z' },
    }, null, 2));
    await client.open(snapshot);
    await client.diagnostics(snapshot);
  });
  after(async () => {
    await client.stop();
  });

  it('a loop step: the state of each iteration in the active snapshot', async () => {
    const md = value(await client.hover(file, { line: 4, character: 50 }));
    assert.match(md, /key: pattern `page:\$\{…\}`/);
    assert.match(md, /`paged\.json`: per iteration: `page:0` skipped, `page:1` skipped, other keys runs/);
  });

  it('options built by a spread: the key is unknown, not dynamic, and the plan may skip it under its id', async () => {
    const md = value(await client.hover(file, { line: 5, character: 10 }));
    assert.match(md, /key: unknown, not dynamic: the options `\{ \.\.\.shared \}` are built by code the analysis does not evaluate/);
    assert.match(md, /`paged\.json`: may be skipped: cached under its id `policed` unless its options hold a key/);
  });
});
