// dist/cli-analysis.js is loaded with V8's code cache (cli/codeCache.ts): the module behaves as when required, the
// cache is written once to the user's cache folder (never the workspace), reused, and a damaged file is replaced.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_ENTRIES } from '../../src/cli/codeCache';

const REPO = path.resolve(__dirname, '../../..');

describe('cli: V8 code cache for the analysis bundle', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-codecache-'));
    fs.writeFileSync(path.join(dir, 'mod.js'), `const path = require('node:path');\nexports.answer = (x) => x * 2;\nexports.where = path.basename(__filename) + ':' + path.basename(__dirname) + ':' + (module.exports === exports);\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const load = (cacheHome = path.join(dir, 'cache')) => {
    const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/codeCache.ts'))});
      const file = ${JSON.stringify(path.join(dir, 'mod.js'))};
      const m = requireWithCodeCache(file);
      process.stdout.write(JSON.stringify({ answer: m.answer(21), where: m.where, same: require(file) === m }));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { answer: number; where: string; same: boolean };
  };
  const cached = () => (fs.existsSync(path.join(dir, 'cache/awaitly-lens')) ? fs.readdirSync(path.join(dir, 'cache/awaitly-lens')).map((f) => path.join(dir, 'cache/awaitly-lens', f)) : []);

  it('runs the module as require does, and writes the cache at exit; the next run reads it unchanged', () => {
    assert.deepEqual(load(), { answer: 42, where: `mod.js:${path.basename(dir)}:true`, same: true });
    const [file, ...more] = cached();
    assert.ok(file && more.length === 0, 'one cache file');
    const written = fs.readFileSync(file);
    assert.deepEqual(load(), { answer: 42, where: `mod.js:${path.basename(dir)}:true`, same: true });
    assert.deepEqual(fs.readFileSync(file), written, 'an accepted cache is not rewritten');
  });

  it('a damaged cache file is ignored and replaced; a changed module gets a new one', () => {
    const [file] = cached();
    const data = fs.readFileSync(file!);
    data[data.length - 10] = data[data.length - 10]! ^ 0xff;
    fs.writeFileSync(file!, data);
    assert.equal(load().answer, 42);
    assert.notDeepEqual(fs.readFileSync(file!), data);
    fs.appendFileSync(path.join(dir, 'mod.js'), 'exports.answer = (x) => x * 3;\n');
    assert.equal(load().answer, 63);
    assert.equal(cached().length, 1, 'the earlier build\'s file is gone');
    assert.notEqual(cached()[0], file);
  });

  it('saveAfterMs: a process that never exits normally (the language server, killed by its editor) still writes it', () => {
    const home = path.join(dir, 'killed');
    // Loads, then waits for SIGKILL: no exit handler runs, so only the timer can have written the file.
    const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/codeCache.ts'))});
      requireWithCodeCache(${JSON.stringify(path.join(dir, 'mod.js'))}, { saveAfterMs: 100 });
      setInterval(() => { if (require('node:fs').existsSync(${JSON.stringify(path.join(home, 'awaitly-lens'))}) && require('node:fs').readdirSync(${JSON.stringify(path.join(home, 'awaitly-lens'))}).some((f) => f.endsWith('.bin'))) process.kill(process.pid, 'SIGKILL'); }, 20);
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 20_000);`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    const files = fs.readdirSync(path.join(home, 'awaitly-lens'));
    assert.equal(files.filter((f) => f.endsWith('.bin')).length, 1, files.join(', '));
    assert.equal(load(home).answer, 63, 'and the next run loads from it');
  });

  it('two bundles keep one entry each (the CLI\'s and the server\'s do not evict each other)', () => {
    const home = path.join(dir, 'two');
    fs.writeFileSync(path.join(dir, 'other.js'), 'exports.answer = (x) => x + 1;\n');
    const loadOther = () => {
      const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/codeCache.ts'))});
        process.stdout.write(String(requireWithCodeCache(${JSON.stringify(path.join(dir, 'other.js'))}).answer(1)));`;
      const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });
      assert.equal(r.stdout, '2', r.stderr);
    };
    load(home);
    loadOther();
    const entries = () => fs.readdirSync(path.join(home, 'awaitly-lens')).sort();
    const both = entries();
    assert.equal(both.length, 2, both.join(', '));
    const stamps = both.map((f) => fs.statSync(path.join(home, 'awaitly-lens', f)).mtimeMs);
    load(home);
    loadOther();
    assert.deepEqual(entries(), both, 'each run found its own entry');
    assert.deepEqual(both.map((f) => fs.statSync(path.join(home, 'awaitly-lens', f)).mtimeMs), stamps, 'and rewrote neither');
  });

  it('a bundle with non-ASCII text (read as UTF-8) and an ASCII one (as Latin-1) both load as written', () => {
    fs.writeFileSync(path.join(dir, 'utf.js'), 'exports.s = "caf\u00e9 \u2014 \u{1F600}";\n');
    fs.writeFileSync(path.join(dir, 'ascii.js'), 'exports.s = "plain";\n');
    const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/codeCache.ts'))});
      process.stdout.write(JSON.stringify([requireWithCodeCache(${JSON.stringify(path.join(dir, 'utf.js'))}).s, requireWithCodeCache(${JSON.stringify(path.join(dir, 'ascii.js'))}).s]));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'enc') } });
    assert.deepEqual(JSON.parse(r.stdout), ['caf\u00e9 \u2014 \u{1F600}', 'plain'], r.stderr);
  });

  it('every bundle npm run build makes is ASCII (esbuild.mjs), so it is read without UTF-8 decoding', function () {
    const dist = path.join(REPO, 'dist');
    if (!fs.existsSync(path.join(dist, 'server-main.js'))) this.skip();
    for (const f of fs.readdirSync(dist).filter((n) => n.endsWith('.js'))) {
      const bytes = fs.readFileSync(path.join(dist, f));
      assert.equal(bytes.findIndex((b) => b > 0x7f), -1, `${f} has a non-ASCII byte`);
    }
  });

  it('a module rewritten with its size and modification time kept runs its new code (V8 checks only the length)', () => {
    const home = path.join(dir, 'same-size');
    const file = path.join(dir, 'same.js');
    fs.writeFileSync(file, 'exports.answer = (x) => x + 1;\n');
    // Whole seconds, which utimes puts back exactly (a Date holds milliseconds; a file's time has nanoseconds).
    const time = Math.floor(Date.now() / 1000) - 60;
    fs.utimesSync(file, time, time);
    const run = () => {
      const script = `const { requireWithCodeCache } = require(${JSON.stringify(path.join(REPO, 'core/src/cli/codeCache.ts'))});
        process.stdout.write(String(requireWithCodeCache(${JSON.stringify(file)}).answer(1)));`;
      return spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: REPO, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } }).stdout;
    };
    assert.equal(run(), '2');
    assert.equal(run(), '2', 'from the cache');
    fs.writeFileSync(file, 'exports.answer = (x) => x + 2;\n');
    fs.utimesSync(file, time, time);
    assert.equal(run(), '3');
  });

  it('entries in the earlier formats (MD5 line first; JS checksum) are removed when an entry is written', () => {
    const home = path.join(dir, 'legacy');
    fs.mkdirSync(path.join(home, 'awaitly-lens'), { recursive: true });
    const legacy = ['v8-code-0123456789abcdef-0123456789abcdef.bin', 'v8c-0123456789abcdef-0123456789abcdef.bin'].map((n) => path.join(home, 'awaitly-lens', n));
    fs.writeFileSync(legacy[0]!, 'd41d8cd98f00b204e9800998ecf8427e\nold data');
    fs.writeFileSync(legacy[1]!, 'alc1old data');
    assert.equal(load(home).answer, 63);
    const left = fs.readdirSync(path.join(home, 'awaitly-lens'));
    assert.ok(legacy.every((f) => !fs.existsSync(f)), left.join(', '));
    assert.equal(left.length, 1);
  });

  it('the folder keeps MAX_ENTRIES entries: the least recently used go, and a dead writer\'s old temporary file', () => {
    const home = path.join(dir, 'many');
    const folder = path.join(home, 'awaitly-lens');
    fs.mkdirSync(folder, { recursive: true });
    // Other installs' entries (other bundle paths), used 1..MAX_ENTRIES+2 days ago; the oldest must go.
    const day = 24 * 60 * 60;
    const now = Date.now() / 1000;
    const others = Array.from({ length: MAX_ENTRIES + 2 }, (_, i) => {
      const f = path.join(folder, `v8d-${String(i).padStart(16, '0')}-0123456789abcdef.bin`);
      fs.writeFileSync(f, `entry ${i}`);
      fs.utimesSync(f, now - (i + 1) * day, now - (i + 1) * day);
      return f;
    });
    const staleTmp = path.join(folder, 'v8d-ffffffffffffffff-0123456789abcdef.bin.4242.tmp');
    const liveTmp = path.join(folder, 'v8d-eeeeeeeeeeeeeeee-0123456789abcdef.bin.4343.tmp');
    fs.writeFileSync(staleTmp, 'half');
    fs.utimesSync(staleTmp, now - 2 * 60 * 60, now - 2 * 60 * 60);
    fs.writeFileSync(liveTmp, 'being written');
    assert.equal(load(home).answer, 63);
    const bins = fs.readdirSync(folder).filter((f) => f.endsWith('.bin'));
    assert.equal(bins.length, MAX_ENTRIES, bins.join(', '));
    // This module's new entry and the MAX_ENTRIES - 1 most recently used others.
    assert.deepEqual(others.map((f) => fs.existsSync(f)), others.map((_, i) => i < MAX_ENTRIES - 1));
    assert.ok(!fs.existsSync(staleTmp), 'the stale temporary file is gone');
    assert.ok(fs.existsSync(liveTmp), 'a fresh one (a writer at work) stays');
  });

  it('a hit on an entry last used over a day ago marks it used, without rewriting it', () => {
    const home = path.join(dir, 'many');
    const folder = path.join(home, 'awaitly-lens');
    const mine = fs.readdirSync(folder).filter((f) => f.endsWith('.bin')).map((f) => path.join(folder, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0]!;
    const data = fs.readFileSync(mine);
    const old = Date.now() / 1000 - 3 * 24 * 60 * 60;
    fs.utimesSync(mine, old, old);
    assert.equal(load(home).answer, 63);
    assert.ok(fs.statSync(mine).mtimeMs > Date.now() - 60_000, 'its time is now');
    assert.deepEqual(fs.readFileSync(mine), data, 'and its data the same');
  });

  it('a cache folder that cannot be made: the module loads all the same', () => {
    assert.equal(load('/dev/null/none').answer, 63);
  });
});
