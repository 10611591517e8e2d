// The incremental API: updateFile re-analyses the file and the files whose analysis read it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { FIXTURES } from './helper';

describe('analysis project (incremental)', () => {
  const dir = path.join(FIXTURES, 'discovery');
  const helpers = path.join(dir, 'helpers.ts');
  const user = path.join(dir, 'uses-helpers.ts');

  it('re-analyses dependents when a helper module changes (in memory only)', () => {
    const project = createAnalysisProject({ rootDir: dir });
    project.analyzeProject();
    assert.equal(project.analyzeFile(user).workflows[0]!.steps.length, 3);
    const text = fs.readFileSync(helpers, 'utf8').replace("  for (const part", "  await step('extra', () => ok(1));\n  for (const part");
    const dropped = project.updateFile(helpers, text);
    assert.ok(dropped.includes(user), `dropped: ${dropped.join(', ')}`);
    assert.ok(!dropped.some((f) => f.endsWith('checkout.ts')), 'unrelated files stay cached');
    const steps = project.analyzeFile(user).workflows[0]!.steps;
    assert.deepEqual(steps.map((s) => s.id?.value), ['audit', 'extra', 'audit-part', 'child']);
    assert.deepEqual(steps.map((s) => s.resultType), ['string', 'number', 'string', 'string'], 'types still resolve after an in-memory edit');
    assert.equal(fs.readFileSync(helpers, 'utf8').includes("'extra'"), false, 'the file on disk is untouched');
  });

  it('analyzeFile returns findings located in a helper file once its users are analysed', () => {
    const project = createAnalysisProject({ rootDir: dir });
    project.analyzeProject();
    const text = fs.readFileSync(helpers, 'utf8').replace("{ key: KEYS.audit }", '{ key: `a:${Date.now()}` }');
    project.updateFile(helpers, text);
    project.analyzeFile(user);
    const inHelper = project.analyzeFile(helpers).findings;
    assert.deepEqual(inHelper.map((f) => f.code), ['unstable-step-key']);
  });

  it('re-analyses an edited 2,000-line workflow file quickly', function () {
    this.timeout(120000);
    const file = path.join(dir, 'generated-big.ts');
    const body = Array.from({ length: 640 }, (_, i) =>
      `    const v${i} = await step('s${i}', () => ok(${i}), { key: \`s${i}:\${id}\` });\n    if (v${i} > 1000) return v${i};\n    total += v${i};`).join('\n');
    const text = (n: number) => `import { createWorkflow } from 'awaitly/workflow';\nimport { ok } from 'awaitly';\n// edit ${n}\n` +
      `export const big = createWorkflow('big', {});\nexport const runBig = (id: string) => big.run(async ({ step }) => {\n    let total = 0;\n${body}\n    return total;\n  });\n`;
    assert.ok(text(0).split('\n').length >= 1900);
    const project = createAnalysisProject({ rootDir: dir, includeResultTypes: false });
    project.updateFile(file, text(0));
    project.analyzeProject();
    const times: number[] = [];
    for (let n = 1; n <= 20; n++) {
      const t0 = performance.now();
      project.updateFile(file, text(n));
      const r = project.analyzeFile(file);
      times.push(performance.now() - t0);
      assert.equal(r.workflows[0]!.steps.length, 640);
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95) - 1]!;
    console.log(`      re-analysis of a ${text(0).split('\n').length}-line file: median ${times[10]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
    // Target is < 30 ms (not met yet for this 640-step file); this bound catches regressions.
    assert.ok(p95 < 250, `p95 ${p95} ms`);
  });
});
