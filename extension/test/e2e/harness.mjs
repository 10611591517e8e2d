// Shared by the UI test, the in-host test runner and `npm start`: a code-server 4.100.3 (npm devDependency, the
// real VS Code 1.100 workbench and extension host) in a fresh temp dir, and Debian's chromium through
// playwright-core. See /work/shared/reference/vscode-e2e.md for why this and not @vscode/test-electron.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const req = createRequire(path.join(ROOT, 'package.json'));
export const ENTRY = path.join(path.dirname(req.resolve('code-server/package.json')), 'out/node/entry.js');
export const EXAMPLE_WS = path.join(ROOT, 'test-fixtures/example-workspace');
export const ARTIFACTS = path.join(ROOT, 'artifacts');
export const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
export const VSIX = path.join(ROOT, `awaitly-lens-${VERSION}.vsix`);
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A fresh user-data dir, extensions dir and XDG dirs; `env` is what code-server (and so the extension host) gets. */
export function makeProfile(extraEnv = {}) {
  const T = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-cs-'));
  const ud = path.join(T, 'ud');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.writeFileSync(path.join(ud, 'User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'git.openRepositoryInParentFolders': 'never',
    'git.enabled': false,
  }, null, 2));
  fs.writeFileSync(path.join(ud, 'config.yaml'), 'auth: none\n');
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(T, 'xc'), XDG_DATA_HOME: path.join(T, 'xd'), ...extraEnv };
  const args = ['--config', path.join(ud, 'config.yaml'), '--user-data-dir', ud, '--extensions-dir', path.join(T, 'ext')];
  return { T, env, args };
}

export function installVsix(profile, vsix = VSIX) {
  const r = spawnSync(process.execPath, [ENTRY, ...profile.args, '--install-extension', vsix, '--force'], { env: profile.env, encoding: 'utf8' });
  return { ok: r.status === 0 && /awaitly-lens/.test(r.stdout), out: `${r.stdout}\n${r.stderr}`.trim() };
}

/** Starts code-server on 127.0.0.1 (port 0 = any free one); resolves when it prints its URL. */
export async function startCodeServer(profile, { workspace, port = 0, host = '127.0.0.1', log } = {}) {
  const argv = [ENTRY, '--bind-addr', `${host}:${port}`, '--auth', 'none', ...profile.args, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
  if (workspace) argv.push(workspace);
  const child = spawn(process.execPath, argv, { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  };
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not print its URL in 60 s:\n${output}`)), 60_000);
    const on = (d) => {
      output += d;
      log?.(String(d));
      const m = /HTTP server listening on (http:\/\/[^\s/]+\/)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
    });
  });
  return { child, url, port: Number(new URL(url).port), stop, output: () => output };
}

export async function launchBrowser() {
  const { chromium } = req('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** Polls a condition (state, never a fixed sleep); the interval only bounds how often it looks. */
export async function waitFor(what, test, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await test();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

/** Copies a workspace under out/ (inside the repo, so `awaitly` and @types/node still resolve from the root). */
export function copyWorkspace(name) {
  const dest = path.join(ROOT, 'out/e2e', `${name}-${process.pid}`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(EXAMPLE_WS, dest, { recursive: true });
  return dest;
}

/** The test's pass/fail counter: `check` records one result, `step` runs one named step and records how it ended. */
export function reporter(prefix) {
  const results = { passed: 0, failed: 0 };
  const check = (name, ok, detail = '') => {
    results[ok ? 'passed' : 'failed']++;
    console.log(`  ${ok ? '✔' : '✖'} ${prefix}: ${name}${detail ? `: ${detail}` : ''}`);
    return ok;
  };
  const step = async (name, fn) => {
    try {
      const detail = await fn();
      return check(name, true, typeof detail === 'string' ? detail : '');
    } catch (e) {
      check(name, false, (e instanceof Error ? e.message : String(e)).split('\n')[0]);
      if (process.env.UI_DEBUG) console.log(e); // the whole error, with playwright's call log
      return false;
    }
  };
  return { results, check, step };
}

/**
 * code-server with the installed .vsix, and a browser page at the default window size (1600×900) opened on
 * `workspace`; `fn(page, state, shot)` drives it (state: the extension's test-state file, read anew each call;
 * shot(name): a screenshot in artifacts/, named `<prefix>-<name>` when a prefix is given). A throw that escapes the
 * steps is a failed check named `flow`; a failed run leaves `failureShot` in artifacts/. Everything is closed after.
 */
export async function withVsCode({ workspace, check, results, prefix, failureShot }, fn) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const profile = makeProfile();
  const stateFile = path.join(profile.T, 'state.json');
  profile.env.AWAITLY_LENS_TEST_STATE = stateFile;
  const installed = installVsix(profile);
  if (!check(`installs the .vsix in code-server${prefix ? ` (${prefix})` : ''}`, installed.ok, installed.ok ? '' : installed.out.split('\n').pop())) return;
  let server;
  let browser;
  let page;
  const shot = (name) => page?.screenshot({ path: path.join(ARTIFACTS, prefix ? `${prefix}-${name}` : name) }).catch(() => {});
  const failedBefore = results.failed;
  try {
    server = await startCodeServer(profile, { workspace });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await fn(page, () => readJson(stateFile), shot);
  } catch (e) {
    check(`${prefix ? `${prefix}: ` : ''}flow`, false, (e instanceof Error ? e.message : String(e)).split('\n')[0]);
  } finally {
    if (results.failed > failedBefore) await shot(failureShot);
    await browser?.close().catch(() => {});
    server?.stop();
    fs.rmSync(profile.T, { recursive: true, force: true });
  }
}
