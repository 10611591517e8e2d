// The persisted check cache: a warm run re-checks nothing, a changed file re-types only the workflows that
// import it, a corrupt or foreign entry is ignored, and every cached answer equals a run without the cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSession } from '../../src/cli/analysisSession';
import { definitionHash } from '../../src/hash';
import { cacheProject as project, write } from './cacheProject';

function run(root: string, cache: boolean) {
  const s = openSession([root], { includeResultTypes: true, cache }, root);
  assert.ok(s.analysis, JSON.stringify(s.failures));
  return { cache: s.engine?.cache ?? '', engine: s.engine?.name, hashes: s.analysis.workflows.map((w) => `${w.label}=${definitionHash(w)}`), types: s.analysis.workflows.flatMap((w) => w.steps.map((x) => `${x.resultType} ${x.resultShape}`)) };
}

describe('check cache (node_modules/.cache/awaitly-lens)', function () {
  this.timeout(300_000);
  let root: string;
  before(() => (root = project()));
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const entries = () => fs.readdirSync(path.join(root, 'node_modules/.cache/awaitly-lens')).filter((f) => f.endsWith('.json'));

  it('cold run writes an entry; the warm run serves it without opening the project, with the same answers', () => {
    const cold = run(root, true);
    assert.equal(cold.cache, 'cache: no cache entry yet');
    assert.equal(entries().length, 1);
    const warm = run(root, true);
    assert.equal(warm.cache, 'from the cache: no file changed, nothing re-checked');
    assert.deepEqual(warm.hashes, cold.hashes);
    assert.deepEqual(warm.types, cold.types);
    assert.ok(cold.types.every((t) => t.trim() !== ''));
  });

  it('a changed file re-types only the workflows that import it, and the answers equal a run without the cache', () => {
    write(root, 'src/model.ts', `export interface Order { id: string; total: number; money: Money; currency: string }\nimport type { Money } from '../common/money';\n`);
    const partial = run(root, true);
    assert.equal(partial.cache, 'cache: 1 file(s) changed, re-analysed 2 of 3 file(s), result types asked for 1 of 2 workflow(s)');
    const fresh = run(root, false);
    assert.equal(fresh.cache, 'cache off (--no-cache)');
    assert.deepEqual(partial.hashes, fresh.hashes);
    assert.deepEqual(partial.types, fresh.types);
    assert.ok(partial.types.some((t) => /currency: string/.test(t)), partial.types.join(', '));
    assert.equal(run(root, true).cache, 'from the cache: no file changed, nothing re-checked');
  });

  it('a file outside the include that a workflow imports counts as a change', () => {
    write(root, 'common/money.ts', `export interface Money { cents: number; currency: string }\n`);
    const partial = run(root, true);
    assert.equal(partial.cache, 'cache: 1 file(s) changed, re-analysed 2 of 3 file(s), result types asked for 1 of 2 workflow(s)');
    assert.deepEqual(partial.types, run(root, false).types);
    assert.ok(partial.types.some((t) => /cents: number; currency: string/.test(t)), partial.types.join(', '));
  });

  it('a corrupt entry (one byte changed) or garbage is detected and ignored, and rewritten', () => {
    const file = path.join(root, 'node_modules/.cache/awaitly-lens', entries()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('"strings":["') + 12; // a character of the first string of the packed run
    assert.ok(at > 12);
    fs.writeFileSync(file, text.slice(0, at) + (text[at] === 'X' ? 'Y' : 'X') + text.slice(at + 1));
    const afterCorrupt = run(root, true);
    assert.equal(afterCorrupt.cache, 'cache: the cache entry is corrupt (checksum)');
    assert.deepEqual(afterCorrupt.hashes, run(root, false).hashes);
    assert.equal(run(root, true).cache, 'from the cache: no file changed, nothing re-checked');
    fs.writeFileSync(file, 'not json at all');
    assert.equal(run(root, true).cache, 'cache: the cache entry is corrupt (checksum)');
  });

  it('an entry written for other options is not used (rules only vs with result types, engine js vs native)', () => {
    const s = openSession([root], { includeResultTypes: true, cache: true, engine: 'js' }, root);
    assert.equal(s.engine?.name, 'js');
    assert.equal(s.engine?.cache, 'cache: no cache entry yet');
    const rules = openSession([root], { includeResultTypes: false, cache: true }, root);
    assert.equal(rules.engine?.cache, 'cache: no cache entry yet');
  });

  it('--no-cache neither reads nor writes', () => {
    fs.rmSync(path.join(root, 'node_modules/.cache'), { recursive: true, force: true });
    run(root, false);
    assert.equal(fs.existsSync(path.join(root, 'node_modules/.cache')), false);
  });
});
