// docs/rules.md, the rule table the SARIF reporter publishes, and the codes the snapshot core emits
// stay in step; every example in the doc does what the doc says.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYSIS_RULES, RULES } from '../../src/cli/rules';
import { analyzeSnapshotText, collectSnapshotProblems } from '../../src/snapshot/index';
import { REPO_ROOT } from './helpers';

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');

/** Each `### <code>` section of the doc, by code. */
function docSections(): Map<string, string> {
  const sections = new Map<string, string>();
  const parts = doc.split(/^### /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    sections.set(part.slice(0, newline).trim(), part.slice(newline + 1).split(/^## /m)[0]!);
  }
  return sections;
}

/** Codes written as literals in the core's sources (`code: 'x'`, `push('x', ...)`). */
function codesInSources(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
    for (const m of text.matchAll(/\bcode:\s*['"]([a-z][a-z0-9-]*)['"]/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\bpush\(\s*['"]([a-z][a-z0-9-]*)['"]/g)) codes.add(m[1]!);
  }
  return codes;
}

/** The fenced block after a line starting with `label` ("Bad", "Good"), with its info string. */
function example(section: string, label: string): { lang: string; body: string } | undefined {
  const m = new RegExp(`^${label}[^\\n]*:\\n\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\\n\`\`\``, 'm').exec(section);
  return m ? { lang: m[1]!, body: m[2]! } : undefined;
}

/**
 * The codes a bad example produces. Two are shown as ```text because the real input cannot be printed: those are
 * built here as the text describes them (a value of more than a million characters; a bare string handed to the
 * library API, which file analysis reports as not-a-snapshot instead), so their rule is still exercised.
 */
function badExampleCodes(code: string, bad: { lang: string; body: string }): string[] {
  if (bad.lang === 'json') return analyzeSnapshotText(bad.body).diagnostics.map((d) => d.code);
  if (code === 'large-value') {
    assert.ok(bad.body.includes('"<1.2 MB of CSV>"') && bad.body.includes('"execution": { ... }'), bad.body);
    const real = bad.body
      .replace('"<1.2 MB of CSV>"', JSON.stringify('id,total\n'.repeat(130_000)))
      .replace('"execution": { ... }', '"execution": { "status": "running", "lastUpdated": "2026-11-24T13:49:31.264Z" }');
    assert.ok(real.length > 1_000_000);
    return analyzeSnapshotText(real).diagnostics.map((d) => d.code);
  }
  if (code === 'not-an-object') {
    const value: unknown = JSON.parse(bad.body);
    assert.equal(typeof value, 'string');
    assert.deepEqual(analyzeSnapshotText(bad.body).diagnostics.map((d) => d.code), ['not-a-snapshot']);
    return collectSnapshotProblems(value).map((p) => p.code);
  }
  assert.fail(`${code}: the bad example must be \`\`\`json`);
}

describe('cli: rules and docs/rules.md', () => {
  const sections = docSections();

  it('documents every rule of the table, and nothing else, in the same order', () => {
    assert.deepEqual([...sections.keys()], RULES.map((r) => r.code));
  });

  it('knows every code the snapshot core and the CLI emit', () => {
    const known = new Set(RULES.map((r) => r.code));
    // The snapshot core, and the one code validate adds itself (checkFile.ts). Other subcommands'
    // codes (check, plan, lock) are documented in docs/rules-analysis.md by their owners.
    const emitted = codesInSources(path.join(REPO_ROOT, 'core/src/snapshot'));
    for (const m of fs.readFileSync(path.join(REPO_ROOT, 'core/src/cli/checkFile.ts'), 'utf8').matchAll(/\bcode:\s*'([a-z][a-z0-9-]*)'/g)) emitted.add(m[1]!);
    assert.ok(emitted.has('not-a-snapshot'));
    assert.ok(emitted.size > 10, `found only ${[...emitted].join(', ')}`);
    const undocumented = [...emitted].filter((c) => !known.has(c));
    assert.deepEqual(undocumented, [], 'codes emitted but missing from RULES and docs/rules.md');
  });

  it('states each rule\'s severity as the table does, and lists it in the summary table', () => {
    for (const rule of RULES) {
      const section = sections.get(rule.code)!;
      assert.match(section, new RegExp(`^\\*\\*Severity:\\*\\* ${rule.severity}\\b`, 'm'), rule.code);
      assert.match(doc, new RegExp(`^\\| \\[${rule.code}\\]\\(#${rule.code}\\) \\| ${rule.severity}\\b`, 'm'), rule.code);
      assert.match(section, /\*\*Why it matters on resume:\*\*/, rule.code);
    }
  });

  for (const rule of RULES) {
    it(`${rule.code}: the bad example produces it, the good one produces nothing`, () => {
      const section = sections.get(rule.code)!;
      const bad = example(section, 'Bad');
      const good = example(section, 'Good');
      if (rule.code === 'internal-error') {
        // Nothing is meant to produce it, so the doc shows no example.
        assert.deepEqual([bad, good], [undefined, undefined]);
        return;
      }
      assert.ok(good, `${rule.code} has a good example`);
      assert.equal(good.lang, 'json', `${rule.code}: the good example is checked JSON`);
      assert.deepEqual(analyzeSnapshotText(good.body).diagnostics.map((d) => `${d.code}: ${d.message}`), []);
      assert.ok(bad, `${rule.code} has a bad example`);
      const codes = badExampleCodes(rule.code, bad);
      assert.ok(codes.includes(rule.code), `${rule.code} not among ${codes.join(', ')}`);
    });
  }

  it('lists every analysis code documented under "Workflow code, ..." for SARIF, and nothing else', () => {
    const analysisPart = doc.slice(doc.indexOf('## Workflow code'));
    const documented = [...analysisPart.matchAll(/^#### ([a-z][a-z0-9-]*)$/gm)].map((m) => m[1]);
    assert.deepEqual(documented, ANALYSIS_RULES.map((r) => r.code));
  });
});
