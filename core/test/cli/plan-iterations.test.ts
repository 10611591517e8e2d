// `awaitly-lens plan` on a paginated loop: the loop step's iterations (one per snapshot entry its key matches)
// in --format json and as indented rows in text. The snapshot is a real awaitly 4.5.1 durable checkpoint of
// test-fixtures/workflows-4x/keys/durable.ts (core/test/replay/plan-4x.test.ts resumes it and counts calls).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { REPO_ROOT, runInProcess, TempDir } from './helpers';

const KEYS = path.join(REPO_ROOT, 'test-fixtures', 'workflows-4x', 'keys');

describe('cli: plan of a loop step (iterations), opaque keys in check', function () {
  this.timeout(120000);
  let tmp: TempDir;
  let snapshotFile: string;
  before(async () => {
    tmp = new TempDir();
    const { runDurablePages, control } = require(path.join(KEYS, 'durable.ts'));
    const saved = new Map<string, unknown>();
    const store = {
      save: async (id: string, s: unknown) => void saved.set(id, JSON.parse(JSON.stringify(s))),
      load: async (id: string) => saved.get(id) ?? null,
      delete: async (id: string) => void saved.delete(id),
      list: async () => [],
      close: async () => undefined,
    };
    control.failAt = 2;
    await runDurablePages(4, store);
    control.failAt = undefined;
    snapshotFile = tmp.write('pages.json', saved.get('pages') as object);
  });
  after(() => tmp.remove());

  it('json: the loop step carries one iteration per page entry, each with its state', async () => {
    const r = await runInProcess(['plan', snapshotFile, '--format', 'json'], { cwd: KEYS });
    const json = JSON.parse(r.stdout);
    assert.equal(json.workflow, 'pages');
    const page = json.steps.find((s: { id: string }) => s.id === 'page');
    assert.equal(page.state, 'replay-failure');
    assert.deepEqual(page.iterations.map((i: { entryKey?: string; state: string }) => [i.entryKey, i.state]),
      [['page:0', 'skipped'], ['page:1', 'skipped'], ['page:2', 'replay-failure']]);
  });

  it('check --format json: an opaque key has no keyPattern, but the options expression it comes from', async () => {
    const r = await runInProcess(['check', 'opaque.ts', '--format', 'json'], { cwd: KEYS });
    const wf = JSON.parse(r.stdout).workflows.find((w: { name: string }) => w.name.endsWith('#opaque'));
    const byId = Object.fromEntries(wf.steps.map((s: { id: string }) => [s.id, s]));
    assert.deepEqual([byId.custom.key, byId.custom.keyPattern, byId.custom.keyOptions], [null, null, 'withPolicy(localPolicy, {})']);
    assert.deepEqual([byId.policedKey.key, byId.policedKey.keyOptions], ['policy:k', undefined]);
  });

  it('text: one indented row per iteration under the step', async () => {
    const r = await runInProcess(['plan', snapshotFile], { cwd: KEYS });
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => /durable\.ts:\d+\s+replay-failure\*\s+page\s/.test(l));
    assert.ok(at > 0, r.stdout);
    assert.match(lines[at + 1]!, /^\s+skipped\s+page:0\s+cached success under 'page:0'$/);
    assert.match(lines[at + 2]!, /^\s+skipped\s+page:1\s+cached success under 'page:1'$/);
    assert.match(lines[at + 3]!, /^\s+replay-failure\s+page:2\s+cached failure under 'page:2'/);
  });
});
