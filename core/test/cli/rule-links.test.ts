// Rule links and the rule table against docs/rules.md: the one URI every link comes from (SARIF helpUri, the
// editor's codeDescription), how a package.json repository becomes that URI, and the table's severities and
// codes against the doc and the sources, so neither can drift from the other.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ANALYSIS_RULES, documentedRuleUri, repositoryWebUrl, ruleHelpUri, RULES, rulesDocUri } from '../../src/cli/rules';
import { REPO_ROOT } from './helpers';

const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');

describe('cli: rule links and the rule table against docs/rules.md', () => {
  it("links to this package's docs/rules.md (no repository in package.json), anchored at the code", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { repository?: unknown };
    const expected = pkg.repository ? `${repositoryWebUrl(pkg.repository)}/blob/HEAD/docs/rules.md` : `file://${path.join(REPO_ROOT, 'docs', 'rules.md')}`;
    assert.equal(rulesDocUri(), expected);
    assert.equal(ruleHelpUri('duplicate-step-id'), `${expected}#duplicate-step-id`);
    assert.equal(documentedRuleUri('duplicate-step-id'), `${expected}#duplicate-step-id`);
    assert.equal(documentedRuleUri('no-such-rule'), undefined);
  });

  it('turns the usual package.json repository forms into the web address', () => {
    for (const form of ['acme/lens', 'github:acme/lens', 'https://github.com/acme/lens.git', 'git+https://github.com/acme/lens.git', 'git://github.com/acme/lens.git', 'ssh://git@github.com/acme/lens.git', { type: 'git', url: 'git+https://github.com/acme/lens.git' }]) {
      assert.equal(repositoryWebUrl(form), 'https://github.com/acme/lens', JSON.stringify(form));
    }
    for (const none of [undefined, '', 42, {}, { url: 7 }]) assert.equal(repositoryWebUrl(none), undefined, JSON.stringify(none));
  });

  it('has a section (the link target) for every code of the table, under its own name', () => {
    for (const rule of [...RULES, ...ANALYSIS_RULES]) assert.match(doc, new RegExp(`^#{3,4} ${rule.code}$`, 'm'), rule.code);
  });

  it("gives each analysis code the severity of the doc's summary table (one of those named where it varies with the case)", () => {
    for (const rule of ANALYSIS_RULES) {
      const row = new RegExp(`^\\| \\[${rule.code}\\]\\(#${rule.code}\\) \\| ([^|]+) \\|`, 'm').exec(doc);
      assert.ok(row, `${rule.code} in the summary table`);
      const cell = row[1]!;
      // "warning (info when …)": the usual severity comes first; "error when breaking; else warning …": any one named.
      if (/^(error|warning|info)( \(|$)/.test(cell)) assert.equal(cell.split(' ')[0], rule.severity, rule.code);
      else assert.ok(cell.split(/\W+/).includes(rule.severity), `${rule.code}: '${rule.severity}' not in '${cell}'`);
    }
  });

  it('knows every code the workflow analysis, the lock and the replay checks emit', () => {
    const known = new Set([...RULES, ...ANALYSIS_RULES].map((r) => r.code));
    const emitted = new Set<string>();
    for (const dir of ['core/src/analysis', 'core/src/hash', 'core/src/replay']) {
      for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        const text = fs.readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
        for (const m of text.matchAll(/\bcode:\s*['"]([a-z][a-z0-9-]*)['"]/g)) emitted.add(m[1]!);
      }
    }
    assert.ok(emitted.has('definition-changed') && emitted.has('unknown-snapshot-step'), [...emitted].join(', '));
    assert.deepEqual([...emitted].filter((c) => !known.has(c)), []);
  });
});
