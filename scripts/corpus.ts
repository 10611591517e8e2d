// Measures the analysis on the community corpus: real awaitly 4.x code from awaitly's own repository
// (documentation code blocks, the example app, the ESLint plugin's test cases, awaitly-analyze's fixtures).
// Their code never enters this repository: it is assembled in a folder outside it.
//
//   npx tsx scripts/corpus.ts --mirror <awaitly bare git dir> [--commit <sha>] --out <dir> [--cli dist/cli.js]
//   npx tsx scripts/corpus.ts --corpus <dir> [--cli dist/cli.js] [--json <file>] [--list] [--baseline <earlier --json file>]
//                             [--check-arg=--no-cache …]   (extra arguments for `check`, repeatable)
//                             [--first-programs]   (also: each file analysed in a program opened at it alone, as the
//                                                   language server opens a folder, against the whole program)
//
// With --mirror the corpus is (re)assembled under --out; its node_modules/awaitly must then point at awaitly 4.x
// (made here: a copy of this repository's node_modules/awaitly-4). The report compares a plain syntactic scan
// (calls to `step`, `step.<m>`, `steps.<dep>`, `s.<m>` for a step parameter `s`) with what `check --format json`
// found: workflows, steps, findings by code, and the files with step sites but no workflow.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { createAnalysisProject } from '../core/src/analysis';
import { mayActOnOtherFiles } from '../core/src/analysis/include-graph';

const REPO = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- assembling the corpus

