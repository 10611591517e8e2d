// The blast-radius report on the example workspace, end to end: a temporary git repository holding the example
// workspace (its src, tsconfig and the store fixture stores/checkout.db of 1,240 real checkout runs), one commit,
// then a change in the working tree (chargeCard's key `payment:${cart.id}` → `charge:${cart.id}`), then
//   awaitly-lens check . --store libsql:stores/checkout.db --against HEAD
// Usage: npm run build && node scripts/blast-radius-demo.mjs [--format text|markdown|json] [--keep]
// With --keep the repository stays (its path is printed) to try other changes and refs by hand.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ws = join(root, 'test-fixtures', 'example-workspace');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const format = args.includes('--format') ? args[args.indexOf('--format') + 1] : 'text';

export function makeDemoRepo() {
  const dir = mkdtempSync(join(tmpdir(), 'awaitly-lens-blast-'));
  for (const name of ['src', 'stores', 'tsconfig.json', 'package.json']) cpSync(join(ws, name), join(dir, name), { recursive: true });
  // The workspace's own awaitly (4.5.1): the analysis reads its version to pick the semantics.
  symlinkSync(join(ws, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  const git = (...a) => {
    const r = spawnSync('git', a, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'demo', GIT_COMMITTER_EMAIL: 'demo@example.com' } });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'example workspace as deployed');
  const file = join(dir, 'src', 'checkout.ts');
  const before = readFileSync(file, 'utf8');
  const after = before.replace('key: `payment:${cart.id}`', 'key: `charge:${cart.id}`');
  if (after === before) throw new Error('src/checkout.ts no longer has the payment key this demo changes');
  writeFileSync(file, after);
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = makeDemoRepo();
  const r = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', '.', '--store', 'libsql:stores/checkout.db', '--against', 'HEAD', '--format', format], { cwd: dir, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  if (keep) console.error(`demo repository kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  process.exitCode = r.status ?? 2;
}
