// A check run with nothing changed prints the stored output (cli/checkReplay.ts): byte for byte what a cache hit
// through the entry prints, in every format, with the same stderr and exit code; every input that can change the
// output (a source file, the tsconfig, the lock file, the flags, the format, the working directory, an operand)
// is a miss; a damaged output file is ignored and rewritten, never trusted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/run';
import { CACHE_HIT } from '../../src/typed/report';
import { CHECKSUM_LINE } from '../../src/typed/cacheFile';
import { checksumHex } from '../../src/checksum';
import { cacheProject, write } from '../typed/cacheProject';
import { CLI_BIN, ensureBuilt } from './helpers';
import { spawnSync } from 'node:child_process';

interface Output { code: number; writes: Array<[1 | 2, string]> }

async function check(args: string[], cwd: string): Promise<Output> {
  const writes: Output['writes'] = [];
  const code = await runCli(['check', ...args], { cwd, stdout: (t) => void writes.push([1, t]), stderr: (t) => void writes.push([2, t]), readStdin: async () => '' });
  return { code, writes };
}

/** The header's cache words, whatever the cache gave (to compare a run with the truth computed without it). */
const withoutCacheWords = (o: Output) => ({ code: o.code, writes: o.writes.map(([s, t]) => [s, t.replace(/from the cache: no file changed, nothing re-checked|cache off \(--no-cache\)|cache: [^;"\n]*/g, '<cache>')]) });

describe('check: the output of a run with nothing changed is replayed', function () {
  this.timeout(300_000);
  let root: string;
  const cacheDir = () => path.join(root, 'node_modules/.cache/awaitly-lens');
  const outputs = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()).filter((n) => n.includes('.out-')).map((n) => path.join(cacheDir(), n)) : []);
  const removeOutputs = () => outputs().forEach((f) => fs.rmSync(f));

  before(() => {
    root = cacheProject();
    // A warning (--max-warnings decides the exit code) and a syntax error (stderr, exit 2): both replayed too.
    write(root, 'src/unstable.ts', `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
export const unstable = createWorkflow('unstable', {});
export const runUnstable = () => unstable.run(async ({ step }) => step('stamp', () => ok(1), { key: \`stamp:\${Date.now()}\` }));
`);
    write(root, 'src/broken.ts', 'export const broken = (;\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const cases: Array<[string, string[]]> = [
    ['text', ['.']],
    ['json', ['.', '--format', 'json']],
    ['sarif', ['.', '--format', 'sarif']],
    ['github', ['.', '--format', 'github']],
    ['text, --max-warnings 0', ['.', '--max-warnings', '0']],
    ['text, one operand', ['src/unstable.ts']],
  ];
  for (const [what, args] of cases) {
    it(`${what}: the replay equals the hit through the entry byte for byte, and the cold run but for the cache words`, async () => {
      fs.rmSync(cacheDir(), { recursive: true, force: true });
      const cold = await check(args, root);
      assert.equal(outputs().length, 1, 'the cold run stores its output as a hit prints it');
      const replayed = await check(args, root);
      removeOutputs();
      const viaEntry = await check(args, root);
      assert.deepEqual(replayed, viaEntry);
      assert.ok(viaEntry.writes.some(([, t]) => t.includes(CACHE_HIT)) || args.includes('sarif'), 'a hit');
      // Served without the entry: a damaged entry does not matter to a valid output file.
      for (const f of fs.readdirSync(cacheDir()).filter((n) => n.endsWith('.json'))) fs.writeFileSync(path.join(cacheDir(), f), 'damaged');
      assert.deepEqual(await check(args, root), viaEntry);
      const coldAsHit = { code: cold.code, writes: cold.writes.map(([s, t]) => [s, t.replace('cache: no cache entry yet', CACHE_HIT)]) };
      assert.deepEqual(coldAsHit, viaEntry);
      if (args[0] === '.') {
        assert.ok(viaEntry.writes.some(([s, t]) => s === 2 && t.includes('src/broken.ts')), 'the syntax error is on stderr');
        assert.equal(viaEntry.code, 2);
      }
    });
  }

  it('the bin (dist/cli.js) writes the replayed bytes: the same stdout, stderr and exit code as the hit through the entry', () => {
    ensureBuilt();
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const bin = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI_BIN, 'check', ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const damageEntries = () => fs.readdirSync(cacheDir()).filter((n) => n.endsWith('.json')).forEach((n) => fs.writeFileSync(path.join(cacheDir(), n), 'damaged'));
    for (const args of [['.', '--format', 'json'], ['.']]) {
      bin(args);
      damageEntries(); // so the next run can only be the replay
      const replayed = bin(args);
      fs.rmSync(cacheDir(), { recursive: true, force: true });
      bin(args);
      removeOutputs();
      const viaEntry = bin(args);
      assert.ok(viaEntry.stdout.includes(CACHE_HIT), viaEntry.stderr.toString());
      assert.deepEqual(replayed, viaEntry);
    }
  });

  describe('every input that can change the output is a miss', () => {
    // The lock command writes no lock file from code that does not parse.
    const broken = () => path.join(root, 'src/broken.ts');
    before(() => fs.renameSync(broken(), `${broken()}.off`));
    after(() => fs.renameSync(`${broken()}.off`, broken()));
    const changes: Array<[string, { before?: (r: string) => unknown; change: (r: string) => unknown; args?: string[]; cwd?: (r: string) => string }]> = [
      ['a changed source file', { change: (r) => fs.appendFileSync(path.join(r, 'src/billing.ts'), "export const again = () => billing.run(async ({ step }) => step('again', () => ({ ok: true, value: Math.random() }), { key: `again:${Math.random()}` }));\n") }],
      ['a changed tsconfig.json', { change: (r) => write(r, 'tsconfig.json', `{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], "exclude": ["src/unstable.ts"] }\n`) }],
      ['a created lock file', { change: (r) => runLock(r) }],
      ['a changed lock file', { before: (r) => runLock(r), change: (r) => {
        const file = path.join(r, 'awaitly-lens.lock.json');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"hash": "v1:[0-9a-f]/, '"hash": "v1:x'));
      } }],
      ['other flags', { change: () => {}, args: ['.', '--max-warnings', '0'] }],
      ['another format', { change: () => {}, args: ['.', '--format', 'json'] }],
      ['another working directory', { change: () => {}, args: ['..'], cwd: (r) => path.join(r, 'src') }],
      ['an operand that became a folder', { change: (r) => fs.mkdirSync(path.join(r, 'docs')), args: ['.', 'docs'] }],
    ];
    for (const [what, c] of changes) {
      it(what, async () => {
        fs.rmSync(cacheDir(), { recursive: true, force: true });
        fs.rmSync(path.join(root, 'awaitly-lens.lock.json'), { force: true });
        fs.rmSync(path.join(root, 'docs'), { recursive: true, force: true });
        const saved = new Map(['src/billing.ts', 'tsconfig.json'].map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
        try {
          await c.before?.(root);
          const base = c.args?.includes('docs') ? ['.', 'docs'] : ['.'];
          await check(base, root);
          const stale = await check(base, root);
          assert.ok(outputs().length >= 1);
          await c.change(root);
          const cwd = c.cwd?.(root) ?? root;
          const args = c.args ?? base;
          const x = await check(args, cwd);
          const truth = await check([...args, '--no-cache'], cwd);
          assert.deepEqual(withoutCacheWords(x), withoutCacheWords(truth));
          assert.notDeepEqual(withoutCacheWords(x), withoutCacheWords(stale), 'the change changes the output');
        } finally {
          for (const [f, text] of saved) fs.writeFileSync(path.join(root, f), text);
        }
      });
    }
  });

  describe('a damaged output file is ignored and rewritten', () => {
    const damages: Array<[string, (data: Buffer) => Buffer]> = [
      ['one byte of the output changed', (d) => Buffer.concat([d.subarray(0, d.length - 3), Buffer.from(d[d.length - 3] === 0x58 ? 'Y' : 'X'), d.subarray(d.length - 2)])],
      ['cut short', (d) => d.subarray(0, d.length >> 1)],
      ['garbage', () => Buffer.from('not an output file')],
      ['empty', () => Buffer.alloc(0)],
      // A correct checksum over a header that does not describe the bytes after it (a writer bug, say).
      ['lengths that do not match the bytes (checksum recomputed)', (d) => {
        const rest = Buffer.concat([d.subarray(CHECKSUM_LINE), Buffer.from('extra bytes')]);
        return Buffer.concat([Buffer.from(`${checksumHex(rest)}\n`, 'latin1'), rest]);
      }],
      ['a forged output with a correct checksum for another command', (d) => {
        const rest = d.subarray(CHECKSUM_LINE);
        const end = rest.indexOf(10);
        const header = JSON.parse(rest.toString('utf8', 0, end)) as { command: string };
        header.command = JSON.stringify({ another: 'command' });
        const forged = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), rest.subarray(end + 1)]);
        return Buffer.concat([Buffer.from(`${checksumHex(forged)}\n`, 'latin1'), forged]);
      }],
    ];
    for (const [what, damage] of damages) {
      it(what, async () => {
        fs.rmSync(cacheDir(), { recursive: true, force: true });
        await check(['.', '--format', 'json'], root);
        const [file] = outputs();
        assert.ok(file);
        // Within the file's own text, so the test sees the damage served if it were trusted.
        const tampered = damage(fs.readFileSync(file));
        fs.writeFileSync(file, tampered);
        const x = await check(['.', '--format', 'json'], root);
        assert.ok(outputs().length === 1 && !fs.readFileSync(outputs()[0]!).equals(tampered), 'rewritten');
        removeOutputs();
        const truth = await check(['.', '--format', 'json'], root);
        assert.deepEqual(x, truth);
      });
    }
  });

  it('--no-cache neither replays nor stores an output', async () => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    await check(['.'], root);
    const before = outputs().map((f) => fs.readFileSync(f));
    const off = await check(['.', '--no-cache'], root);
    assert.ok(off.writes.some(([, t]) => t.includes('cache off (--no-cache)')));
    assert.deepEqual(outputs().map((f) => fs.readFileSync(f)), before);
  });

  it('keeps the newest few outputs per entry', async () => {
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    for (let n = 0; n < 10; n++) await check(['.', '--max-warnings', String(n)], root);
    assert.equal(outputs().length, 8);
  });
});

function runLock(root: string): Promise<number> {
  return runCli(['lock', root], { cwd: root, stdout: () => {}, stderr: () => {}, readStdin: async () => '' });
}
