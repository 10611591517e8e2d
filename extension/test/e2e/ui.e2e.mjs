// UI test in a real VS Code (code-server 4.100.3 + Debian chromium + playwright-core): installs the built .vsix,
// opens the example workspace, opens the snapshot explorer, expands a snapshot, sees its replay states, sets it
// active, clicks through to the step in code and sees the diagnostics in the Problems panel. Waits on the
// extension's test-state file (AWAITLY_LENS_TEST_STATE) and on the DOM, never on time. Screenshots: artifacts/.
// Run with `npm run test:e2e` (packages the .vsix first); prints "ui: N passed, N failed".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ARTIFACTS, EXAMPLE_WS, installVsix, launchBrowser, makeProfile, readJson, startCodeServer, waitFor } from './harness.mjs';

export async function runUi({ workspace = EXAMPLE_WS } = {}) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const results = { passed: 0, failed: 0 };
  const check = (name, ok, detail = '') => {
    results[ok ? 'passed' : 'failed']++;
    console.log(`  ${ok ? '✔' : '✖'} ui: ${name}${detail ? `: ${detail}` : ''}`);
    return ok;
  };
  const step = async (name, fn) => {
    try {
      const detail = await fn();
      return check(name, true, typeof detail === 'string' ? detail : '');
    } catch (e) {
      check(name, false, (e instanceof Error ? e.message : String(e)).split('\n')[0]);
      return false;
    }
  };

  const profile = makeProfile();
  const stateFile = path.join(profile.T, 'state.json');
  profile.env.AWAITLY_LENS_TEST_STATE = stateFile;
  const state = () => readJson(stateFile);

  const installed = installVsix(profile);
  if (!check('installs the .vsix in code-server', installed.ok, installed.ok ? '' : installed.out.split('\n').pop())) return results;

  let server;
  let browser;
  let page;
  const shot = (name) => page?.screenshot({ path: path.join(ARTIFACTS, name) }).catch(() => {});
  try {
    server = await startCodeServer(profile, { workspace });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);

    const ok = await step('the extension activates and its language server starts', async () => {
      await waitFor('activation', () => state().activated, 90_000);
      await waitFor('the language server', () => state().serverRunning, 60_000);
    });
    if (!ok) throw new Error('not activated');
    await step('the store finds the 6 example snapshots (notes.json skipped)', async () => {
      await waitFor('the snapshot store', () => state().storeLoaded !== undefined);
      if (state().storeLoaded !== 6) throw new Error(`found ${state().storeLoaded}`);
    });

    const view = page.locator('.pane', { has: page.locator('.pane-header[aria-label*="Snapshots"]') });
    const row = (text) => view.locator(`.monaco-list-row[aria-label*="${text}"]`).first();
    await step('the snapshot explorer opens from the activity bar and lists the snapshots', async () => {
      await page.locator('.activitybar .action-item a[aria-label*="awaitly-lens"]').first().click();
      await row('checkout-payment-declined.json').waitFor({ timeout: 30_000 });
      await row('onboarding-u-42').waitFor({ timeout: 30_000 });
    });

    const file = row('checkout-payment-declined.json');
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
  } catch (e) {
    check('UI flow', false, (e instanceof Error ? e.message : String(e)).split('\n')[0]);
  } finally {
    if (results.failed) await shot('ui-failure.png');
    await browser?.close().catch(() => {});
    server?.stop();
  }
  return results;
}

if (process.argv[1] === import.meta.filename) {
  const r = await runUi();
  console.log(`ui: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
