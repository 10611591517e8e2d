// UI test of store rows in the real VS Code (code-server + chromium): a copy of the example workspace whose
// .vscode/settings.json names its libSQL store (stores/checkout.db, 1,240 rows written by the fixtures script).
// The Snapshots view lists the store beside the files; expanding it shows the newest rows and "Load more";
// the filter by id prefix narrows them; a row expands into its steps with replay states and opens as a
// read-only JSON document checked by the language server. Waits on the DOM and the test-state file, never on time.
// Run with `npm run test:e2e` (packages the .vsix first); prints "ui-stores: N passed, N failed".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, reporter, waitFor, withVsCode } from './harness.mjs';

export async function runUiStores() {
  const { results, check, step } = reporter('ui-stores');

  const workspace = copyWorkspace('stores');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'awaitlyLens.stores': ['libsql:stores/checkout.db'] }, null, 2));
  await withVsCode({ workspace, check, results, failureShot: 'ui-stores-failure.png' }, async (page, state, shot) => {
    await waitFor('activation', () => state().activated, 90_000);
    await waitFor('the language server', () => state().serverRunning, 60_000);

    const view = page.locator('.pane', { has: page.locator('.pane-header[aria-label*="Snapshot Explorer"]') });
    const row = (text) => view.locator(`.monaco-list-row[aria-label*="${text}"]`).first();
    const storeRow = row('checkout.db (table awaitly_snapshots)');

    await step('the Snapshots view lists the store from the workspace settings beside the files', async () => {
      await page.locator('.activitybar .action-item a[aria-label*="awaitly-lens"]').first().click();
      await row('checkout-payment-declined').waitFor({ timeout: 30_000 });
      await storeRow.waitFor({ timeout: 60_000 });
      return (await storeRow.getAttribute('aria-label')) ?? '';
    });

    await step('expanding the store shows its newest rows first, then "Load more"', async () => {
      await storeRow.locator('.monaco-tl-twistie').click();
      await row('checkout-cart-3240').waitFor({ timeout: 60_000 });
      await row('checkout-cart-3239').waitFor({ timeout: 10_000 });
      const labels = await view.locator('.monaco-list-row[aria-level="2"] .label-name').allTextContents();
      const rows = labels.filter((l) => l.startsWith('checkout-cart-'));
      if (rows[0] !== 'checkout-cart-3240' || rows[1] !== 'checkout-cart-3239') throw new Error(`rows read ${rows.slice(0, 3).join(', ')}`);
      await shot('stores-rows.png');
      // "Load more" is the last of the 50 rows and the list draws only what is in view: scroll down to it, run it.
      const list = view.locator('.monaco-list').first();
      const scroll = async (dy) => {
        await list.hover();
        await page.mouse.wheel(0, dy);
      };
      const more = view.locator('.monaco-list-row[aria-label*="Load more"]').first();
      await waitFor('the "Load more" row in view', async () => {
        await scroll(2000);
        return more.isVisible();
      }, 20_000);
      // How many children the store's node has drawn (the extension's test signal): 50 rows + "Load more" now.
      const drawn = () => Object.entries(state()).find(([k]) => k.startsWith('rendered:store:'))?.[1];
      if (drawn() !== 51) throw new Error(`the store drew ${drawn()} children, expected 50 rows and "Load more"`);
      // A click that lands while the list still scrolls hits no row: click again until the next page is drawn.
      for (let attempt = 0; attempt < 3 && drawn() === 51; attempt++) {
        await more.locator('.label-name').click();
        await waitFor('the next page drawn', () => drawn() !== 51, 15_000).catch(() => {});
      }
      if (drawn() !== 101) throw new Error(`after "Load more" the store drew ${drawn()} children, expected 100 rows and "Load more"`);
      await waitFor('the 100th row (checkout-cart-3141) after "Load more"', async () => {
        await scroll(2000);
        return view.locator('.monaco-list-row[aria-label*="checkout-cart-3141"]').first().isVisible();
      }, 30_000);
      // Back to the top, where no row is pinned over the others (sticky scroll).
      await waitFor('the top of the list back in view', async () => {
        await scroll(-20000);
        return (await row('checkout-completed-last-checkpoint').isVisible()) && (await view.locator('.monaco-tree-sticky-row').count()) === 0;
      }, 20_000);
    });

    await step('a row expands into its steps with their replay states', async () => {
      await row('checkout-cart-3240').locator('.monaco-tl-twistie').click();
      await view.locator('.monaco-list-row[aria-label*="payment:cart-3240"][aria-label*="replays failure"]').first().waitFor({ timeout: 60_000 });
      await view.locator('.monaco-list-row[aria-label*="loadCart"][aria-label*="skipped"]').first().waitFor({ timeout: 30_000 });
      // Collapse it again, so the rows below stay in view.
      await row('checkout-cart-3240').locator('.monaco-tl-twistie').click();
    });

    await step('clicking a row opens it as a read-only JSON document', async () => {
      await row('checkout-cart-3239').locator('.label-name').click();
      const tab = page.locator('.tabs-container .tab.active[aria-label*="checkout-cart-3239.json"]');
      await tab.waitFor({ timeout: 30_000 });
      await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: '"workflowName"' }).first().waitFor({ timeout: 30_000 });
      // Read-only: typing changes nothing (VS Code says it cannot edit a read-only editor).
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.type('xyz');
      const text = await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent();
      if (text?.includes('xyz')) throw new Error('the row document took an edit');
      // The server's diagnostics for the row (a replay-plan hover needs no file on disk): the language status shows JSON mode.
      const lang = await page.locator('.statusbar-item[id*="status.editor.mode"]').first().textContent();
      if (!/JSON/i.test(lang ?? '')) throw new Error(`language mode ${lang}`);
      await shot('stores-row-document.png');
      return (await tab.getAttribute('aria-label')) ?? '';
    });

    await step('the filter by id prefix narrows the store to the matching rows', async () => {
      await storeRow.hover();
      await storeRow.locator('.action-label[aria-label*="Filter Store Rows"]').click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('checkout-cart-2001');
      await page.keyboard.press('Enter');
      await view.locator('.monaco-list-row[aria-label*="checkout.db"][aria-label*="id starts with"]').first().waitFor({ timeout: 30_000 });
      await waitFor('only the matching row', async () => {
        const labels = (await view.locator('.monaco-list-row[aria-level="2"] .label-name').allTextContents()).filter((l) => l.startsWith('checkout-cart-'));
        return labels.length === 1 && labels[0] === 'checkout-cart-2001';
      }, 30_000);
      await shot('stores-filter.png');
    });
  });
  fs.rmSync(workspace, { recursive: true, force: true });
  return results;
}

if (process.argv[1] === import.meta.filename) {
  const r = await runUiStores();
  console.log(`ui-stores: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
