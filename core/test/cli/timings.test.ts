// AWAITLY_LENS_TIMINGS=1: the built CLI prints where a run spent its time on stderr, and nothing else changes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI_BIN, TempDir, ensureBuilt } from './helpers';

function check(cwd: string, timings: boolean): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.AWAITLY_LENS_TIMINGS;
  if (timings) env.AWAITLY_LENS_TIMINGS = '1';
  const r = spawnSync(process.execPath, [CLI_BIN, 'check', '.', '--no-cache'], { cwd, env, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: AWAITLY_LENS_TIMINGS', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  before(() => ensureBuilt());
  beforeEach(() => {
    tmp = new TempDir();
    tmp.write('tsconfig.json', { compilerOptions: { strict: true, noEmit: true, types: [], lib: ['es2022'] }, include: ['*.ts'] });
    tmp.write('a.ts', 'export const x: number = 1;\n');
  });
  afterEach(() => tmp.remove());

  it('prints each phase of a cold check on stderr, in order, inside the total; stdout and exit code unchanged', () => {
    const plain = check(tmp.root, false);
    const timed = check(tmp.root, true);
    assert.equal(plain.stderr, '');
    assert.deepEqual([timed.code, timed.stdout], [plain.code, plain.stdout]);
    const rows = [...timed.stderr.matchAll(/^( *)(\S.*?) +(\d+\.\d) ms$/gm)].map((m) => ({ nested: m[1]!.length > 2, name: m[2]!, ms: Number(m[3]) }));
    const names = rows.map((r) => r.name);
    for (const phase of ['node start-up + loading the CLI', 'loading the TypeScript bundle', 'opening the project (tsconfig, file list)', 'program: parse (JS API)', 'program: bind (JS API checker)', 'analysis (program + rules)', 'total']) {
      assert.ok(names.includes(phase), `${phase} in\n${timed.stderr}`);
    }
    assert.ok(names.indexOf('loading the TypeScript bundle') < names.indexOf('analysis (program + rules)'));
    const total = rows.find((r) => r.name === 'total')!.ms;
    const topLevel = rows.filter((r) => !r.nested && r.name !== 'total').reduce((s, r) => s + r.ms, 0);
    assert.ok(topLevel <= total + 0.5, `top-level phases ${topLevel} ms fit in the total ${total} ms`);
    assert.ok(rows.every((r) => r.ms >= 0));
  });
});
