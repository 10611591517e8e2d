// Definition hash stability, lock file shape, and change classification, by editing a fixture in memory.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { buildLock, definitionHash, diffLocks, parseLock, serializeLock, type LockFile } from '../../src/hash';

const DIR = path.resolve(__dirname, '../../../test-fixtures/workflows/hash');
const FILE = path.join(DIR, 'billing.ts');
const BASE = fs.readFileSync(FILE, 'utf8');
const project = createAnalysisProject({ rootDir: DIR });

function lockFor(text: string): LockFile {
  project.updateFile(FILE, text);
  return buildLock(project.analyzeProject());
}
function hashFor(text: string): string {
  project.updateFile(FILE, text);
  return definitionHash(project.analyzeFile(FILE).workflows[0]!);
}
const edit = (...pairs: Array<[string, string]>) => pairs.reduce((t, [a, b]) => {
  assert.ok(t.includes(a), `fixture contains ${a}`);
  return t.replace(a, b);
}, BASE);

describe('definition hash', () => {
  const base = hashFor(BASE);

  it('ignores formatting, comments, renamed locals and code outside steps', () => {
    assert.equal(hashFor(BASE.replace(/\n    /g, '\n        ').replace('// Base', '// Changed comment. Base')), base);
    assert.equal(hashFor(edit(['for (const line of lines)', 'for (const row of lines)'], ['price:${line}', 'price:${row}'], ['ok(line.length)', 'ok(row.length)'])), base);
    assert.equal(hashFor(edit(['    return invoice;', '    console.log(customerId);\n    return invoice;'])), base);
  });

  it('changes with order, ids, keys, control flow and result types', () => {
    const variants = [
      edit(["step('price'", "step('pricing'"]),
      edit(['`price:${line}`', '`prices:${line}`']),
      edit(['ok(0.1)', "ok('10%')"]),
      edit(['if (customer.vip) {', 'if (customer.vip || lines.length > 3) {\n      if (customerId) {'], ['      await step(\'discount\', () => ok(0.1));\n    }', "      await step('discount', () => ok(0.1));\n    }\n    }"]),
      edit(["export interface Invoice { id: string; total: number }", 'export interface Invoice { id: string; total: number; currency?: string }']),
    ];
    const hashes = variants.map(hashFor);
    for (const h of hashes) assert.notEqual(h, base);
    assert.equal(new Set(hashes).size, hashes.length);
  });
});

describe('lock file and comparison', () => {
  const before = lockFor(BASE);

  it('lists each workflow with its hash and step structure in a stable order', () => {
    const text = serializeLock(before);
    assert.deepEqual(parseLock(text), before);
    const wf = before.workflows.billing!;
    assert.equal(before.awaitly, '1.35');
    assert.equal(wf.file, 'billing.ts');
    assert.deepEqual(wf.steps.map((s) => [s.id, s.key, s.shape.join(' > ')]), [
      ['loadCustomer', 'loadCustomer', ''],
      ['price', 'price:${…}', 'loop:for-of#0'],
      ['invoice', 'invoice', ''],
      ['discount', 'discount', 'branch:if:then#1'],
    ]);
    assert.equal(wf.steps[2]!.result, '{ id: string; total: number }');
    assert.equal(serializeLock(lockFor(BASE)), text, 'the same code gives byte-identical lock text');
  });

  it('a step appended at the end is safe', () => {
    const d = diffLocks(before, lockFor(edit(['    return invoice;', "    await step('audit', () => ok(true));\n    return invoice;"])));
    assert.equal(d.breaking, false);
    assert.deepEqual(d.workflows[0]!.changes.map((c) => [c.kind, c.classification, c.message]), [['step-added', 'safe', "step 'audit' added at the end"]]);
  });

  it('reorder, removal, re-key and result type change are breaking, with explanations', () => {
    const reordered = diffLocks(before, lockFor(edit(
      ["    const customer = await step('loadCustomer', () => ok({ id: customerId, vip: false }));\n", ''],
      ['    if (customer.vip) {', "    const customer = await step('loadCustomer', () => ok({ id: customerId, vip: false }));\n    if (customer.vip) {"],
    )));
    assert.equal(reordered.breaking, true);
    assert.ok(reordered.workflows[0]!.changes.some((c) => c.kind === 'step-reordered' && c.message.startsWith("step 'loadCustomer' moved")), JSON.stringify(reordered.workflows[0]!.changes));

    const removed = diffLocks(before, lockFor(edit(["      await step('discount', () => ok(0.1));\n", ''])));
    assert.deepEqual(removed.workflows[0]!.changes.map((c) => [c.kind, c.message]), [['step-removed', "step 'discount' removed"]]);

    const rekeyed = diffLocks(before, lockFor(edit(['`price:${line}`', '`price:v2:${line}`'])));
    assert.deepEqual(rekeyed.workflows[0]!.changes.map((c) => [c.kind, c.classification]), [['key-changed', 'breaking']]);
    assert.match(rekeyed.workflows[0]!.changes[0]!.message, /key changed from 'price:\$\{…\}' to 'price:v2:\$\{…\}'/);

    const retyped = diffLocks(before, lockFor(edit(['ok(0.1)', "ok('10%')"])));
    assert.deepEqual(retyped.workflows[0]!.changes.map((c) => [c.kind, c.before, c.after]), [['result-type-changed', 'number', 'string']]);
    assert.equal(retyped.breaking, true);
  });

  it('an added workflow is safe and a removed one breaking', () => {
    const empty: LockFile = { lockfileVersion: 1, awaitly: '1.35', workflows: {} };
    assert.equal(diffLocks(empty, before).workflows[0]!.status, 'added');
    assert.equal(diffLocks(before, empty).breaking, true);
  });

  after(() => project.updateFile(FILE, BASE));
});
