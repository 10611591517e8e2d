// Steps reused across edits of their file (core/src/analysis/step-reuse.ts): after each edit, the edited project's
// analysis must equal a fresh project's on the same text, and steps are reused exactly where the edit cannot have
// changed them. (`npm run fuzz:workflows -- --rules-only` compares random edits the same way.)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type FileAnalysis } from '../../src/analysis';
import { moveStep, reachOf, reuseCounts, Shift } from '../../src/analysis/step-reuse';
import type { StepInfo } from '../../src/analysis/types';
import { tempDir } from '../tempDir';

const REPO = path.resolve(__dirname, '../../..');

const steps = (n: number) => Array.from({ length: n }, (_, i) => `    const v${i} = await step('s${i}', () => deps.load(\`sku-${i}\`), { key: \`s${i}:\${id}\` });`).join('\n');
const workflow = (body: string, head = '') => `import { createWorkflow } from 'awaitly/workflow';
import { load, assertString } from './service';
${head}export const wf = createWorkflow('wf', { load });
export const go = (id: string) => wf.run(async ({ step, deps }) => {
    let total = 0;
${body}
    return total;
  });
`;

describe('analysis: steps reused across edits of their file', function () {
  this.timeout(60000);
  let root: string;
  let file: string;
  before(() => {
    root = tempDir('awaitly-lens-reuse-');
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(root, 'service.ts'), "import { ok, type AsyncResult } from 'awaitly';\nexport async function load(sku: string): AsyncResult<{ sku: string }, 'NONE'> { return ok({ sku }); }\nexport function assertString(x: unknown): asserts x is string {}\n");
    file = path.join(root, 'flow.ts');
    fs.writeFileSync(file, workflow(steps(20)));
  });

  /** From `base`, applies the texts one after the other: for each, the steps reused and built (the analysis is checked). */
  function edits(base: string, texts: string[]): Array<{ reused: number; built: number }> {
    const project = createAnalysisProject({ rootDir: root, includeResultTypes: false });
    project.analyzeProject();
    project.updateFile(file, base);
    project.analyzeFile(file);
    return texts.map((text) => {
      const before = { ...reuseCounts };
      project.updateFile(file, text);
      const got = project.analyzeFile(file);
      const counts = { reused: reuseCounts.reused - before.reused, built: reuseCounts.built - before.built };
      const fresh = createAnalysisProject({ rootDir: root, includeResultTypes: false });
      fresh.updateFile(file, text);
      assert.deepEqual(got, fresh.analyzeFile(file) as FileAnalysis, `after the edit ${JSON.stringify(counts)}`);
      return counts;
    });
  }

  it('a changed key, an inserted step and a comment above: only the steps they touch are built again', () => {
    const base = workflow(steps(20));
    const key = base.replace("'s7'", "'s7x'");
    const inserted = key.replace('    let total = 0;\n', "    let total = 0;\n    await step('new', () => deps.load('n'));\n");
    const comment = inserted.replace("from './service';\n", "from './service';\n// a note\n");
    // Back to the start: three changed places at once (an undo).
    assert.deepEqual(edits(base, [key, inserted, comment, base]), [
      { reused: 19, built: 1 },
      { reused: 20, built: 1 },
      { reused: 21, built: 0 },
      { reused: 19, built: 1 },
    ]);
  });

  it('typing in a comment between top-level statements, or in a key, builds only what it touches', () => {
    const base = workflow(steps(5), '// a note\n');
    const texts = [base.replace('// a note', '// a note,'), base.replace('// a note', '// a note, typed'), base.replace("'s3'", "'s3x'")];
    assert.deepEqual(edits(base, [texts[0]!, texts[1]!]), [{ reused: 5, built: 0 }, { reused: 5, built: 0 }]);
    assert.deepEqual(edits(base, [texts[2]!]), [{ reused: 4, built: 1 }]);
  });

  it('builds every step again when the edit declares, assigns, branches or may assert', () => {
    const base = workflow(steps(6));
    const texts = [
      base.replace('    let total = 0;\n', '    let total = 0;\n    const extra = 1;\n'),
      base.replace('    let total = 0;\n', '    let total = 0;\n    total = 5;\n'),
      base.replace('    let total = 0;\n', '    let total = 0;\n    if (!id) return 0;\n'),
      // An assertion function narrows by a call statement.
      base.replace('    let total = 0;\n', '    let total = 0;\n    assertString(id);\n'),
    ];
    const counts = texts.map((t) => edits(base, [t])[0]!);
    assert.deepEqual(counts.map((c) => c.reused), [0, 0, 0, 0], JSON.stringify(counts));
  });

  it('builds a step again when the edit changes a declaration it reads, or names one it resolves', () => {
    const base = workflow(`    const prefix = 'p';\n    let other = 'o';\n${steps(3)}\n    await step('keyed', () => deps.load('k'), { key: \`\${prefix}:x\` });`);
    const texts = [
      base.replace("const prefix = 'p';", "const prefix = 'q';"),
      base.replace("let other = 'o';", "let other = 'o' + prefix;"),
    ];
    // The step keyed by `prefix` reads its declaration (first edit) and resolves its name (second): built again.
    assert.deepEqual(texts.map((t) => edits(base, [t])[0]!), [{ reused: 3, built: 1 }, { reused: 3, built: 1 }]);
  });

  it('a key read from a declaration above keeps that place when a step is inserted between them', () => {
    const base = workflow(`    const stamp = Date.now();\n${steps(2)}\n    await step('stamped', () => deps.load('t'), { key: \`t:\${stamp}\` });`);
    const inserted = base.replace("    await step('stamped'", "    await step('between', () => deps.load('b'));\n    await step('stamped'");
    // The stamped step is taken (its statement and the declaration it reads are untouched) and moved; its unstable key
    // part (Date.now() in the declaration above the insertion) stays where it is. edits() compares with a fresh project.
    assert.deepEqual(edits(base, [inserted, base]), [{ reused: 3, built: 1 }, { reused: 3, built: 0 }]);
  });

  it('wrapping a step in a block from two places (two hunks, the step untouched) builds it again', () => {
    const base = workflow(steps(4));
    const wrapped = base.replace('    const v2 = ', '    {\n    const v2 = ').replace('    const v3 = ', '    }\n    const v3 = ');
    // No hunk touches the step; the syntax around it changed (its path), so its analysis is not taken.
    assert.deepEqual(edits(base, [wrapped]), [{ reused: 3, built: 1 }]);
  });

  it('moveStep moves every place a step names (checked by a walk over every field, on every step of the fixtures)', () => {
    const seen = { context: 0, unstableKeyParts: 0, keyInvariantLoop: 0, via: 0 };
    for (const fixture of ['workflows', 'workflows-4x']) {
      const project = createAnalysisProject({ tsconfig: path.join(REPO, 'test-fixtures', fixture, 'tsconfig.json'), includeResultTypes: false });
      for (const w of project.analyzeProject().workflows) {
        for (const info of w.steps) {
          const file = info.file;
          const shift = new Shift({ fileName: file } as never, undefined, { start: 0, end: Number.MAX_SAFE_INTEGER, line: -1 }, 7, 3, 0);
          assert.deepEqual(moveStep(info, info.index + 1, shift), { ...expectedMove(info, file), index: info.index + 1 }, `${w.id} step ${info.index}`);
          assert.equal(reachOf(moveStep(info, info.index, shift), file), reachOf(info, file) + 7);
          if (info.context.length) seen.context++;
          if (info.unstableKeyParts.length) seen.unstableKeyParts++;
          if (info.keyInvariantLoop) seen.keyInvariantLoop++;
          if (info.via) seen.via++;
        }
      }
    }
    // The fixtures hold each kind of place (the check above is not vacuous).
    for (const [k, n] of Object.entries(seen)) assert.ok(n > 0, `no fixture step with ${k}`);
  });
});

/**
 * What moving a step by 7 characters and 3 lines (none on its first line) must give, found by a walk over every
 * field: each range of `file` (a range belongs to the file of the nearest object naming one, else the step's) and each
 * node id `file:offset`.
 */
function expectedMove(info: StepInfo, file: string): StepInfo {
  const visit = (v: unknown, inFile: boolean): unknown => {
    if (typeof v === 'string') return inFile && v.startsWith(`${file}:`) && /^\d+$/.test(v.slice(file.length + 1)) ? `${file}:${Number(v.slice(file.length + 1)) + 7}` : v;
    if (Array.isArray(v)) return v.map((x) => visit(x, inFile));
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const here = typeof o.file === 'string' ? o.file === file : inFile;
    if (typeof o.startOffset === 'number' && typeof o.endOffset === 'number') {
      const p = (x: { line: number; column: number }) => ({ line: x.line + 3, column: x.column });
      return here ? { start: p(o.start as never), end: p(o.end as never), startOffset: o.startOffset + 7, endOffset: o.endOffset + 7 } : o;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, k === 'file' ? x : visit(x, here)]));
  };
  return visit(info, info.file === file) as StepInfo;
}
