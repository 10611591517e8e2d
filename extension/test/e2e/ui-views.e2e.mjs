// UI test of the rendered views and of what the editor shows, in a real VS Code (code-server 4.100.3 + Debian
// chromium + playwright-core), at the default window (1600×900 here, as ui.e2e.mjs) and side-bar size:
//  - "Show Replay Plan" opens a webview tab (no Untitled editor) whose rows are the plan; a step key holding
//    `<img src=x onerror=…>` is shown as text.
//  - "Show Replay Timeline": one row per step; a click on a row moves the editor to the step's line.
//  - the inlay hint "replays failure: CARD_DECLINED" is on the chargeCard call's line.
//  - the Problems panel lists the missing cause of checkout-missing-cause.json once (no schema duplicate).
//  - a plain TypeScript workspace (no awaitly): no language server, no status bar item, no activity bar icon.
// Waits on the extension's test-state file and on the DOM, never on time. Screenshots: artifacts/views-*.png.
// Run with `npm run package && node extension/test/e2e/ui-views.e2e.mjs`; prints "ui-views: N passed, N failed".
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyWorkspace, reporter, waitFor, withVsCode } from './harness.mjs';

const EVIL_KEY = '<img src=x onerror="window.__lensPwned=1">';

/**
 * Runs a command from the palette (F1). A webview that holds the focus can take the key before the workbench sees
 * it (once in ~10 CI runs the palette never opened after a plan tab), so each try first hands the focus back to
 * the workbench, and a try whose palette or command row does not show is made again.
 */
async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input.input');
  const seen = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Escape');
    await page.evaluate(() => { if (document.activeElement instanceof HTMLElement) document.activeElement.blur(); });
    await page.keyboard.press('F1');
    if (!await input.waitFor({ timeout: 10_000 }).then(() => true, () => false)) { seen.push('no palette'); continue; }
    await input.fill(`>${title}`);
    // The title (its start): a recently used command that also matches the words would be first in the list.
    const item = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) }).first();
    if (await item.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await item.click();
      return;
    }
    seen.push(`rows ${JSON.stringify(await rowTexts(page))}`);
  }
  throw new Error(`the command "${title}" was not run from the palette: ${seen.join('; ')}`);
}

/** The rows the quick input shows now (for an error that says what was there). */
async function rowTexts(page) {
  return page.locator('.quick-input-list .monaco-list-row').allTextContents().catch(() => []);
}

/** Picks the quick-pick item whose detail/label contains `text`. */
async function pickItem(page, text) {
  const input = page.locator('.quick-input-widget input.input');
  // The command's own pick, not the palette still closing: typing into that would search files instead.
  await waitFor(`a quick pick to pick "${text}" in`, async () => await input.isVisible() && !(await input.inputValue({ timeout: 1_000 }).catch(() => '>')).startsWith('>'), 15_000);
  await input.fill(text);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  if (!await row.waitFor({ timeout: 15_000 }).then(() => true, () => false)) throw new Error(`no "${text}" row in the quick pick: ${JSON.stringify(await rowTexts(page))}`);
  await page.keyboard.press('Enter');
}

/** The webview frame whose document matches `selector` (webviews are nested iframes in the workbench). */
async function webviewFrame(page, selector, what, text = '') {
  return waitFor(what, async () => {
    for (const f of page.frames()) {
      const n = await f.evaluate(([s, t]) => [...document.querySelectorAll(s)].filter((e) => e.textContent.includes(t)).length, [selector, text]).catch(() => 0);
      if (n > 0) return f;
    }
    return undefined;
  }, 30_000);
}

