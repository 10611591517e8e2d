// The member-name pre-filter (member-names.ts) skips checker lookups of `x.name` only when no file declares
// anything under that name: workflows and constants reached through namespaces, export aliases, parameter
// properties, enums and const objects must still be found.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { MemberNameIndex } from '../../src/analysis/member-names';
import { ts } from '../../src/analysis/ts-util';

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

  it('asks again after an edit declares a name no file declared before (the answers are kept across programs)', function () {
    this.timeout(60000);
    const sub = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-prefilter-edits-'));
    after(() => fs.rmSync(sub, { recursive: true, force: true }));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(sub, 'node_modules'));
    const keys = path.join(sub, 'keys.ts');
    const use = path.join(sub, 'use.ts');
    fs.writeFileSync(keys, `export const KEYS = { other: 'other-key' } as const;\nexport const RENAMED = { gone: 'gone-key' } as const;\n`);
    fs.writeFileSync(use, `import { ok } from 'awaitly';
import { createWorkflow } from 'awaitly/workflow';
import { KEYS, RENAMED } from './keys';
export const wf = createWorkflow('edits', {});
export const a = () => wf.run(async ({ step }) => {
  await step('fresh', () => ok(1), { key: KEYS.fresh });
  await step('gone', () => ok(1), { key: RENAMED.gone });
});
`);
    const project = createAnalysisProject({ rootDir: sub, includeResultTypes: false });
    const keysOf = () => project.analyzeFile(use).workflows.flatMap((w) => w.steps.map((s) => s.key?.value ?? null));
    // No file declares \`fresh\` yet: that key is not a known constant; \`gone\` is.
    assert.deepEqual(keysOf(), [null, 'gone-key']);
    // The edit declares \`fresh\` in a file that is new to the next program (an answer kept from before would say no).
    project.updateFile(keys, `export const KEYS = { other: 'other-key', fresh: 'fresh-key' } as const;\nexport const RENAMED = { went: 'gone-key' } as const;\n`);
    assert.deepEqual(keysOf(), ['fresh-key', null]);
    // And back: the file that declared \`gone\` left the program with the first edit; declaring it again is seen again.
    project.updateFile(keys, `export const KEYS = { other: 'other-key' } as const;\nexport const RENAMED = { gone: 'gone-key' } as const;\n`);
    assert.deepEqual(keysOf(), [null, 'gone-key']);
  });

  it('finds a name written whole beside any separator, and not one only inside longer words', function () {
    this.timeout(60000);
    const sub = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-prefilter-words-'));
    after(() => fs.rmSync(sub, { recursive: true, force: true }));
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(sub, 'node_modules'));
    // U+00A0 is whitespace to TypeScript: \`tag\` stands alone there. \`$ref\` starts with an identifier character.
    fs.writeFileSync(path.join(sub, 'keys.ts'), `export const K = {\u00a0tag\u00a0: 'nb-key', $ref: 'dollar-key', 'quoted': 'quoted-key' } as const;\n`);
    // \`valid\` and \`identity\` hold \`id\`; no file declares \`id\` itself, so K2.id is not a constant.
    fs.writeFileSync(path.join(sub, 'words.ts'), `export const valid = 1;\nexport const identity = <T>(x: T) => x;\nexport const K2: { id: string } = { id: String(valid) };\n`);
    const use = path.join(sub, 'use.ts');
    fs.writeFileSync(use, `import { ok } from 'awaitly';
import { createWorkflow } from 'awaitly/workflow';
import { K } from './keys';
import { K2 } from './words';
export const wf = createWorkflow('words', {});
export const a = () => wf.run(async ({ step }) => {
  await step('nb', () => ok(1), { key: K.tag });
  await step('dollar', () => ok(1), { key: K.$ref });
  await step('quoted', () => ok(1), { key: K['quoted'] });
  await step('inside', () => ok(1), { key: K2.id });
});
`);
    const project = createAnalysisProject({ rootDir: sub, includeResultTypes: false });
    assert.deepEqual(project.analyzeFile(use).workflows.flatMap((w) => w.steps.map((s) => s.key?.value ?? null)), ['nb-key', 'dollar-key', 'quoted-key', null]);
  });

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

  it('answers for an empty member name (`x.` while typing), also of a file that ends inside an identifier', () => {
    // The fuzz (`rename identifier`, then `truncate`) hung here: the text search for '' never passed the end.
    const index = new MemberNameIndex();
    const first = ts.createSourceFile('/x/a.ts', 'export const a = 1;\n', ts.ScriptTarget.Latest, true);
    index.use([first]);
    assert.equal(index.declares('values', ''), false);
    const edited = ts.createSourceFile('/x/b.ts', 'wf.x+abc', ts.ScriptTarget.Latest, true);
    index.use([first, edited]);
    assert.equal(index.declares('values', ''), false);
    assert.equal(index.declares('values', 'abc'), false);
    assert.equal(index.declares('values', 'a'), true);
  });
});
