// A step built alone (AnalysisProject.stepAt on a file not analysed yet: what a hover right after an edit gets) must
// be the step the whole file's analysis gives at that position. Compared on every step of the fixture trees, at its
// start, its end and inside its callee, and off the steps (where both must find nothing). AWAITLY_LENS_STEP_AT_DIRS
// (folders separated by the path delimiter) adds folders to compare, such as the awaitly corpus of scripts/corpus.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, innermostAt, type AnalysisProject, type StepInfo } from '../../src/analysis';
import { LineIndex } from '../../src/text';

const FIXTURES = path.resolve(__dirname, '../../../test-fixtures');
const TREES = [
  path.join(FIXTURES, 'workflows'),
  path.join(FIXTURES, 'workflows-4x'),
  path.join(FIXTURES, 'example-workspace'),
  ...(process.env.AWAITLY_LENS_STEP_AT_DIRS ?? '').split(path.delimiter).filter(Boolean),
];

interface Compared {
  positions: number;
  onSteps: number;
  bound: number;
}

function compareTree(root: string): Compared {
  // Without result types, as the language server's rules analysis runs.
  const opts = { rootDir: root, includeResultTypes: false };
  const whole: AnalysisProject = createAnalysisProject(opts);
  // A second project on the same files that never analyses a whole file: every stepAt below is built alone.
  const alone: AnalysisProject = createAnalysisProject(opts);
  const out: Compared = { positions: 0, onSteps: 0, bound: 0 };
  for (const file of whole.sourceFiles()) {
    const { workflows } = whole.analyzeFile(file);
    const steps = workflows.flatMap((w) => w.steps).filter((s) => s.file === file);
    const positions: Array<{ line: number; column: number }> = [{ line: 1, column: 1 }];
    for (const s of steps) {
      positions.push(s.range.start, s.range.end, s.calleeRange.end);
      // Just before the call and just after it: off this step (maybe on an enclosing one).
      positions.push({ line: s.range.start.line, column: Math.max(1, s.range.start.column - 1) }, { line: s.range.end.line, column: s.range.end.column + 1 });
    }
    for (const { line, column } of positions) {
      const expected = innermostAt(steps, file, line, column)[0];
      const got = alone.stepAt(file, line, column);
      const where = `${path.relative(root, file)}:${line}:${column}`;
      out.positions++;
      if (!expected) {
        assert.equal(got, undefined, `${where}: no step of the file's analysis is here, but one was built alone`);
        continue;
      }
      out.onSteps++;
      if (expected.kind === 'bound') out.bound++;
      assert.ok(got, `${where}: the file's analysis has step ${label(expected)} here, nothing was built alone`);
      assert.deepEqual(got.step, expected, `${where}: step built alone differs from the file's analysis`);
      const w = workflows.find((x) => x.id === expected.workflow)!;
      assert.deepEqual(got.workflow, { id: w.id, label: w.label }, `${where}: workflow`);
      // The project with the file analysed answers the same from its cache.
      assert.deepEqual(whole.stepAt(file, line, column), got, `${where}: from the cached analysis`);
    }
  }
  return out;
}

function label(s: StepInfo): string {
  return `#${s.index} ${s.id?.value ?? s.id?.text ?? s.method}`;
}

describe('analysis: a step built alone equals the file analysis\'s step', function () {
  this.timeout(300_000);
  for (const root of TREES) {
    it(`on every step of ${path.relative(process.cwd(), root) || root}`, () => {
      const c = compareTree(root);
      // The trees hold steps (bound ones among them in the fixtures), so the comparison is not vacuous.
      assert.ok(c.onSteps > 0, `${root}: no step compared`);
      if (root.startsWith(FIXTURES) && root.endsWith('workflows-4x')) assert.ok(c.bound > 0, 'bound steps compared');
      console.log(`      ${c.positions} positions, ${c.onSteps} on steps (${c.bound} bound)`);
    });
  }

  it('past the end of a file and in a file without workflows, nothing is built', () => {
    const root = path.join(FIXTURES, 'workflows');
    const project = createAnalysisProject({ rootDir: root, includeResultTypes: false });
    const file = path.join(root, 'discovery', 'deps.ts');
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('step'), 'a file without step calls');
    assert.equal(project.stepAt(file, 1, 1), undefined);
    const flow = project.sourceFiles().find((f) => fs.readFileSync(f, 'utf8').includes("step('"))!;
    const lines = new LineIndex(fs.readFileSync(flow, 'utf8')).lineCount;
    assert.equal(project.stepAt(flow, lines + 10, 1), undefined);
  });
});