export async function runUiViews() {
  const { results, check, step } = reporter('ui-views');

  // An awaitly workspace with one more snapshot: an unknown step key that is HTML.
  const workspace = copyWorkspace('ui-views');
  fs.writeFileSync(path.join(workspace, 'snapshots/evil-key.json'), `${JSON.stringify({
    formatVersion: 1, workflowName: 'checkout-cart-1001',
    steps: { loadCart: { ok: true, value: { id: 'cart-1001' } }, [EVIL_KEY]: { ok: true, value: 1 } },
    execution: { status: 'running', lastUpdated: '2026-12-02T18:41:17.658Z', currentStepId: 'loadCart' },
  }, null, 2)}\n`);
  const checkoutLines = fs.readFileSync(path.join(workspace, 'src/checkout.ts'), 'utf8').split('\n');
  const lineOf = (text) => checkoutLines.findIndex((l) => l.includes(text)) + 1;

  await withVsCode({ workspace, check, results, prefix: 'views', failureShot: 'failure.png' }, async (page, state, shot) => {
    const ok = await step('the extension activates and its language server starts', async () => {
      await waitFor('activation', () => state().activated, 90_000);
      await waitFor('the language server', () => state().serverRunning, 60_000);
      await waitFor('the snapshot store', () => state().storeLoaded !== undefined);
    });
    if (!ok) return;

    const tabs = page.locator('.tabs-container .tab');
    await step('a step key holding <img src=x onerror=…> is shown as text in the plan, never as an element', async () => {
      // No active snapshot yet: the command asks which one.
      await runCommand(page, 'awaitly-lens: Show Replay Plan');
      await pickItem(page, 'evil-key');
      await page.locator('.tabs-container .tab[aria-label*="Replay plan: evil-key.json"]').first().waitFor({ timeout: 30_000 });
      const frame = await webviewFrame(page, 'li[data-unknown]', 'the unknown-key list of evil-key.json');
      const got = await frame.evaluate(() => ({
        text: [...document.querySelectorAll('li[data-unknown] code')].map((c) => c.textContent),
        imgs: document.querySelectorAll('img').length,
        pwned: !!window.__lensPwned,
      }));
      if (!got.text.includes('<img src=x onerror="window.__lensPwned=1">')) throw new Error(`the key is not shown as text: ${JSON.stringify(got.text)}`);
      if (got.imgs || got.pwned) throw new Error(`markup ran: ${got.imgs} img element(s), handler ran: ${got.pwned}`);
    });

    await step('"Set Active Snapshot" from the palette makes checkout-payment-declined.json active', async () => {
      await runCommand(page, 'awaitly-lens: Set Active Snapshot');
      await pickItem(page, 'checkout-payment-declined');
      await page.locator('.statusbar-item', { hasText: 'checkout-payment-declined.json' }).first().waitFor({ timeout: 30_000 });
    });

    await step('"Show Replay Plan" opens a rendered webview tab with the plan rows, and no Untitled editor', async () => {
      await runCommand(page, 'awaitly-lens: Show Replay Plan');
      await waitFor('the replay plan view', () => state()['view:replayPlan'], 30_000);
      await page.locator('.tabs-container .tab[aria-label*="Replay plan: checkout-payment-declined.json"]').first().waitFor({ timeout: 30_000 });
      const frame = await webviewFrame(page, 'tr.row[data-step]', 'plan rows in a webview', 'payment:cart-1001');
      const rows = await frame.evaluate(() => [...document.querySelectorAll('tr.row')].map((r) => r.textContent.replace(/\s+/g, ' ').trim()));
      if (!rows.some((r) => r.includes('payment:cart-1001') && r.includes('replays failure'))) throw new Error(`no payment:cart-1001 row that replays a failure in ${JSON.stringify(rows)}`);
      if (!rows.some((r) => r.includes('loadCart') && r.includes('skipped'))) throw new Error('no skipped loadCart row');
      const untitled = await tabs.filter({ hasText: /Untitled/ }).count();
      if (untitled) throw new Error(`${untitled} Untitled editor(s)`);
      const planTabs = await page.locator('.tabs-container .tab[aria-label*="Replay plan"]').count();
      if (planTabs !== 1) throw new Error(`${planTabs} plan tabs (the panel is reused: one)`);
      await shot('replay-plan.png');
      return `${rows.length} rows`;
    });

    await step('"Show Replay Timeline": one row per step; the chargeCard row links to its line in the code and to its entry in the JSON', async () => {
      await runCommand(page, 'awaitly-lens: Show Replay Timeline');
      const expected = await waitFor('the timeline rows', () => state().timelineRows, 30_000);
      await page.locator('.tabs-container .tab[aria-label*="Timeline: checkout-payment-declined.json"]').first().waitFor({ timeout: 30_000 });
      const frame = await webviewFrame(page, 'tr.row button[data-code]', 'timeline rows in a webview');
      const count = await frame.evaluate(() => document.querySelectorAll('tr.row').length);
      if (count !== expected || count < 6) throw new Error(`${count} rows shown, ${expected} built`);
      const cause = await frame.evaluate(() => [...document.querySelectorAll('tr.row')].find((r) => r.textContent.includes('payment:cart-1001'))?.textContent ?? '');
      if (!cause.includes('CARD_DECLINED')) throw new Error(`the chargeCard row lacks its failure cause: ${cause}`);
      await shot('timeline.png');
      await frame.locator('tr.row', { hasText: 'payment:cart-1001' }).locator('button[data-code]').click();
      const want = lineOf("step('chargeCard'");
      await page.locator('.tabs-container .tab.active[aria-label*="checkout.ts"]').first().waitFor({ timeout: 30_000 });
      const status = page.locator('.statusbar-item[id="status.editor.selection"]');
      const text = await waitFor(`the cursor on line ${want}`, async () => {
        const t = (await status.textContent().catch(() => '')) ?? '';
        return t.includes(`Ln ${want},`) ? t : undefined;
      }, 15_000);
      // The key is the second link: to the entry in the snapshot JSON.
      const jsonLine = fs.readFileSync(path.join(workspace, 'snapshots/checkout-payment-declined.json'), 'utf8').split('\n').findIndex((l) => l.includes('"payment:cart-1001": {')) + 1;
      await frame.locator('tr.row', { hasText: 'payment:cart-1001' }).locator('button[data-json]').click();
      await page.locator('.tabs-container .tab.active[aria-label*="checkout-payment-declined.json"]').first().waitFor({ timeout: 30_000 });
      const json = await waitFor(`the cursor on the entry's line ${jsonLine}`, async () => {
        const t = (await status.textContent().catch(() => '')) ?? '';
        return t.includes(`Ln ${jsonLine},`) ? t : undefined;
      }, 15_000);
      await frame.locator('tr.row', { hasText: 'payment:cart-1001' }).locator('button[data-code]').click();
      await page.locator('.tabs-container .tab.active[aria-label*="checkout.ts"]').first().waitFor({ timeout: 30_000 });
      return `${count} rows; code at "${text.trim()}", JSON at "${json.trim()}"`;
    });

    await step('the inlay hint "replays failure: CARD_DECLINED" sits at the start of the chargeCard call', async () => {
      const line = page.locator('.editor-group-container .monaco-editor .view-line', { hasText: "step('chargeCard'" }).first();
      await line.waitFor({ timeout: 30_000 });
      // Monaco renders spaces as U+00A0: compare with whitespace normalised.
      const lineText = async () => ((await line.textContent()) ?? '').replace(/\s+/g, ' ');
      await waitFor('the inlay hint on the chargeCard line', async () => (await lineText()).includes('replays failure: CARD_DECLINED'), 30_000)
        .catch(async (e) => {
          await shot('inlay-hint-failure.png');
          throw new Error(`${e.message}; the line reads: ${await line.textContent()}`);
        });
      const text = await lineText();
      if (text.indexOf('replays failure') > text.indexOf("step('chargeCard'")) throw new Error(`the hint is not before the call: ${text}`);
      await shot('inlay-hint.png');
      return text.trim();
    });

    await step('the Problems panel lists the missing cause of checkout-missing-cause.json once (no schema duplicate)', async () => {
      // Quick Open the snapshot, then the panel.
      await page.keyboard.press('Control+P');
      await pickItem(page, 'checkout-missing-cause.json');
      await page.locator('.tabs-container .tab.active[aria-label*="checkout-missing-cause.json"]').first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'missing-required-field' }).first().waitFor({ timeout: 60_000 });
      // VS Code's own JSON service has run on this file once its outline has symbols (state, not time).
      await runCommand(page, 'Go to Symbol in Editor');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'steps' }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Escape');
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
      // Problem rows, not the file's row ("1 problems in file checkout-missing-cause.json …").
      const problems = labels.filter((l) => !/problems? in file/.test(l));
      const aboutCause = problems.filter((l) => /missing (property )?"?cause/i.test(l)); // the server: "missing cause field"; the schema: Missing property "cause"
      await shot('problems.png');
      if (aboutCause.length !== 1) throw new Error(`${aboutCause.length} problems about the cause: ${JSON.stringify(aboutCause)}`);
      return `${problems.length} problem(s): ${JSON.stringify(aboutCause)}`;
    });
  });
  fs.rmSync(workspace, { recursive: true, force: true });

  // A plain TypeScript project: package.json without awaitly, a tsconfig, one .ts file.
  if (process.env.UI_VIEWS_SKIP_PLAIN) return results;
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-plain-'));
  fs.writeFileSync(path.join(plain, 'package.json'), `${JSON.stringify({ name: 'plain', version: '1.0.0', devDependencies: { typescript: '^5.9.0' } }, null, 2)}\n`);
  fs.writeFileSync(path.join(plain, 'tsconfig.json'), '{ "compilerOptions": { "strict": true } }\n');
  fs.mkdirSync(path.join(plain, 'src'));
  fs.writeFileSync(path.join(plain, 'src/index.ts'), 'export const answer: number = 42;\n');
  await withVsCode({ workspace: plain, check, results, prefix: 'plain', failureShot: 'failure.png' }, async (page, state, shot) => {
    await step('in a TypeScript workspace without awaitly: no language server, no status bar item, no activity bar icon', async () => {
      await waitFor('the extension to look at the workspace', () => state().gated, 90_000);
      await page.keyboard.press('Control+P');
      await pickItem(page, 'index.ts');
      await page.locator('.tabs-container .tab.active[aria-label*="index.ts"]').first().waitFor({ timeout: 30_000 });
      await page.locator('.statusbar-item').first().waitFor({ timeout: 30_000 });
      const s = state();
      if (s.activated || s.serverRunning) throw new Error(`started anyway: ${JSON.stringify(s)}`);
      const status = await page.locator('.statusbar-item', { hasText: /awaitly/ }).count();
      const icon = await page.locator('.activitybar .action-item a[aria-label*="awaitly-lens"]').count();
      await shot('no-awaitly.png');
      if (status || icon) throw new Error(`${status} status bar item(s), ${icon} activity bar icon(s)`);
    });
    await step('adding awaitly to package.json starts it (status bar item, language server)', async () => {
      fs.writeFileSync(path.join(plain, 'package.json'), `${JSON.stringify({ name: 'plain', version: '1.0.0', dependencies: { awaitly: '1.35.0' } }, null, 2)}\n`);
      await waitFor('activation', () => state().activated, 60_000);
      await waitFor('the language server', () => state().serverRunning, 60_000);
      await page.locator('.statusbar-item', { hasText: /awaitly/ }).first().waitFor({ timeout: 30_000 });
    });
  });
  fs.rmSync(plain, { recursive: true, force: true });
  return results;
}

if (process.argv[1] === import.meta.filename) {
  const r = await runUiViews();
  console.log(`ui-views: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
