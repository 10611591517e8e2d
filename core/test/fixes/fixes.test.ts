// Each fix kind on real fixture code: the fix computed by core, applied to the file's text, re-analysed by the
// same project: the finding is gone and nothing new appears. Then fix-all on a file with several findings, the
// overlap rule, and the unified diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject, type AnalysisProject } from '../../src/analysis';
import type { Finding } from '../../src/analysis/types';
import { applyFixes, FileFixer, selectFixes, unifiedDiff, type Fix } from '../../src/fixes';
import { REPO_ROOT } from '../cli/helpers';

const EXAMPLE = path.join(REPO_ROOT, 'test-fixtures', 'example-workspace');
const WORKFLOWS_4X = path.join(REPO_ROOT, 'test-fixtures', 'workflows-4x');

function fixer(project: AnalysisProject, file: string): { text: string; findings: Finding[]; fixer: FileFixer } {
  const text = fs.readFileSync(file, 'utf8');
  const analysis = project.analyzeFile(file);
  return { text, findings: analysis.findings.filter((f) => f.file === file), fixer: new FileFixer({ file, text, workflows: analysis.workflows }) };
}

const codes = (findings: Finding[]) => findings.map((f) => f.code).sort();

describe('core fixes: each kind on real fixture code', function () {
  this.timeout(120_000);
  const projects = new Map<string, AnalysisProject>();
  const projectOf = (root: string) => {
    let p = projects.get(root);
    if (!p) projects.set(root, (p = createAnalysisProject({ tsconfig: path.join(root, 'tsconfig.json') })));
    return p;
  };

  /** Fixes the one finding `code` on `line` of the file and returns the new text; checks the re-analysis. */
  function fixOne(root: string, relative: string, code: string, expected: RegExp, remaining?: string[]): string {
    const project = projectOf(root);
    const file = path.join(root, relative);
    const { text, findings, fixer: fx } = fixer(project, file);
    const finding = findings.find((f) => f.code === code);
    assert.ok(finding, `${code} in ${codes(findings).join(', ')}`);
    const fix = fx.fixFor(finding);
    assert.ok(fix, `a fix for ${code}`);
    assert.equal(fix.code, code);
    const after = applyFixes(text, [fix]).text;
    assert.match(after, expected);
    try {
      project.updateFile(file, after);
      const again = project.analyzeFile(file).findings.filter((f) => f.file === file);
      const before = codes(findings);
      before.splice(before.indexOf(code), 1);
      assert.deepEqual(codes(again), remaining ?? before);
    } finally {
      project.updateFile(file, text);
    }
    return after;
  }

  it('immediate-step-execution: wraps the operation in () => …', () => {
    fixOne(EXAMPLE, 'src/checkout.ts', 'immediate-step-execution', /\n\s*\(\) => deps\.reserveStock\(cart\.items\),\n/);
  });

  it('unrestored-step: adds a key to the existing options of step.retry', () => {
    fixOne(EXAMPLE, 'src/checkout.ts', 'unrestored-step', /initialDelay: 100, key: 'quoteShipping' \}/);
  });

  it('colliding-step-keys: gives the key a distinct value in the quote style of the key', () => {
    fixOne(EXAMPLE, 'src/checkout.ts', 'colliding-step-keys', /\{ key: 'sendReceipt' \}/);
  });

  it('loop-invariant-step-key: keys by the property sibling steps use', () => {
    fixOne(EXAMPLE, 'src/nightly-billing.ts', 'loop-invariant-step-key', /\{ key: `notify-customer:\$\{invoice\.id\}` \}/, []);
  });

  it('duplicate-step-id: renames the second id', () => {
    const after = fixOne(EXAMPLE, 'src/onboarding.ts', 'duplicate-step-id', /step\('sendEmail-2'/);
    assert.equal(after.split("'sendEmail'").length, 2, 'the first id stays');
  });

  it('unstable-step-key: removes the clock value from the key', () => {
    fixOne(EXAMPLE, 'src/onboarding.ts', 'unstable-step-key', /\{ key: `trial:\$\{account\.id\}` \}/);
  });

  it('step-id-missing: passes the literal key as the step id (4.x fixture)', () => {
    fixOne(WORKFLOWS_4X, 'entries/failing-forms.ts', 'step-id-missing', /step\('user:again', \(\) => d\.loadUser/);
  });

  it('has no fix for a finding whose text has changed under it (offsets past the end)', () => {
    const project = projectOf(EXAMPLE);
    const file = path.join(EXAMPLE, 'src/checkout.ts');
    const analysis = project.analyzeFile(file);
    const f = analysis.findings.find((x) => x.code === 'unrestored-step')!;
    const truncated = fs.readFileSync(file, 'utf8').slice(0, f.range.startOffset + 3);
    assert.equal(new FileFixer({ file, text: truncated, workflows: analysis.workflows }).fixFor(f), undefined);
  });

  it('fix-all on one file: every fix at once leaves only the findings without a fix', () => {
    const project = projectOf(EXAMPLE);
    const file = path.join(EXAMPLE, 'src/checkout.ts');
    const { text, findings, fixer: fx } = fixer(project, file);
    const all = fx.fixAll(findings).map((x) => x.fix);
    assert.deepEqual(all.map((f) => f.code).sort(), ['colliding-step-keys', 'immediate-step-execution', 'unrestored-step']);
    const result = applyFixes(text, all);
    assert.equal(result.skipped.length, 0);
    try {
      project.updateFile(file, result.text);
      assert.deepEqual(codes(project.analyzeFile(file).findings.filter((f) => f.file === file)), []);
    } finally {
      project.updateFile(file, text);
    }
  });
});

describe('core fixes: overlapping edits and the diff', () => {
  const fix = (code: string, startOffset: number, endOffset: number, newText: string): Fix => ({ code, title: code, preferred: true, edits: [{ startOffset, endOffset, newText }] });

  it('applies non-overlapping fixes in position order and skips the ones overlapping them, whatever the input order', () => {
    const text = 'abcdefghij';
    const a = fix('a', 1, 3, 'X'); // bc → X
    const b = fix('b', 2, 5, 'Y'); // overlaps a
    const c = fix('c', 5, 5, '+'); // insertion right after b's end: no overlap with a
    const d = fix('d', 5, 5, '-'); // insertion at the same point as c: order would be a guess
    for (const order of [[a, b, c, d], [d, c, b, a], [b, d, a, c]]) {
      const r = applyFixes(text, order);
      assert.equal(r.text, 'aXde+fghij');
      assert.deepEqual(r.applied.map((f) => f.code), ['a', 'c']);
      assert.deepEqual(r.skipped.map((f) => f.code), ['b', 'd']);
    }
  });

  it('counts two findings with the same edit as applied once', () => {
    const r = selectFixes([fix('dup', 0, 1, 'Z'), fix('dup', 0, 1, 'Z')]);
    assert.equal(r.applied.length, 2);
    assert.equal(r.edits.length, 1);
    assert.equal(applyFixes('ab', [fix('dup', 0, 1, 'Z'), fix('dup', 0, 1, 'Z')]).text, 'Zb');
  });

  it('prints a unified diff with 3 lines of context and correct hunk headers', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20'].join('\n') + '\n';
    const after = before.replace('5\n', 'five\n').replace('18\n', '18\neighteen+\n');
    assert.equal(unifiedDiff('src/x.ts', before, after), [
      '--- a/src/x.ts', '+++ b/src/x.ts',
      '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8',
      '@@ -16,5 +16,6 @@', ' 16', ' 17', ' 18', '+eighteen+', ' 19', ' 20', '',
    ].join('\n'));
    assert.equal(unifiedDiff('src/x.ts', before, before), '');
  });

  it("prints diffs git apply takes: a last line without a newline, fixes far apart in a 20,000-line file", () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `const line${i} = ${i};`).join('\n') + '\n';
    const cases: Array<[string, string, string]> = [
      ['no newline at the end, before and after', 'a\nb\nc', 'a\nB\nc'],
      ['a newline added at the end', 'a\nb', 'a\nb\n'],
      ['the last line changed, no newline', 'x\ny', 'x\nz'],
      // Every line between the two fixes differs in neither text: the diff's work is in the changed lines.
      ['fixes on the first and the last line of 20,000', big, big.replace('line0 =', 'first =').replace('line19999 =', 'last =')],
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-diff-'));
    try {
      for (const [what, before, after] of cases) {
        fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'src', 'x.ts'), before);
        const patch = unifiedDiff('src/x.ts', before, after);
        const r = spawnSync('git', ['apply', '-'], { cwd: dir, input: patch, encoding: 'utf8' });
        assert.equal(r.status, 0, `${what}: git apply: ${r.stderr}\n${patch}`);
        assert.equal(fs.readFileSync(path.join(dir, 'src', 'x.ts'), 'utf8'), after, what);
      }
      // A name git quotes (non-ASCII, a space): jsdiff quotes it as git does, and git apply finds the file.
      const odd = path.join(dir, 'src', 'größe x.ts');
      fs.writeFileSync(odd, 'a\nb\n');
      const quoted = unifiedDiff('src/größe x.ts', 'a\nb\n', 'a\nB\n');
      assert.match(quoted, /^--- "a\/src\/gr\\303\\266\\303\\237e x\.ts"$/m);
      assert.equal(spawnSync('git', ['apply', '-'], { cwd: dir, input: quoted, encoding: 'utf8' }).status, 0, quoted);
      assert.equal(fs.readFileSync(odd, 'utf8'), 'a\nB\n');
      assert.match(unifiedDiff('src/x.ts', 'a\nb', 'a\nc'), /^-b\n\\ No newline at end of file\n\+c\n\\ No newline at end of file\n$/m);
      assert.equal(unifiedDiff('src/x.ts', big, big.replace('line0 =', 'first =').replace('line19999 =', 'last =')).split('\n').filter((l) => l.startsWith('@@')).length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
