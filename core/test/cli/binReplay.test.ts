// The bin's first stage (dist/cli.js from cli/bin.ts): a check with nothing changed is replayed by it alone, byte for
// byte what the CLI (dist/cli-main.js) prints for the same hit; anything else is handed to the CLI. A copy of the
// built bin whose dist/cli-main.js is swapped for a trap of the same size and times (the build identity the cache
// checks is unchanged) shows which stage answered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_HIT } from '../../src/typed/report';
import { STAMP_MARGIN_MS } from '../../src/typed/cacheFile';
import { cacheProject, write } from '../typed/cacheProject';
import { REPO_ROOT, ensureBuilt } from './helpers';

const TRAP = 'the CLI bundle was loaded';

describe("cli: the bin's first stage (dist/cli.js) replays check alone", function () {
  this.timeout(300_000);
  let root: string;
  let dist: string;
  let home: string;
  const cacheDir = () => path.join(root, 'node_modules/.cache/awaitly-lens');
  const removeOutputs = () => fs.readdirSync(cacheDir()).filter((n) => n.includes('.out-')).forEach((n) => fs.rmSync(path.join(cacheDir(), n)));
  const cliMain = () => path.join(dist, 'cli-main.js');
  const bin = (args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []) => {
    const r = spawnSync(process.execPath, [...nodeArgs, path.join(dist, 'cli.js'), ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, AWAITLY_LENS_TIMINGS: '', XDG_CACHE_HOME: home, ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
  };
  /** dist/cli-main.js replaced by a file of the same size and times that fails when it is loaded; undone by the returned function. */
  const trapCli = () => {
    const real = fs.readFileSync(cliMain());
    const { atime, mtime } = fs.statSync(cliMain()); // whole seconds (before())
    const trap = Buffer.from(`throw new Error(${JSON.stringify(TRAP)});\n`);
    fs.writeFileSync(cliMain(), Buffer.concat([trap, Buffer.alloc(real.length - trap.length, 0x20)]));
    fs.utimesSync(cliMain(), atime, mtime);
    return () => {
      fs.writeFileSync(cliMain(), real);
      fs.utimesSync(cliMain(), atime, mtime);
    };
  };

  before(() => {
    ensureBuilt();
    root = cacheProject();
    write(root, 'src/broken.ts', 'export const broken = (;\n'); // stderr and exit 2: replayed too
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-home-'));
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-dist-'));
    // Copies, not links: each bundle resolves packages (the native compiler's) from its own folder, as in dist/.
    // Whole-second times, which trapCli can put back exactly (a Date holds milliseconds; a copy's time has nanoseconds).
    const time = Math.floor(Date.now() / 1000) - 60;
    for (const f of ['cli.js', 'cli-jsonc.js', 'cli-main.js', 'cli-analysis.js']) {
      fs.copyFileSync(path.join(REPO_ROOT, 'dist', f), path.join(dist, f));
      fs.utimesSync(path.join(dist, f), time, time);
    }
  });
  after(() => {
    for (const d of [root, dist, home]) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const args of [['.'], ['.', '--format', 'json'], ['src/orders.ts', '--format', 'sarif']]) {
    it(`${args.join(' ')}: the same stdout bytes, stderr and exit code as the CLI's hit, without loading the CLI`, () => {
      fs.rmSync(cacheDir(), { recursive: true, force: true });
      bin(['check', ...args]); // cold: writes the entry and the output as a hit prints it
      removeOutputs();
      const viaCli = bin(['check', ...args]); // the CLI's hit, which stores the output again
      assert.ok(viaCli.stdout.includes(CACHE_HIT) || args.includes('sarif'), viaCli.stderr);
      if (args[0] === '.') assert.ok(viaCli.stderr.includes('src/broken.ts') && viaCli.status === 2, viaCli.stderr);
      const untrap = trapCli();
      try {
        assert.deepEqual(bin(['check', ...args]), viaCli);
      } finally {
        untrap();
      }
    });
  }

  it('hands everything else to the CLI: a miss, help, bad usage, --no-cache, --fix, other commands', () => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    bin(['check', '.']);
    assert.equal(bin(['check', '.']).status, 2, 'stored');
    const untrap = trapCli();
    try {
      for (const args of [['check', '.', '--bogus'], ['check', '.', '--help'], ['check', '.', '--no-cache'], ['check', '.', '--fix-dry-run'], ['check', '.', '--format', 'json'], ['--version'], ['plan', '.']]) {
        const r = bin(args);
        assert.match(r.stderr, new RegExp(TRAP), args.join(' '));
        assert.equal(r.stdout.length, 0, `${args.join(' ')}: nothing written before the hand-over`);
      }
      assert.equal(bin(['check', '.']).status, 2, 'still replayed');
      write(root, 'src/billing.ts', `${fs.readFileSync(path.join(root, 'src/billing.ts'), 'utf8')}// edited\n`);
      assert.match(bin(['check', '.']).stderr, new RegExp(TRAP), 'an edited file is a miss');
    } finally {
      untrap();
    }
  });

  it('a replay whose every stat stamp holds hashes nothing: node:crypto is not even loaded; a touched lock file is hashed, still replayed', async () => {
    // Stamps are recorded only for files left alone STAMP_MARGIN_MS (cacheFile.ts).
    await new Promise((resolve) => setTimeout(resolve, STAMP_MARGIN_MS + 200));
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    bin(['check', '.', '--format', 'json']);
    const stored = bin(['check', '.', '--format', 'json']);
    // A preloaded probe writes, at exit, which of node's own crypto modules the process loaded.
    const probe = path.join(home, 'probe.js');
    const seen = path.join(home, 'probe.json');
    fs.writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.moduleLoadList.filter((m) => /crypto/.test(m)))));\n`);
    const cryptoLoaded = () => JSON.parse(fs.readFileSync(seen, 'utf8')) as string[];
    const untrap = trapCli();
    try {
      assert.deepEqual(bin(['check', '.', '--format', 'json'], {}, ['--require', probe]), stored);
      assert.deepEqual(cryptoLoaded(), []);
      const lockFile = path.join(root, 'package-lock.json');
      fs.utimesSync(lockFile, new Date(), new Date()); // same text, new stamp: its content hash decides
      assert.deepEqual(bin(['check', '.', '--format', 'json'], {}, ['--require', probe]), stored);
      assert.ok(cryptoLoaded().length > 0, 'the touched lock file was hashed');
    } finally {
      untrap();
    }
  });

  it('is small: node:fs and node:path bound by name (no __toESM copy of the modules), no reporter, no analysis, no TypeScript', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'dist', 'cli.js'), 'utf8');
    assert.doesNotMatch(text, /__toESM\(require\("node:(fs|path)"\)\)/);
    const sources = [...text.matchAll(/^\/\/ (\S+)$/gm)].map((m) => m[1]!);
    assert.ok(sources.includes('core/src/cli/checkArgs.ts') && sources.includes('core/src/typed/warmCache.ts'), sources.join('\n'));
    assert.deepEqual(sources.filter((f) => /reporters\/|commands\/(checkRun|analysis)\.ts|analyseProject|snapshot|node_modules\/(typescript|@ts-morph|jsonc-parser)/.test(f)), []);
    assert.ok(text.length < 150_000, `${text.length} bytes`);
  });

  it('AWAITLY_LENS_TIMINGS=1 on a replay: its phases on stderr after the replayed stderr, stdout unchanged', () => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    bin(['check', '.', '--format', 'json']);
    const plain = bin(['check', '.', '--format', 'json']);
    const untrap = trapCli();
    try {
      const timed = bin(['check', '.', '--format', 'json'], { AWAITLY_LENS_TIMINGS: '1' });
      assert.deepEqual([timed.status, timed.stdout], [plain.status, plain.stdout]);
      assert.ok(timed.stderr.startsWith(plain.stderr), timed.stderr);
      const rows = [...timed.stderr.slice(plain.stderr.length).matchAll(/^ {2}(\S.*?) +(\d+\.\d) ms$/gm)].map((m) => [m[1], Number(m[2])] as const);
      assert.deepEqual(rows.map(([name]) => name), ['node start-up + loading the CLI', "first stage: check's stored output (replayed when valid)", 'total']);
      assert.ok(rows[0]![1] + rows[1]![1] <= rows[2]![1] + 0.5, timed.stderr);
    } finally {
      untrap();
    }
  });
});
