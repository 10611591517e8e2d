// Which package a declaration file belongs to (nearest-package.ts): awaitly installed under another name (the repo's
// node_modules/awaitly-4 is `"awaitly-4": "npm:awaitly@4.5.1"`) is recognised by its package.json's name, not its path.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { nearestPackage, type NearestPackage } from '../../src/analysis/nearest-package';

const REPO = path.resolve(__dirname, '../../..');

describe('analysis: the package a declaration file belongs to', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-nearest-package-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('walks up to the nearest package.json it can parse, and keeps each folder\'s answer in the cache given', () => {
    fs.mkdirSync(path.join(dir, 'pkg', 'broken', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pkg', 'package.json'), JSON.stringify({ name: 'outer', version: '2.0.0' }));
    fs.writeFileSync(path.join(dir, 'pkg', 'broken', 'package.json'), '{ not json');
    const file = path.join(dir, 'pkg', 'broken', 'deep', 'x.d.ts');
    const cache = new Map<string, NearestPackage | null>();
    assert.deepEqual(nearestPackage(file, cache), { dir: path.join(dir, 'pkg'), name: 'outer', version: '2.0.0' });
    assert.equal(cache.get(path.join(dir, 'pkg', 'broken', 'deep'))?.name, 'outer');
    // Answers come from the cache: a package.json written later is not read for a folder already asked.
    fs.writeFileSync(path.join(dir, 'pkg', 'broken', 'deep', 'package.json'), JSON.stringify({ name: 'inner' }));
    assert.equal(nearestPackage(file, cache)?.name, 'outer');
    assert.equal(nearestPackage(file)?.name, 'inner');
    assert.equal(nearestPackage(path.join(os.tmpdir(), 'no-such-folder-awaitly-lens', 'x.ts'), cache)?.name, undefined);
  });

  it('finds the workflows of awaitly imported under an alias (node_modules/awaitly-4), whose path does not say awaitly', function () {
    this.timeout(60000);
    const root = path.join(dir, 'alias');
    fs.mkdirSync(root);
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
    const file = path.join(root, 'flow.ts');
    fs.writeFileSync(file, `import { createWorkflow, ok } from 'awaitly-4';
export const wf = createWorkflow('aliased', {});
export const go = () => wf.run(async ({ step }) => {
  await step('first', () => ok(1), { key: 'k1' });
  await step('second', () => ok(2));
});
`);
    const analysis = createAnalysisProject({ rootDir: root, includeResultTypes: false }).analyzeFile(file);
    assert.deepEqual(analysis.workflows.map((w) => [w.id, w.steps.map((s) => s.key?.value)]), [['flow.ts#aliased', ['k1', 'second']]]);
    assert.deepEqual(analysis.findings.filter((f) => /awaitly-(import-unresolved|line-mismatch)/.test(f.code)).map((f) => f.code), []);
  });
});
