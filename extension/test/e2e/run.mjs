// `npm run test:e2e`: the in-host mocha tests, then the UI test, each in its own fresh code-server.
// Needs the build and the .vsix (the npm script packages first). Ends with "e2e: N passed, N failed".
import { runHost } from './host.e2e.mjs';
import { runUi } from './ui.e2e.mjs';
import { runUiViews } from './ui-views.e2e.mjs';
import { runUiStores } from './ui-stores.e2e.mjs';

const started = Date.now();
const host = await runHost();
console.log(`host: ${host.passed} passed, ${host.failed} failed`);
const ui = await runUi();
console.log(`ui: ${ui.passed} passed, ${ui.failed} failed`);
const views = await runUiViews();
console.log(`ui-views: ${views.passed} passed, ${views.failed} failed`);
const stores = await runUiStores();
console.log(`ui-stores: ${stores.passed} passed, ${stores.failed} failed`);
const passed = host.passed + ui.passed + views.passed + stores.passed;
const failed = host.failed + ui.failed + views.failed + stores.failed;
console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exitCode = failed ? 1 : 0;
