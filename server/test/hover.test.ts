// Hover on step calls over a real connection: id, key or pattern, kind, and the state in the active snapshot;
// user data from code and snapshots can never turn into markdown, links, HTML or commands.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { at, copyWorkspace, EXAMPLE, LspClient } from './helper';

function value(h: Hover | null): MarkupContent {
  assert.ok(h, 'a hover');
  assert.ok(typeof h.contents === 'object' && 'kind' in h.contents, 'MarkupContent');
  return h.contents;
}

/** The markdown with every code span removed (CommonMark: a run of N backticks closes at the next run of exactly N). */
export function outsideCodeSpans(md: string): string {
  let out = '';
  let i = 0;
  while (i < md.length) {
    if (md[i] === '\\' && i + 1 < md.length) {
      out += md.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (md[i] !== '`') {
      out += md[i++];
      continue;
    }
    let n = 0;
    while (md[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let j = i + n;
    let close = -1;
    while ((j = md.indexOf(fence, j)) !== -1) {
      if (md[j - 1] !== '`' && md[j + n] !== '`') {
        close = j;
        break;
      }
      j += n;
    }
    if (close === -1) {
      out += fence;
      i += n;
    } else {
      out += '<code>';
      i = close + n;
    }
  }
  return out.replace(/<code>/g, 'CODE');
}

describe('server: hover', function () {
  let ws: string;
  let client: LspClient;
  let file: string;
  let text: string;
  const hoverOn = async (call: string) => value(await client.hover(file, at(text).lineContaining(call).characterAfter(call.slice(0, 4))));

  before(async () => {
    ws = copyWorkspace(EXAMPLE);
    client = await LspClient.start({ folders: [ws] });
    file = path.join(ws, 'src', 'checkout.ts');
    await client.open(file);
    text = client.text(file);
  });
  after(async () => {
    await client.stop();
  });

  it('shows id, key, kind and "no active snapshot" when none is open', async () => {
    const md = await hoverOn("step('loadCart'");
    assert.equal(md.kind, 'markdown');
    assert.match(md.value, /\*\*awaitly step\*\* `loadCart` in workflow `checkout`/);
    assert.match(md.value, /key: `loadCart` \(from the id\)/);
    assert.match(md.value, /kind: `step`/);
    assert.match(md.value, /No active snapshot/);
  });

  it('answers for the text just typed: a hover sent with the edit shows the edited step', async () => {
    const original = client.text(file);
    const edited = original.replace("step('loadCart'", "step('loadBasket'");
    assert.notEqual(edited, original);
    const changed = client.change(file, [{ text: edited }]);
    const h = client.hover(file, at(edited).lineContaining("step('loadBasket'").characterAfter('step'));
    await changed;
    const md = value(await h);
    assert.match(md.value, /\*\*awaitly step\*\* `loadBasket` in workflow `checkout`/);
    assert.match(md.value, /key: `loadBasket` \(from the id\)/);
    // Back to the text the other tests find their positions in.
    await client.change(file, [{ text: original }]);
    assert.match((await hoverOn("step('loadCart'")).value, /`loadCart` in workflow `checkout`/);
  });

  it('shows the state in the active snapshot in the vocabulary\'s words: skipped, replays failure, runs, not reached', async () => {
    await client.open(path.join(ws, 'snapshots', 'checkout-payment-declined.json'));
    // The time shown is the snapshot's execution.lastUpdated (the fixture is regenerated, so read it).
    const declined = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'snapshots', 'checkout-payment-declined.json'), 'utf8'));
    assert.ok((await hoverOn("step('loadCart'")).value.includes(`\`checkout-payment-declined.json\`: skipped: cached at \`${declined.execution.lastUpdated}\` under \`loadCart\``));
    const charge = (await hoverOn("step('chargeCard'")).value;
    assert.match(charge, /key: pattern `payment:\$\{…\}` \(from the key option\)/);
    assert.match(charge, /: replays failure `\{"type":"CARD_DECLINED","declineCode":"insufficient_funds"\}`: the saved failure is returned without running the step/);
    assert.match((await hoverOn("step.retry('quoteShipping'")).value, /: runs \(its entry `quoteShipping` is recorded but never restored\)/);
    assert.match((await hoverOn("step('createShipment'")).value, /: not reached: an earlier step replays a saved failure/);
  });

  it('returns null away from step calls', async () => {
    assert.equal(await client.hover(file, { line: 0, character: 0 }), null);
  });

  it('escapes user data: a snapshot or a step id cannot inject markdown, links, HTML or commands', async () => {
    const evil = '`` ]</code>[run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>\n# Heading ![i](https://evil.example/x.png) *bold*';
    const wf = path.join(ws, 'src', 'evil.ts');
    const wfText = [
      "import { ok, createWorkflow } from 'awaitly';",
      "const evil = createWorkflow('evil-[x](command:evil)', {});",
      'export const go = () => evil.run(async ({ step }) => {',
      `  await step(${JSON.stringify(evil.replace('\n', ' '))}, () => ok(1));`,
      "  await step('pay', () => ok(2));",
      '});',
      '',
    ].join('\n');
    await client.open(wf, wfText);
    const snapshot = path.join(ws, 'snapshots', 'evil.json');
    fs.writeFileSync(snapshot, JSON.stringify({
      formatVersion: 1,
      workflowName: 'evil-[x](command:evil)',
      steps: {
        [evil.replace('\n', ' ')]: { ok: true, value: 1 },
        pay: { ok: false, error: { message: evil }, cause: { type: 'thrown', stringRepresentation: 'x' } },
      },
      execution: { status: 'running', lastUpdated: '[now](command:evil) <b>' },
    }, null, 2));
    await client.open(snapshot);
    await client.diagnostics(snapshot);
    for (const line of [3, 4]) {
      const h = value(await client.hover(wf, { line, character: 10 }));
      const outside = outsideCodeSpans(h.value);
      assert.doesNotMatch(outside, /command:/, h.value);
      assert.doesNotMatch(outside, /(?<!\\)[[<]/, h.value);
      assert.doesNotMatch(outside, /^#/m, h.value);
      assert.doesNotMatch(outside, /https?:/, h.value);
      assert.ok(h.value.includes('command:'), 'the text is still shown, inside code spans');
    }
    assert.match(value(await client.hover(wf, { line: 4, character: 10 })).value, /saved failure/);
  });

  it('answers in plain text to a client without markdown', async () => {
    const plain = await LspClient.start({
      folders: [ws],
      capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] } } },
    });
    try {
      await plain.open(file);
      await plain.diagnostics(file);
      const h = value(await plain.hover(file, at(text).lineContaining("step('loadCart'").characterAfter('ste')));
      assert.equal(h.kind, 'plaintext');
      assert.match(h.value, /awaitly step loadCart in workflow checkout/);
    } finally {
      await plain.stop();
    }
  });
});
