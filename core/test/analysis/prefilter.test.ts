// The member-name pre-filter (member-names.ts) skips checker lookups of `x.name` only when no file declares
// anything under that name: workflows and constants reached through namespaces, export aliases, parameter
// properties, enums and const objects must still be found.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';

const REPO = path.resolve(__dirname, '../../..');

describe('analysis: member lookups behind the name pre-filter', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-prefilter-'));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'lib.ts'), `import { createWorkflow } from 'awaitly/workflow';
export const checkout = createWorkflow('checkout', {});
export { checkout as renamed };
export const KEYS = { order: 'order-key', nested: { deep: 'deep-key' } } as const;
export enum K { A = 'enum-a' }
export interface Tagged { readonly tag: 'tag-key' }
export class Svc { constructor(readonly wf = checkout) {} }
`);
    fs.writeFileSync(path.join(dir, 'use.ts'), `import { ok } from 'awaitly';
import * as lib from './lib';
export const a = (t: lib.Tagged) => lib.renamed.run(async ({ step }) => {
  const items = [1, 2];
  const order = await step('first', () => ok({ lines: items }), { key: lib.KEYS.order });
  await step('second', () => ok(1), { key: lib.K.A });
  await step('third', () => ok(1), { key: lib.KEYS['nested'].deep });
  await step('fourth', () => ok(1), { key: t.tag });
  order.lines.map((x) => x + 1);
  return items;
});
export const b = () => new lib.Svc().wf.run(async ({ step }) => { await step('svc', () => ok(1)); });
export const c = () => lib.checkout(async (step) => { await step('callable', () => ok(1)); });
`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds workflows through namespaces, export aliases and parameter properties, and resolves const members', function () {
    this.timeout(60000);
    const result = createAnalysisProject({ rootDir: dir, includeResultTypes: false }).analyzeProject();
    const use = result.workflows.filter((w) => w.file.endsWith('use.ts'));
    assert.deepEqual(use.map((w) => [w.entry, w.name?.value, w.steps.map((s) => s.key?.value ?? s.key?.pattern)]), [
      ['createWorkflow', 'checkout', ['order-key', 'enum-a', 'deep-key', 'tag-key']],
      ['createWorkflow', 'checkout', ['svc']],
      ['callable', 'checkout', ['callable']],
    ]);
  });
});
