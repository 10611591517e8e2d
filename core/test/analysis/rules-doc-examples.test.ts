// Every Bad / Good example of the step-key rules in docs/rules.md ("Workflow code" part), analysed the way a user's
// code is: the snippet is put into a 4.x createWorkflow body (awaitly 4.5.1 installed) and the bad one must produce
// its code, the good one must not. definition-changed and snapshot-definition-mismatch need a lock or a snapshot
// and are covered by core/test/cli/lock.test.ts and check.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';

const REPO = path.resolve(__dirname, '../../..');
const AWAITLY_4 = path.join(REPO, 'test-fixtures', 'workflows-4x', 'node_modules', 'awaitly');
const CODES = ['duplicate-step-id', 'colliding-step-keys', 'unstable-step-key', 'loop-invariant-step-key', 'immediate-step-execution', 'unrestored-step', 'dynamic-step-key'];

const doc = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
const section = (code: string) => doc.split(`\n#### ${code}\n`)[1]!.split('\n#### ')[0]!;
function example(text: string, label: 'Bad' | 'Good'): string {
  const m = new RegExp(`^${label}[^\\n]*:\\n\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\``, 'm').exec(text);
  assert.ok(m, `${label} example`);
  return m[1]!;
}

const temps: string[] = [];
after(() => { for (const d of temps) fs.rmSync(d, { recursive: true, force: true }); });

/** The codes the analysis reports for a snippet written inside a workflow body. */
function codesFor(snippet: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-doc-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(AWAITLY_4, path.join(dir, 'node_modules', 'awaitly'), 'dir');
  // @ts-nocheck: the snippets use names the doc does not declare (loadA, items, ...); the analysis reads the syntax.
  fs.writeFileSync(path.join(dir, 'example.ts'), `// @ts-nocheck\nimport { createWorkflow } from 'awaitly';\nconst wf = createWorkflow('doc', {});\nexport const go = (input) => wf.run(async ({ step, steps, deps, ctx }) => {\n${snippet}\n});\n`);
  const result = createAnalysisProject({ rootDir: dir, includeResultTypes: false }).analyzeProject();
  assert.equal(result.workflows.length, 1, 'the snippet is analysed as one workflow');
  return result.findings.map((f) => f.code);
}

describe('docs/rules.md: the step-key rules\' examples, analysed (awaitly 4.5.1 installed)', () => {
  for (const code of CODES) {
    it(`${code}: the bad example produces it, the good one does not`, () => {
      const text = section(code);
      const bad = codesFor(example(text, 'Bad'));
      assert.ok(bad.includes(code), `bad example: ${bad.join(', ')}`);
      const good = codesFor(example(text, 'Good'));
      assert.ok(!good.includes(code), `good example: ${good.join(', ')}`);
    });
  }
});
