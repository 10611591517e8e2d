// The persisted check cache: a warm run re-checks nothing, a changed file re-types only the workflows that
// import it, a corrupt or foreign entry is ignored, and every cached answer equals a run without the cache.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../src/cli/analysisSession';
import { definitionHash } from '../../src/hash';

const REPO = path.resolve(__dirname, '../../..');

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-cache-'));
  // A node_modules folder of its own (for the cache), with the repository's awaitly 1.35.0 in it.
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(path.join(REPO, 'node_modules/awaitly'), path.join(root, 'node_modules/awaitly'));
  write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src/**/*.ts'] }));
  write(root, 'src/model.ts', `export interface Order { id: string; total: number; money: Money }\nimport type { Money } from '../shared/money';\n`);
  // Outside the tsconfig's include, imported by a workflow: its changes must count too.
  write(root, 'shared/money.ts', `export interface Money { cents: number }\n`);
  write(root, 'src/orders.ts', `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
import type { Order } from './model';
export const orders = createWorkflow('orders', {});
export const runOrders = (id: string) => orders.run(async ({ step }) => {
  const order = await step('load', (): ReturnType<typeof ok<Order>> => ok({ id, total: 1 }), { key: \`order:\${id}\` });
  return order;
});
`);
  write(root, 'src/billing.ts', `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
export const billing = createWorkflow('billing', {});
export const runBilling = (id: string) => billing.run(async ({ step }) => step('invoice', () => ok({ invoice: id }), { key: \`invoice:\${id}\` }));
`);
  return root;
}

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
    write(root, 'src/model.ts', `export interface Order { id: string; total: number; money: Money; currency: string }\nimport type { Money } from '../shared/money';\n`);
    const partial = run(root, true);
    assert.equal(partial.cache, 'cache: 1 file(s) changed, result types asked for 1 of 2 workflow(s)');
    const fresh = run(root, false);
    assert.equal(fresh.cache, 'cache off (--no-cache)');
    assert.deepEqual(partial.hashes, fresh.hashes);
    assert.deepEqual(partial.types, fresh.types);
    assert.ok(partial.types.some((t) => /currency: string/.test(t)), partial.types.join(', '));
    assert.equal(run(root, true).cache, 'from the cache: no file changed, nothing re-checked');
  });

  it('a file outside the include that a workflow imports counts as a change', () => {
    write(root, 'shared/money.ts', `export interface Money { cents: number; currency: string }\n`);
    const partial = run(root, true);
    assert.equal(partial.cache, 'cache: 1 file(s) changed, result types asked for 1 of 2 workflow(s)');
    assert.deepEqual(partial.types, run(root, false).types);
    assert.ok(partial.types.some((t) => /cents: number; currency: string/.test(t)), partial.types.join(', '));
  });

  it('a corrupt entry (one byte changed) or garbage is detected and ignored, and rewritten', () => {
    const file = path.join(root, 'node_modules/.cache/awaitly-lens', entries()[0]!);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf('"resultType":"') + 15;
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