const DOC_FILE = /^(README\.md|packages\/[^/]+\/README\.md|apps\/docs-site\/src\/content\/docs\/.*\.mdx?|\.claude\/skills\/.*\.md)$/;
const EXAMPLE_FILE = /^apps\/example-[^/]+\/src\/.*\.tsx?$/;
const LINT_TEST = /^packages\/eslint-plugin-awaitly\/tests\/.*\.test\.ts$/;
const ANALYZER_FIXTURE = /^packages\/awaitly-analyze\/src\/__fixtures__\/.*\.ts$/;
/** A string in a test file is a code case when it mentions a step, a run or awaitly. */
const CODE_CASE = /\bstep\b|\bsteps\.|createWorkflow|\brun\(|\.run\(|awaitly/;

function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Fenced ts/tsx blocks of a Markdown file, with the line each starts on (for naming and for findings.md). */
export function codeBlocks(markdown: string): Array<{ lang: 'ts' | 'tsx'; code: string; line: number }> {
  const blocks: Array<{ lang: 'ts' | 'tsx'; code: string; line: number }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(```+|~~~+)\s*(ts|typescript|tsx)\b/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence)) body.push(lines[j++]!);
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    blocks.push({ lang: open[2] === 'tsx' ? 'tsx' : 'ts', code: body.map((l) => l.slice(Math.min(indent, /^\s*/.exec(l)![0].length))).join('\n'), line: i + 2 });
    i = j;
  }
  return blocks;
}

/** String and template literals of a test file that look like code cases (templates with `${}` are skipped). */
export function codeStrings(source: string, fileName: string): Array<{ code: string; line: number }> {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const out: Array<{ code: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.includes('(') && CODE_CASE.test(node.text)) {
      // Skip test titles: the first argument of it/describe/test.
      const p = node.parent;
      const title = ts.isCallExpression(p) && p.arguments[0] === node && /^(it|describe|test)(\.\w+)?$/.test(p.expression.getText(sf));
      if (!title) out.push({ code: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function assemble(gitDir: string, commit: string, outDir: string): number {
  const files = git(gitDir, ['ls-tree', '-r', '--name-only', commit]).split('\n').filter(Boolean);
  fs.rmSync(outDir, { recursive: true, force: true });
  let written = 0;
  const write = (rel: string, code: string, origin: string) => {
    // tsconfig globs skip dot folders (.claude/…): rename them so every piece is in the project.
    const file = path.join(outDir, rel.replace(/(^|\/)\./g, '$1_'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Each piece stands alone: a block without import/export would share the global scope with every other such
    // block (`workflow.run(fn)` in one resolving to `const fn` in another). A trailing `export {}` keeps lines.
    const standalone = /^\s*(import|export)\b/m.test(code) ? '' : 'export {};\n';
    fs.writeFileSync(file, `// corpus: ${origin} @ ${commit.slice(0, 12)}\n${code}\n${standalone}`);
    written++;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const f of files) {
    if (DOC_FILE.test(f)) {
      codeBlocks(git(gitDir, ['show', `${commit}:${f}`])).forEach((b, i) => write(`${f}.block${pad(i + 1)}.${b.lang}`, b.code, `${f}:${b.line} (block ${i + 1})`));
    } else if (EXAMPLE_FILE.test(f) || (ANALYZER_FIXTURE.test(f) && !f.endsWith('.test.ts'))) {
      write(f, git(gitDir, ['show', `${commit}:${f}`]), f);
    } else if (LINT_TEST.test(f) || (ANALYZER_FIXTURE.test(f) && f.endsWith('.test.ts'))) {
      codeStrings(git(gitDir, ['show', `${commit}:${f}`]), f).forEach((c, i) => write(`${f}.case${pad(i + 1)}.ts`, c.code, `${f}:${c.line} (case ${i + 1})`));
    }
  }
  fs.writeFileSync(path.join(outDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'preserve', strict: true, noEmit: true, skipLibCheck: true, allowJs: false },
    include: ['**/*.ts', '**/*.tsx'],
  }, null, 2));
  const nm = path.join(outDir, 'node_modules');
  fs.mkdirSync(path.join(nm, '@opentelemetry'), { recursive: true });
  // A copy, not a symlink: TypeScript resolves symlinks to their real path (…/awaitly-4/…), and the analysis
  // recognises awaitly's declarations by their path under node_modules/awaitly, as an npm or pnpm install has it.
  fs.cpSync(path.join(REPO, 'node_modules', 'awaitly-4'), path.join(nm, 'awaitly'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules', '@opentelemetry', 'api'), path.join(nm, '@opentelemetry', 'api'));
  return written;
}

// ---------------------------------------------------------------- the syntactic scan

/** Entry-like callees whose callback's first parameter is a step (positional 1.x/4.x-thrown form, or a saga ctx). */
const ENTRY_CALLEE = /(^|\.)(run|strict|runStrict|runWithState|runSaga|createWorkflow|createSagaWorkflow|workflow|\w*[wW]orkflow)$/;

/** Call sites that look like step calls, by a scan that knows nothing of awaitly's semantics. */
export function stepSites(text: string, fileName: string): number[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const stepNames = new Set(['step']);
  const collect = (node: ts.Node): void => {
    // `{ step: s }` destructuring
    if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName) && node.propertyName.text === 'step' && ts.isIdentifier(node.name)) stepNames.add(node.name.text);
    // `run(async (s, deps) => …)`: the callback's first plain parameter
    if (ts.isCallExpression(node) && ENTRY_CALLEE.test(node.expression.getText(sf))) {
      for (const a of node.arguments) {
        if ((ts.isArrowFunction(a) || ts.isFunctionExpression(a)) && a.parameters[0] && ts.isIdentifier(a.parameters[0].name)) stepNames.add(a.parameters[0].name.text);
      }
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const e = node.expression;
      const site =
        (ts.isIdentifier(e) && stepNames.has(e.text)) ||
        (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && (stepNames.has(e.expression.text) || e.expression.text === 'steps'));
      if (site) lines.push(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return lines;
}

// ---------------------------------------------------------------- running the analysis and reporting

interface Report {
  semantics?: { line: string; version: string };
  diagnostics: Array<{ file: string; code: string; line: number; message: string }>;
  workflows: Array<{ name: string; file: string; line: number; entry: string; steps: Array<{ line: number }> }>;
  failures?: unknown[];
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.name === 'node_modules' ? [] : d.isDirectory() ? walk(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : []);
}

/** What changed against an earlier run's JSON: findings added and removed, workflows and steps per file. */
function compare(before: Report, after: Report, rel: (f: string) => string): void {
  const finding = (d: Report['diagnostics'][number]) => `${d.code} ${rel(d.file)}:${d.line}`;
  const was = new Set(before.diagnostics.map(finding));
  const now = new Set(after.diagnostics.map(finding));
  console.log(`\nagainst the baseline: workflows ${before.workflows.length} → ${after.workflows.length}, steps ${before.workflows.reduce((n, w) => n + w.steps.length, 0)} → ${after.workflows.reduce((n, w) => n + w.steps.length, 0)}, findings ${before.diagnostics.length} → ${after.diagnostics.length}`);
  for (const f of [...now].filter((x) => !was.has(x)).sort()) console.log(`  + ${f}`);
  for (const f of [...was].filter((x) => !now.has(x)).sort()) console.log(`  - ${f}`);
  const perFile = (r: Report) => {
    const m = new Map<string, string>();
    for (const w of r.workflows) m.set(rel(w.file), `${m.get(rel(w.file)) ? `${m.get(rel(w.file))},` : ''}${w.entry}:${w.steps.length}`);
    return m;
  };
  const [b, a] = [perFile(before), perFile(after)];
  const changed = [...new Set([...b.keys(), ...a.keys()])].filter((f) => b.get(f) !== a.get(f)).sort();
  console.log(`files whose workflows changed: ${changed.length}`);
  for (const f of changed) console.log(`  ${f}: ${b.get(f) ?? 'none'} → ${a.get(f) ?? 'none'}`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      mirror: { type: 'string' }, commit: { type: 'string' }, out: { type: 'string' }, corpus: { type: 'string' },
      cli: { type: 'string', default: path.join(REPO, 'dist', 'cli.js') }, json: { type: 'string' }, list: { type: 'boolean', default: false },
      baseline: { type: 'string' }, 'check-arg': { type: 'string', multiple: true, default: [] },
      'first-programs': { type: 'boolean', default: false },
    },
  });
  const dir = path.resolve(values.corpus ?? values.out ?? '');
  if (!values.corpus && !(values.mirror && values.out)) throw new Error('give --mirror <git dir> --out <dir>, or --corpus <dir>');
  if (values.mirror) {
    const commit = values.commit ?? git(values.mirror, ['rev-parse', 'HEAD']).trim();
    console.log(`assembled ${assemble(values.mirror, commit, dir)} files from ${commit} into ${dir}`);
  }
  const files = walk(dir).map((f) => path.relative(dir, f)).sort();
  const sites = new Map(files.map((f) => [f, stepSites(fs.readFileSync(path.join(dir, f), 'utf8'), f)]));

  const started = Date.now();
  const run = spawnSync(process.execPath, [path.resolve(values.cli!), 'check', '.', '--format', 'json', ...values['check-arg']!], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (!run.stdout.trim()) throw new Error(`check printed nothing (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  const report = JSON.parse(run.stdout) as Report;
  if (values.json) fs.writeFileSync(values.json, run.stdout);
  const rel = (f: string) => path.relative(dir, path.resolve(dir, f));

  const stepsPerFile = new Map<string, number>();
  const wfPerFile = new Map<string, number>();
  for (const w of report.workflows) {
    wfPerFile.set(rel(w.file), (wfPerFile.get(rel(w.file)) ?? 0) + 1);
    stepsPerFile.set(rel(w.file), (stepsPerFile.get(rel(w.file)) ?? 0) + w.steps.length);
  }
  const byCode = new Map<string, number>();
  const filesWithFindings = new Set<string>();
  for (const d of report.diagnostics) { byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1); filesWithFindings.add(rel(d.file)); }

  // Never silent: a file the output names anywhere but in `workflows` (a diagnostic, a failure, a notice) was spoken of.
  const mentioned = new Set<string>();
  const collectFiles = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collectFiles);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'file' && typeof x === 'string' ? mentioned.add(rel(x)) : collectFiles(x));
  };
  for (const [k, v] of Object.entries(report)) if (k !== 'workflows') collectFiles(v);
  const withSites = files.filter((f) => sites.get(f)!.length > 0);
  // A fragment that never imports awaitly cannot be recognised by symbol; count those apart.
  const importsAwaitly = new Set(files.filter((f) => /from\s+['"]awaitly(\/[\w-]+)?['"]|require\(['"]awaitly/.test(fs.readFileSync(path.join(dir, f), 'utf8'))));
  const totalSites = withSites.reduce((n, f) => n + sites.get(f)!.length, 0);
  const totalSteps = [...stepsPerFile.values()].reduce((a, b) => a + b, 0);
  const noWorkflow = withSites.filter((f) => !wfPerFile.has(f));
  const fewer = withSites.filter((f) => wfPerFile.has(f) && (stepsPerFile.get(f) ?? 0) < sites.get(f)!.length);
  const origin = (f: string) => f.startsWith('apps/docs-site') || /README\.md|SKILL\.md/.test(f) ? 'docs' : f.startsWith('apps/example') ? 'example app' : f.includes('eslint-plugin') ? 'lint cases' : 'analyzer fixtures';

  console.log(`check: exit ${run.status}, ${((Date.now() - started) / 1000).toFixed(1)} s, semantics ${report.semantics?.line ?? '?'} (${report.semantics?.version ?? '?'})`);
  if (run.stderr.trim()) console.log(`check stderr: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  console.log('\n| origin | files | files with step sites | step sites | workflows | steps found | files with sites, no workflow | … of which import awaitly | … of which the output names nowhere | files with fewer steps than sites |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const o of ['docs', 'example app', 'lint cases', 'analyzer fixtures', 'total']) {
    const fs_ = files.filter((f) => o === 'total' || origin(f) === o);
    const ws = fs_.filter((f) => sites.get(f)!.length > 0);
    console.log(`| ${o} | ${fs_.length} | ${ws.length} | ${ws.reduce((n, f) => n + sites.get(f)!.length, 0)} | ${fs_.reduce((n, f) => n + (wfPerFile.get(f) ?? 0), 0)} | ${fs_.reduce((n, f) => n + (stepsPerFile.get(f) ?? 0), 0)} | ${ws.filter((f) => !wfPerFile.has(f)).length} | ${ws.filter((f) => !wfPerFile.has(f) && importsAwaitly.has(f)).length} | ${ws.filter((f) => !wfPerFile.has(f) && !mentioned.has(f)).length} | ${ws.filter((f) => fewer.includes(f)).length} |`);
  }
  console.log(`\nsteps found / step sites: ${totalSteps} / ${totalSites}; files with findings: ${filesWithFindings.size}; failures: ${report.failures?.length ?? 0}`);
  console.log('\n| finding code | count |\n|---|---:|');
  for (const [c, n] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`| ${c} | ${n} |`);
  // Anything else the report carries (notices of entries seen and not analysed, skipped files, …): counted by field.
  for (const [k, v] of Object.entries(report)) {
    if (['version', 'semantics', 'diagnostics', 'workflows', 'snapshots'].includes(k)) continue;
    console.log(`report.${k}: ${Array.isArray(v) ? `${v.length} entries` : JSON.stringify(v).slice(0, 200)}`);
    if (Array.isArray(v) && k !== 'failures') {
      const kinds = new Map<string, number>();
      for (const x of v) { const key = String((x as Record<string, unknown>)?.code ?? (x as Record<string, unknown>)?.kind ?? (x as Record<string, unknown>)?.reason ?? '?'); kinds.set(key, (kinds.get(key) ?? 0) + 1); }
      for (const [c, n] of kinds) console.log(`  ${c}: ${n}`);
    }
  }
  const entries = new Map<string, number>();
  for (const w of report.workflows) entries.set(w.entry, (entries.get(w.entry) ?? 0) + 1);
  console.log('\n| workflow entry | count |\n|---|---:|');
  for (const [e, n] of [...entries].sort((a, b) => b[1] - a[1])) console.log(`| ${e} | ${n} |`);
  if (values.baseline) compare(JSON.parse(fs.readFileSync(values.baseline, 'utf8')) as Report, report, rel);
  if (values.list) {
    console.log(`\nfiles with step sites but no workflow (${noWorkflow.length}):`);
    for (const f of noWorkflow) console.log(`  ${importsAwaitly.has(f) ? 'imports awaitly ' : 'fragment        '} ${mentioned.has(f) ? 'named ' : 'silent'} ${f}  sites at ${sites.get(f)!.join(',')}`);
    console.log(`\nfiles with fewer steps than sites (${fewer.length}):`);
    for (const f of fewer) console.log(`  ${f}  steps ${stepsPerFile.get(f)} < sites ${sites.get(f)!.length}`);
  }
  if (values['first-programs']) firstPrograms(dir);
}

/**
 * The language server's first program (core's startWith: the open file, what it imports, the files a text screen
 * says may act on others) must answer for that file as the whole program does: checked here for every file.
 */
function firstPrograms(dir: string): void {
  const tsconfig = path.join(dir, 'tsconfig.json');
  const whole = createAnalysisProject({ tsconfig, includeResultTypes: false });
  const files = whole.sourceFiles();
  const screened = files.filter((f) => mayActOnOtherFiles(f, fs.readFileSync(f, 'utf8'))).length;
  const differ = files.filter((f) => {
    const first = createAnalysisProject({ tsconfig, includeResultTypes: false, startWith: [f] });
    return JSON.stringify(first.analyzeFile(f)) !== JSON.stringify(whole.analyzeFile(f));
  });
  console.log(`\nfirst programs: ${files.length} files, each analysed in a program opened at it alone (${screened} file(s) may act on others, in every one): ${files.length - differ.length} as in the whole program, ${differ.length} differ`);
  for (const f of differ) console.log(`  differs: ${path.relative(dir, f)}`);
}

if (require.main === module) main();
