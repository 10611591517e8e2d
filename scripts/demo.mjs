// `npm run demo`: the CLI on the bundled example workspace. It runs the built CLI the way CI would
// and shows what it finds. The workspace holds deliberate problems, so "problems found" (exit 1) is
// the expected outcome here; anything else (a crash, a usage error) fails the demo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const workspace = path.join(root, 'test-fixtures', 'example-workspace');

// Run from inside the workspace, as a user would in their own repository.
const runs = [
  ['validate', 'snapshots'],
  ['check', '--snapshots', 'snapshots'],
  ['plan', 'snapshots/checkout-payment-declined.json'],
];

let failed = false;
for (const args of runs) {
  console.log(`\n$ cd ${path.relative(process.cwd(), workspace) || '.'} && awaitly-lens ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', cwd: workspace });
  if (r.status !== 0 && r.status !== 1) failed = true;
}
console.log(
  failed
    ? '\nThe CLI did not finish normally (see above).'
    : `\nDone. ${path.relative(process.cwd(), workspace) || '.'}/README.md lists the deliberate problems these commands should find.`,
);
process.exit(failed || !existsSync(cli) ? 1 : 0);
