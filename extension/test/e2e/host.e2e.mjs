// Runs extension/test/host (mocha) inside the real VS Code extension host of code-server 4.100.3: the workbench
// URL's payload names the repository as extensionDevelopmentPath and the bundled tests as extensionTestsPath;
// the workbench calls window.codeAutomationExit(code) when run() settles. The tests write their results to
// AWAITLY_LENS_HOST_RESULTS; this prints one line per test and "host: N passed, N failed".
// Needs `npm run build` first (dist/extension.js, dist/server.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ARTIFACTS, ROOT, copyWorkspace, launchBrowser, makeProfile, readJson, startCodeServer } from './harness.mjs';

export async function runHost() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const testsJs = path.join(ROOT, 'out/test/host/index.js');
  await build({
    entryPoints: [path.join(ROOT, 'extension/test/host/index.ts')], outfile: testsJs, bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', sourcemap: 'inline', logLevel: 'warning', external: ['vscode', 'mocha'], mainFields: ['module', 'main'],
  });
  const workspace = copyWorkspace('host-ws');
  const profile = makeProfile();
  const resultsFile = path.join(profile.T, 'host-results.json');
  profile.env.AWAITLY_LENS_HOST_RESULTS = resultsFile;
  profile.env.AWAITLY_LENS_TEST_STATE = path.join(profile.T, 'state.json');

  let server;
  let browser;
  let page;
  let exitCode;
  let error;
  try {
    server = await startCodeServer(profile);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(testsJs)]];
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    exitCode = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 240_000).unref())]);
    if (exitCode === 'timeout') error = 'the in-host tests did not finish in 240 s';
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  } finally {
    await page?.screenshot({ path: path.join(ARTIFACTS, 'host.png') }).catch(() => {});
    await browser?.close().catch(() => {});
    server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }

  const { results = [], done } = readJson(resultsFile);
  fs.rmSync(profile.T, { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    if (r.state === 'passed') passed++;
    else failed++;
    console.log(`  ${r.state === 'passed' ? '✔' : '✖'} host: ${r.title}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
    if (r.error) console.log(r.error.split('\n').slice(0, 6).map((l) => `      ${l}`).join('\n'));
  }
  if (error || !done || (exitCode !== 0 && failed === 0)) {
    failed++;
    console.log(`  ✖ host: the in-host run: ${error ?? (done ? `exit code ${exitCode}` : 'no results (run() never finished)')}`);
  }
  return { passed, failed };
}

if (process.argv[1] === import.meta.filename) {
  const r = await runHost();
  console.log(`host: ${r.passed} passed, ${r.failed} failed`);
  process.exitCode = r.failed ? 1 : 0;
}
