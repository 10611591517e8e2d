// UI test in a real VS Code (code-server 4.100.3 + Debian chromium + playwright-core): installs the built .vsix,
// opens the example workspace, opens the snapshot explorer at the default side-bar width (its rows' labels distinct
// and whole, their states visible), expands a snapshot, sees its replay states, sets it active, clicks through to the step in
// code and sees the diagnostics in the Problems panel. Then the context menus, right-clicked and picked from the
// workbench's real (HTML) menus: "Show in Snapshot Explorer" on a step call in the editor, "Show Replay Plan" on a
// snapshot row, "Set Active Snapshot" on a .json in the file Explorer. Waits on the extension's test-state file
// (AWAITLY_LENS_TEST_STATE) and on the DOM, never on time. Screenshots: artifacts/.
// Run with `npm run test:e2e` (packages the .vsix first); prints "ui: N passed, N failed".
import { EXAMPLE_WS, reporter, waitFor, withVsCode } from './harness.mjs';

export async function runUi({ workspace = EXAMPLE_WS } = {}) {
  const { results, check, step } = reporter('ui');

  await withVsCode({ workspace, check, results, failureShot: 'ui-failure.png' }, async (page, state, shot) => {
    const ok = await step('the extension activates and its language server starts', async () => {
      await waitFor('activation', () => state().activated, 90_000);
      await waitFor('the language server', () => state().serverRunning, 60_000);
    });
    if (!ok) throw new Error('not activated');
    await step('the store finds the 6 example snapshots (notes.json skipped)', async () => {
      await waitFor('the snapshot store', () => state().storeLoaded !== undefined);
      if (state().storeLoaded !== 6) throw new Error(`found ${state().storeLoaded}`);
    });

    const view = page.locator('.pane', { has: page.locator('.pane-header[aria-label*="Snapshot Explorer"]') });
    const row = (text) => view.locator(`.monaco-list-row[aria-label*="${text}"]`).first();
    await step('the snapshot explorer opens from the activity bar and lists the snapshots', async () => {
      await page.locator('.activitybar .action-item a[aria-label*="awaitly-lens"]').first().click();
      await row('checkout-payment-declined').waitFor({ timeout: 30_000 });
      await row('onboarding-mid-run').waitFor({ timeout: 30_000 });
    });

    // At the side bar's default width (not widened): each snapshot row shows its own file name whole, and its
    // state (icon and short text) without being cut off.
    await step('at the default side-bar width the snapshot rows read distinct, whole labels and their states', async () => {
      const width = Math.round((await page.locator('.part.sidebar').boundingBox())?.width ?? 0);
      const rows = await waitFor('every snapshot row with its state from the server', async () => {
        const r = await view.locator('.monaco-list-row[aria-level="1"]').evaluateAll((els) => els.map((el) => {
          const container = el.querySelector('.monaco-icon-label-container');
          const name = el.querySelector('.label-name');
          const box = container?.getBoundingClientRect();
          const right = (e) => (e ? e.getBoundingClientRect().right : 0);
          return {
            aria: el.getAttribute('aria-label') ?? '',
            label: name?.textContent ?? '',
            description: el.querySelector('.label-description')?.textContent ?? '',
            // Cut off: the text runs past the box that shows it (VS Code ends it with an ellipsis there).
            labelCut: !box || right(name) > box.right + 0.5,
            descriptionCut: !box || right(el.querySelector('.label-description')) > box.right + 0.5,
            state: !!el.querySelector('.custom-view-tree-node-item-icon'),
          };
        }));
        return r.length >= 6 && r.every((x) => x.description && x.description !== 'checking…') ? r : undefined;
      }, 90_000);
      const labels = rows.map((r) => r.label);
      if (new Set(labels).size !== labels.length) throw new Error(`labels repeat: ${labels.join(', ')}`);
      const cut = rows.filter((r) => r.labelCut);
      if (cut.length) throw new Error(`labels cut off at ${width} px: ${cut.map((r) => r.label).join('; ')}`);
      const noIcon = rows.filter((r) => !r.state);
      if (noIcon.length) throw new Error(`rows without a state icon: ${noIcon.map((r) => r.label).join('; ')}`);
      const declined = rows.find((r) => r.aria.startsWith('checkout-payment-declined.json'));
      if (!/^replays (CARD_DECLINED|failure)$|^failure$/.test(declined?.description ?? '')) throw new Error(`checkout-payment-declined reads "${declined?.description}"`);
      const renamed = rows.find((r) => r.aria.startsWith('checkout-renamed-step.json'));
      if (!renamed || /valid|clean/.test(renamed.description)) throw new Error(`a snapshot with an unknown step reads "${renamed?.description}"`);
      await shot('explorer-default-width.png');
      const short = rows.filter((r) => r.descriptionCut);
      if (short.length) throw new Error(`state text cut off at ${width} px: ${short.map((r) => `${r.label} ${r.description}`).join('; ')}`);
      return `${width} px: ${rows.map((r) => `${r.label} (${r.description})`).join(', ')}`;
    });

    const file = row('checkout-payment-declined');
    await step('expanding a snapshot shows its replay states', async () => {
      await file.locator('.monaco-tl-twistie').click();
      await row('payment:cart-1001').waitFor({ timeout: 60_000 });
      await view.locator('.monaco-list-row[aria-label*="payment:cart-1001"][aria-label*="replays failure"]').first().waitFor({ timeout: 30_000 });
      await view.locator('.monaco-list-row[aria-label*="loadCart"][aria-label*="skipped"]').first().waitFor({ timeout: 30_000 });
    });

    await step('the eye on a snapshot row makes it the active snapshot (status bar, decorations)', async () => {
      await file.hover();
      await file.locator('.action-label[aria-label*="Set Active Snapshot"]').click();
      await page.locator('.statusbar-item', { hasText: 'checkout-payment-declined.json' }).first().waitFor({ timeout: 30_000 });
      // Its row is marked as the active one (highlighted label, read out as active).
      await view.locator('.monaco-list-row[aria-label^="checkout-payment-declined.json"][aria-label$="active snapshot"]').first().waitFor({ timeout: 30_000 });
      await view.locator('.monaco-list-row[aria-label*="checkout-payment-declined"] .monaco-highlighted-label .highlight').first().waitFor({ timeout: 10_000 });
    });

    await step('"Go to Step in Code" on a step row opens the step call in checkout.ts', async () => {
      const stepRow = row('payment:cart-1001');
      await stepRow.hover();
      await stepRow.locator('.action-label[aria-label*="Go to Step in Code"]').click();
      await page.locator('.tabs-container .tab.active[aria-label*="checkout.ts"]').waitFor({ timeout: 30_000 });
      await waitFor('decorations in checkout.ts', () => Object.keys(state()).some((k) => k.startsWith('decorations:') && k.endsWith('checkout.ts') && state()[k] > 0), 30_000);
      await page.locator('.monaco-editor .view-lines', { hasText: 'chargeCard' }).first().waitFor({ timeout: 30_000 });
      await waitFor('gutter icons drawn', async () => (await page.locator('.monaco-editor .cgmr').count()) >= 3, 30_000);
      await shot('explorer.png');
    });

    await step('the Problems panel shows the server\'s diagnostics for checkout.ts', async () => {
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row');
      await problems.filter({ hasText: 'immediate-step-execution' }).first().waitFor({ timeout: 60_000 });
      await problems.filter({ hasText: 'colliding-step-keys' }).first().waitFor({ timeout: 30_000 });
      await shot('problems.png');
    });

    // Context menus: right-click, then pick the item from the workbench's own menu (HTML in code-server).
    const menuItem = (label) => page.locator(`.monaco-menu .action-menu-item .action-label[aria-label^="${label}"]`).first();
    // A menu item listens for mouseup only from 100 ms after the menu renders (VS Code's menu.ts), so a click that
    // comes sooner is lost: click until the menu is gone (state), instead of sleeping first.
    const pick = async (target, label, clickOptions = {}) => {
      await target.click({ button: 'right', ...clickOptions });
      const item = menuItem(label);
      await item.waitFor({ timeout: 15_000 });
      await waitFor(`the context menu to run "${label}"`, async () => {
        if (!(await page.locator('.monaco-menu').count())) return true;
        await item.click({ timeout: 2_000 }).catch(() => {});
        return page.locator('.monaco-menu').first().waitFor({ state: 'detached', timeout: 1_000 }).then(() => true, () => false);
      }, 15_000);
    };
    const selectedRow = (text) => view.locator(`.monaco-list-row.selected[aria-label^="${text}"]`);

    await step('editor context menu on a step call → "Show in Snapshot Explorer" selects and focuses its row', async () => {
      // loadCart: not the row "Go to Step in Code" started from, so only this command can select it.
      if (await selectedRow('loadCart ').count()) throw new Error('the loadCart row was already selected');
      const line = page.locator('.editor-group-container .monaco-editor .view-line', { hasText: "step('loadCart'" }).first();
      await line.waitFor({ timeout: 30_000 });
      const callee = line.locator('span > span', { hasText: /^'loadCart'$/ }).first();
      await pick(callee, 'Show in Snapshot Explorer');
      await view.locator('.monaco-list-row.selected.focused[aria-label^="loadCart "]').waitFor({ timeout: 30_000 });
      await waitFor('the snapshot tree to have the keyboard focus', () => view.locator('.monaco-list:focus-within').count(), 10_000);
      const label = await view.locator('.monaco-list-row.selected').first().getAttribute('aria-label');
      await shot('show-in-explorer.png');
      return `selected row "${label}"`;
    });

    await step('snapshot row context menu → "Show Replay Plan" opens the plan of that snapshot', async () => {
      // Not the active snapshot: the plan must come from the row the menu was opened on.
      // Hide the panel first, so the plan's editor has the height for its first rows.
      if (await page.locator('.part.panel').isVisible()) {
        await page.keyboard.press('Control+J');
        await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: 10_000 });
      }
      await pick(row('checkout-completed-last-checkpoint'), 'Show Replay Plan');
      // The plan opens in a webview (nested iframes): find the frame that holds its rows.
      const frame = await waitFor('the replay plan of checkout-completed-last-checkpoint.json in a webview', async () => {
        for (const f of page.frames()) {
          const text = await f.evaluate(() => (document.querySelector('h1')?.textContent ?? '') + [...document.querySelectorAll('.summary, tr.row')].map((r) => r.textContent.replace(/\s+/g, ' ')).join('\n')).catch(() => '');
          if (text.includes('Replay plan: checkout-completed-last-checkpoint.json') && text.includes('6 skipped · 1 run')) return f;
        }
        return undefined;
      }, 30_000);
      const rows = await frame.evaluate(() => [...document.querySelectorAll('tr.row')].map((r) => r.textContent.replace(/\s+/g, ' ')));
      if (!rows.some((r) => r.includes('loadCart') && r.includes('skipped'))) throw new Error(`no skipped loadCart row: ${JSON.stringify(rows)}`);
      await page.locator('.tabs-container .tab[aria-label*="Replay plan: checkout-completed-last-checkpoint.json"]').first().waitFor({ timeout: 10_000 });
      await shot('replay-plan.png');
    });

    await step('file Explorer context menu on a snapshot .json → "Set Active Snapshot" changes the status bar', async () => {
      const status = (name) => page.locator('.statusbar-item', { hasText: name });
      if (!(await status('checkout-payment-declined.json').count())) throw new Error('the status bar did not show checkout-payment-declined.json before');
      // The item, not its <a> (a badge may lie over the icon).
      await page.locator('.activitybar .action-item:has(> a[aria-label^="Explorer"])').first().click();
      const folder = page.locator('.explorer-folders-view .monaco-list-row[aria-label="snapshots"]');
      const json = page.locator('.explorer-folders-view .monaco-list-row[aria-label="checkout-completed-last-checkpoint.json"]');
      await folder.waitFor({ timeout: 30_000 });
      if (!(await json.count())) await folder.click();
      await json.waitFor({ timeout: 30_000 });
      await pick(json, 'Set Active Snapshot');
      await status('checkout-completed-last-checkpoint.json').first().waitFor({ timeout: 30_000 });
      await status('checkout-payment-declined.json').first().waitFor({ state: 'detached', timeout: 10_000 });
      const text = (await status('checkout-completed-last-checkpoint.json').first().textContent())?.trim();
      await shot('explorer-context.png');
      return `status bar: "${text}"`;
    });
  });
  return results;
}

if (process.argv[1] === import.meta.filename) {
  const r = await runUi();
  console.log(`ui: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
