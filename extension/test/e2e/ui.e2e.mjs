// UI test in a real VS Code: code-server 4.100.3 + Debian chromium + playwright-core (see the README's extension
// section). Installs the built .vsix, opens the example workspace, opens the snapshot explorer, expands a
// snapshot and checks its replay states. Waits on the extension's test-state file and on the DOM, never on time.
// code-server and playwright-core are not devDependencies (460 MB); E2E_DEPS names a folder that has them:
//   mkdir -p /tmp/e2e && (cd /tmp/e2e && npm i code-server@4.100.3 playwright-core@1)   # ripgrep cache pre-seeded
//   npm run package && E2E_DEPS=/tmp/e2e npm run test:e2e
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const deps = createRequire(path.join(process.env.E2E_DEPS ?? ROOT, 'package.json'));
const entry = path.join(path.dirname(deps.resolve('code-server/package.json')), 'out/node/entry.js');
const { chromium } = deps('playwright-core');
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const vsix = path.join(ROOT, `awaitly-lens-${version}.vsix`);
const WS = path.join(ROOT, 'test-fixtures/example-workspace');
const ART = path.join(ROOT, 'artifacts');
fs.mkdirSync(ART, { recursive: true });

const T = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-e2e-'));
const env = { ...process.env, XDG_CONFIG_HOME: path.join(T, 'xc'), XDG_DATA_HOME: path.join(T, 'xd'), AWAITLY_LENS_TEST_STATE: path.join(T, 'state.json') };
fs.mkdirSync(path.join(T, 'ud/User'), { recursive: true });
fs.writeFileSync(path.join(T, 'ud/User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.tips.enabled': false }));
fs.writeFileSync(path.join(T, 'ud/config.yaml'), 'auth: none\n');
const common = ['--config', path.join(T, 'ud/config.yaml'), '--user-data-dir', path.join(T, 'ud'), '--extensions-dir', path.join(T, 'ext')];

let results = { passed: 0, failed: 0 };
const check = (name, ok, detail = '') => {
  results[ok ? 'passed' : 'failed']++;
  console.log(`${ok ? '  ✔' : '  ✖'} ${name}${detail ? `: ${detail}` : ''}`);
};

const install = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix, '--force'], { env, encoding: 'utf8' });
check('installs the .vsix in code-server', install.status === 0 && /awaitly-lens/.test(install.stdout), install.stderr.trim().split('\n').pop());

const server = spawn(process.execPath, [entry, '--bind-addr', '127.0.0.1:0', '--auth', 'none', ...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', WS], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let browser;
const deadline = (ms) => new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms).unref());
const waitFor = async (what, test, ms = 60_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await test();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval, not a wait for time to pass
  }
};
const state = () => { try { return JSON.parse(fs.readFileSync(env.AWAITLY_LENS_TEST_STATE, 'utf8')); } catch { return {}; } };
let page;
try {
  const url = await Promise.race([deadline(60_000), new Promise((resolve) => {
    let out = '';
    const on = (d) => { out += d; const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out); if (m) resolve(m[1]); };
    server.stdout.on('data', on);
    server.stderr.on('data', on);
  })]);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${url}?folder=${encodeURIComponent(WS)}`);
  await waitFor('activation', () => state().activated, 90_000);
  check('the extension activates', true);
  await waitFor('the snapshot store', () => state().storeLoaded !== undefined);
  check('finds the example snapshots', state().storeLoaded === 6, String(state().storeLoaded));
  await page.locator('.activitybar .action-item a[aria-label*="awaitly-lens"]').first().click();
  const fileRow = page.locator('.monaco-list-row[aria-label*="checkout-cart-1001"]').first();
  await fileRow.waitFor({ timeout: 30_000 });
  check('the snapshot explorer lists the snapshots', true);
  await fileRow.click();
  const failureRow = page.locator('.monaco-list-row[aria-label*="payment:cart-1001"]').first();
  await failureRow.waitFor({ timeout: 60_000 });
  await page.locator('.monaco-list-row[aria-label*="replays failure"]').first().waitFor({ timeout: 60_000 });
  check('expanding a snapshot shows replay states', true);
  await page.screenshot({ path: path.join(ART, 'explorer.png') });
} catch (e) {
  check('UI flow', false, e instanceof Error ? e.message : String(e));
  await page?.screenshot({ path: path.join(ART, 'failure.png') }).catch(() => {});
} finally {
  await browser?.close().catch(() => {});
  try { process.kill(-server.pid, 'SIGTERM'); } catch {}
}
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exitCode = results.failed ? 1 : 0;
