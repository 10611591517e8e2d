import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeSnapshots as awaitlyMerge } from 'awaitly/persistence';
import { TempDir, runInProcess } from './helpers';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test-fixtures', 'snapshots');
const real = (name: string): any => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));

describe('cli: merge (incremental chains)', () => {
  // A real first run (steps a, b:v2) and the real save of its resumed run (a, b:v2, c, d), as deltas.
  const base = real('metadata-first-run.json');
  const resumed = real('metadata-resumed-merged.json');

  it('merges like awaitly and names the file each step came from', async () => {
    const tmp = new TempDir();
    const delta1 = { ...resumed, steps: { c: resumed.steps.c } };
    const delta2 = { ...resumed, steps: { d: resumed.steps.d, a: { ok: false, error: 'E_RETRIED', cause: { type: 'thrown', stringRepresentation: 'x' } } } };
    tmp.write('base.json', base);
    tmp.write('d1.json', delta1);
    tmp.write('d2.json', delta2);
    const out = await runInProcess(['merge', 'base.json', 'd1.json', 'd2.json', '--format', 'json', '--output', 'merged.json'], { cwd: tmp.root });
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    // awaitly itself is the oracle for the merged content.
    const expected = awaitlyMerge(awaitlyMerge(base, delta1), delta2);
    assert.deepEqual(JSON.parse(JSON.stringify(report.merged)), JSON.parse(JSON.stringify(expected)));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(tmp.root, 'merged.json'), 'utf8')), JSON.parse(JSON.stringify(expected)));
    const bySteps = Object.fromEntries(report.steps.map((s: any) => [s.key, s]));
    assert.deepEqual(Object.keys(bySteps), Object.keys(expected.steps));
    assert.equal(bySteps['b:v2'].source, 'base.json');
    assert.equal(bySteps.c.source, 'd1.json');
    assert.equal(bySteps.a.source, 'd2.json');
    assert.deepEqual(bySteps.a.overwritten, ['base.json']);
    assert.equal(bySteps.a.outcomeChanged, true);
    assert.equal(report.executionSource, 'd2.json');
    assert.ok(report.dropped.some((d: any) => d.field === 'workflowName' && d.source === 'base.json'));
  });

  it('prints a provenance table in text', async () => {
    const tmp = new TempDir();
    tmp.write('base.json', base);
    tmp.write('resumed.json', resumed);
    const out = await runInProcess(['merge', 'base.json', 'resumed.json'], { cwd: tmp.root });
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^d\s+failed\s+resumed\.json$/m);
    assert.match(out.stdout, /^a\s+ok\s+resumed\.json  \(overwrites base\.json\)$/m);
    assert.match(out.stdout, /dropped by the merge \(as awaitly does\): workflowName of base\.json/);
  });

  it('refuses an invalid input, naming the file and position, and writes nothing', async () => {
    const tmp = new TempDir();
    const broken = structuredClone(base);
    delete broken.execution;
    tmp.write('base.json', broken);
    tmp.write('d.json', resumed);
    const out = await runInProcess(['merge', 'base.json', 'd.json', '-o', 'merged.json'], { cwd: tmp.root });
    assert.equal(out.code, 1);
    assert.match(out.stderr, /^base\.json:1:1  error  Missing required field: execution  missing-required-field$/m);
    assert.equal(fs.existsSync(path.join(tmp.root, 'merged.json')), false);
  });

  it('usage and I/O errors exit 2', async () => {
    const tmp = new TempDir();
    tmp.write('base.json', base);
    assert.equal((await runInProcess(['merge', 'base.json'], { cwd: tmp.root })).code, 2);
    const missing = await runInProcess(['merge', 'base.json', 'nope.json'], { cwd: tmp.root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json/);
  });
});
