// Never silent: code written for one awaitly line with another installed, imports that do not resolve, entries
// not analysed, step calls no workflow reaches, and files named on the command line that the tsconfig leaves out
// are all reported, in every format. Projects are built in a temp folder whose node_modules/awaitly is a link to
// the real 1.35.0 or 4.5.1 install, and each runtime claim is checked against that install. The docs/rules.md
// examples of these codes (and of the failing forms) are run here too.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnalysisProject, type Finding } from '../../src/analysis';
import { runCli } from '../../src/cli/run';
import { STEP_CALL } from '../../src/analysis/step-call-text';

const REPO = path.resolve(__dirname, '../../..');
const INSTALLS = { '1.35.0': path.join(REPO, 'node_modules', 'awaitly'), '4.5.1': path.join(REPO, 'node_modules', 'awaitly-4') } as const;
type Version = keyof typeof INSTALLS;

const temps: string[] = [];
/** A project folder with `files` and node_modules/awaitly linked to the given release. */
function project(version: Version, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-silent-'));
  temps.push(dir);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(INSTALLS[version], path.join(dir, 'node_modules', 'awaitly'), 'dir');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

function findings(dir: string): Finding[] {
  return createAnalysisProject({ rootDir: dir, includeResultTypes: false }).analyzeProject().findings;
}
const at = (fs: Finding[]) => fs.map((f) => `${f.code}@${path.basename(f.file)}:${f.range.start.line}:${f.range.start.column}`);

async function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

const FOUR_X_CODE = `import { createWorkflow, run, ok } from 'awaitly';

const profile = createWorkflow('profile', { loadUser: async (id: string) => ok({ id }) });

export const load = (id: string) => profile.run(async ({ step, deps }) => step('loadUser', () => deps.loadUser(id)));
export const quick = () => run(async ({ step }) => step('one', async () => ok(1)));
`;

const OLD_CODE = `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';

const profile = createWorkflow('profile', { loadUser: async (id: string) => ok({ id }) });

export const load = (id: string) => profile.run(async ({ step, deps }) => step('loadUser', () => deps.loadUser(id)));
`;

describe('analysis: never silent', function () {
  this.timeout(120000);

  it('awaitly 1.35.0: the root exports neither createWorkflow nor run; createWorkflow(deps) throws; awaitly 4.5.1 has no awaitly/workflow', () => {
    const root135 = require(INSTALLS['1.35.0']) as Record<string, unknown>;
    assert.deepEqual([typeof root135.createWorkflow, typeof root135.run], ['undefined', 'undefined']);
    const { createWorkflow } = require(path.join(INSTALLS['1.35.0'], 'dist', 'workflow.cjs')) as { createWorkflow: (...a: unknown[]) => unknown };
    assert.throws(() => createWorkflow({ load: async () => ({ ok: true, value: 1 }) }), { name: 'TypeError', message: /^createWorkflow\(workflowName, deps, options\?\): first argument must be a non-empty string/ });
    const dir = project('4.5.1', {});
    assert.throws(() => require.resolve('awaitly/workflow', { paths: [dir] }), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    const root4 = require(INSTALLS['4.5.1']) as { createWorkflow: (deps: object) => object };
    assert.deepEqual(Object.keys(root4.createWorkflow({ load: async () => ({ ok: true, value: 1 }) })).sort(), ['run', 'runWithState', 'withDeps']);
  });

  it('4.x code with awaitly 1.35.0 installed: awaitly-line-mismatch naming the installed release and where 1.35 exports the names, and no-workflow-found saying why', () => {
    const dir = project('1.35.0', { 'src/profile.ts': FOUR_X_CODE });
    const fs135 = findings(dir);
    assert.deepEqual(at(fs135), ['awaitly-line-mismatch@profile.ts:1:8', 'no-workflow-found@profile.ts:5:75']);
    assert.equal(fs135[0]!.message, "createWorkflow, run from 'awaitly' is the awaitly 4.x layout, but awaitly 1.35.0 (1.35 line, node_modules/awaitly/package.json) does not export them there: the workflows using them are not analysed; in awaitly 1.35, import createWorkflow from 'awaitly/workflow', run from 'awaitly/workflow'.");
    assert.equal(fs135[1]!.message, 'No workflow found for the step calls in this file: its awaitly import at line 1 does not resolve with the installed awaitly (awaitly-line-mismatch), so no entry here is recognised. Its steps are not analysed.');
    // The same code with 4.5.1 installed: both workflows, nothing to say.
    const ok4 = createAnalysisProject({ rootDir: project('4.5.1', { 'src/profile.ts': FOUR_X_CODE }), includeResultTypes: false }).analyzeProject();
    assert.deepEqual([ok4.workflows.map((w) => w.label), ok4.findings], [['profile', 'run@6'], []]);
  });

  it('1.35 code with awaitly 4.5.1 installed: awaitly/workflow is reported as a 1.35 module; a path no line has is awaitly-import-unresolved; no awaitly at all too', () => {
    const dir = project('4.5.1', { 'old.ts': OLD_CODE, 'typo.ts': OLD_CODE.replace("'awaitly/workflow'", "'awaitly/workflows'") });
    const fs4 = findings(dir);
    assert.deepEqual(at(fs4), ['awaitly-line-mismatch@old.ts:1:32', 'awaitly-import-unresolved@typo.ts:1:32', 'no-workflow-found@old.ts:6:75', 'no-workflow-found@typo.ts:6:75']);
    assert.equal(fs4[0]!.message, "'awaitly/workflow' is an awaitly 1.35 module, but awaitly 4.5.1 (4.x line, node_modules/awaitly/package.json) is installed and has no such export path: nothing imported from it resolves, so the workflows using it are not analysed; in awaitly 4.x, import createWorkflow from 'awaitly'.");
    assert.equal(fs4[1]!.message, "'awaitly/workflows' does not resolve with awaitly 4.5.1 installed (node_modules/awaitly/package.json): what it imports is not recognised, so workflows using it are not analysed.");
    // 1.35 code with 1.35 installed: the workflow is found, nothing reported.
    const fine = createAnalysisProject({ rootDir: project('1.35.0', { 'old.ts': OLD_CODE }), includeResultTypes: false }).analyzeProject();
    assert.deepEqual([fine.workflows.map((w) => w.label), fine.findings], [['profile'], []]);
    // No awaitly anywhere above the folder.
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-bare-'));
    temps.push(bare);
    fs.writeFileSync(path.join(bare, 'a.ts'), FOUR_X_CODE);
    const none = findings(bare);
    assert.deepEqual(at(none), ['awaitly-import-unresolved@a.ts:1:41', 'no-workflow-found@a.ts:5:75']);
    assert.match(none[0]!.message, /^'awaitly' does not resolve: no awaitly is installed for this project/);
  });

  it('check reports file-not-in-project for an operand the tsconfig leaves out, and every format carries the new codes', async () => {
    const dir = project('1.35.0', {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'preserve', moduleResolution: 'bundler', noEmit: true }, include: ['src'] }),
      'src/profile.ts': FOUR_X_CODE,
      'scripts/backfill.ts': FOUR_X_CODE,
    });
    const json = await cli(dir, ['check', 'src/profile.ts', 'scripts/backfill.ts', 'scripts', '--format', 'json']);
    const report = JSON.parse(json.stdout) as { diagnostics: Array<{ file: string; code: string; line: number; column: number; severity: string; message: string }> };
    assert.deepEqual(report.diagnostics.map((d) => `${d.code}@${d.file}:${d.line}:${d.column}:${d.severity}`), [
      'file-not-in-project@scripts:1:1:warning',
      'file-not-in-project@scripts/backfill.ts:1:1:warning',
      'awaitly-line-mismatch@src/profile.ts:1:8:warning',
      'no-workflow-found@src/profile.ts:5:75:info',
    ]);
    assert.equal(report.diagnostics[1]!.message, 'Not analysed: this file is not part of the TypeScript project tsconfig.json (its "include", "files" and "exclude" do not cover it). Add it to the project, or pass --project with a tsconfig that includes it.');
    assert.equal(json.code, 0, 'warnings and infos only');
    assert.equal((await cli(dir, ['check', 'src/profile.ts', 'scripts/backfill.ts', '--max-warnings', '0'])).code, 1);

    const text = await cli(dir, ['check', 'scripts/backfill.ts', 'src']);
    assert.match(text.stdout, /^scripts\/backfill\.ts:1:1 {2}warning {2}Not analysed: .* {2}file-not-in-project$/m);
    assert.match(text.stdout, /^src\/profile\.ts:1:8 {2}warning {2}createWorkflow, run from 'awaitly' is the awaitly 4\.x layout.* {2}awaitly-line-mismatch$/m);
    const sarif = JSON.parse((await cli(dir, ['check', 'scripts/backfill.ts', 'src', '--format', 'sarif'])).stdout) as { runs: Array<{ results: Array<{ ruleId: string }>; tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string } }> } } }> };
    assert.deepEqual(sarif.runs[0]!.results.map((r) => r.ruleId), ['file-not-in-project', 'awaitly-line-mismatch', 'no-workflow-found']);
    assert.match(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'awaitly-line-mismatch')!.shortDescription.text, /^An awaitly import written for another awaitly line/);
    const github = (await cli(dir, ['check', 'scripts/backfill.ts', 'src', '--format', 'github'])).stdout;
    assert.match(github, /^::warning file=scripts\/backfill\.ts,line=1,col=1,endLine=1,endColumn=1,title=awaitly-lens file-not-in-project::Not analysed/m);
    assert.match(github, /^::notice file=src\/profile\.ts,line=5,col=75,.*title=awaitly-lens no-workflow-found::No workflow found/m);

    const lock = await cli(dir, ['lock', 'scripts/backfill.ts', '--check']);
    assert.match(lock.stderr, /^awaitly-lens: warning: scripts\/backfill\.ts: Not analysed: this file is not part of the TypeScript project/m);
  });

  it('a fragment calling createWorkflow without importing it says so; a (step, deps) or (step) callback is reported once, not again for each step(fn) inside', async () => {
    const dir = project('4.5.1', {
      'fragment.ts': "const wf = createWorkflow('frag', {});\nexport const go = () => wf.run(async ({ step }) => step('a', async () => 1));\n",
      'half.ts': "import { ok } from 'awaitly';\nconst wf = createWorkflow('half', {});\nexport const go = () => wf.run(async ({ step }) => step('a', async () => ok(1)));\n",
      'positional.ts': "import { createWorkflow, ok } from 'awaitly';\nconst wf = createWorkflow('pos', { load: async () => ok(1) });\nexport const go = () => wf.run(async (step, deps) => step(() => deps.load()));\n",
      'one-param.ts': "import { createWorkflow } from 'awaitly';\nconst wf = createWorkflow('one');\nexport const go = () => wf.run(async (step) => { await step.sleep('wait', '1ms'); return 1; });\nexport const ok = () => wf.run(async (ctx) => ctx.step.sleep('wait', '1ms', { key: 'w' }));\n",
    });
    const fs4 = findings(dir);
    assert.deepEqual(at(fs4), ['positional-workflow-callback@one-param.ts:3:39', 'positional-workflow-callback@positional.ts:3:39', 'no-workflow-found@fragment.ts:2:52', 'no-workflow-found@half.ts:3:52']);
    assert.equal(fs4[2]!.message, "No workflow found for the step calls in this file: the file calls createWorkflow(…) without importing it (it imports nothing from awaitly), so the call is not recognised as awaitly's (entries are recognised by their import). Its steps are not analysed.");
    assert.match(fs4[3]!.message, /the file calls createWorkflow\(…\) without importing it, so the call/);
    // No unrestored-step on the keyless step.sleep of the one-parameter form: that call never runs.
    // 4.5.1 on the one-parameter form: `step` is the context object.
    const { createWorkflow } = require(INSTALLS['4.5.1']) as { createWorkflow: (name: string) => { run: (fn: (x: any) => unknown) => Promise<any> } };
    const r = await createWorkflow('one').run(async (step: any) => step.sleep('wait', '1ms'));
    assert.equal(String(r.error?.cause?.message), 'step.sleep is not a function');
  });

  it('step calls written with type arguments count as step calls (a doc fragment on streams was named nowhere)', () => {
    // awaitly's streaming docs: `step.getWritable<string>(…)` inside a workflow whose createWorkflow is not imported.
    const dir = project('4.5.1', {
      'stream.ts': "import { createMemoryStreamStore } from 'awaitly/durable';\nconst wf = createWorkflow('w', {}, { streamStore: createMemoryStreamStore() });\nexport const go = () => wf.run(async ({ step }) => {\n  const writer = step.getWritable<string>({ namespace: 'tokens' });\n  await writer.close();\n});\n",
      'typed.ts': "const wf = createWorkflow('t', {});\nexport const go = () => wf.run(async ({ step }) => step<{ id: string }>('load', async () => ({ id: 'a' })));\n",
      'loop.ts': "export function count(max: number): number {\n  let n = 0;\n  for (let step = 0; step < max && n >= (0); step++) n++;\n  return n;\n}\n",
    });
    assert.deepEqual(at(findings(dir)), ['no-workflow-found@stream.ts:4:18', 'no-workflow-found@typed.ts:2:52']);
    for (const text of ['step(', 'step.run(', 'step . retry (', 'step<User>(', 'step.getWritable<string>(', 'step<Result<A, "E">>(', 'step.map<{ a: [string] }>(']) assert.ok(STEP_CALL.test(text), text);
    for (const text of ['x.step(', 'stepper(', 'step < max && n >= (0)', 'step<3>(', 'step;(']) assert.ok(!STEP_CALL.test(text), text);
  });

  it('--semantics with another line installed still names the installed release', () => {
    const dir = project('1.35.0', { 'a.ts': FOUR_X_CODE });
    const f = createAnalysisProject({ rootDir: dir, semantics: '4.x', includeResultTypes: false }).analyzeProject().findings;
    assert.match(f[0]!.message, /but awaitly 1\.35\.0 \(1\.35 line, node_modules\/awaitly\/package\.json\) does not export them there/);
  });

  describe('docs/rules.md examples of these codes', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'rules.md'), 'utf8');
    const codes = ['step-id-missing', 'positional-workflow-callback', 'callable-workflow', 'createworkflow-without-name', 'missing-step-method', 'entry-not-analysed',
      'no-workflow-found', 'awaitly-line-mismatch', 'awaitly-import-unresolved'];
    const section = (code: string) => doc.split(`\n#### ${code}\n`)[1]!.split('\n#### ')[0]!;
    const example = (text: string, label: 'Bad' | 'Good') => {
      const m = new RegExp(`^${label} \\(awaitly (1\\.35\\.0|4\\.5\\.1) installed\\):\\n\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\``, 'm').exec(text);
      assert.ok(m, `${label} example`);
      return { version: m[1] as Version, code: m[2]! };
    };
    for (const code of codes) {
      it(`${code}: the bad example produces it, the good one none of these codes`, () => {
        const bad = example(section(code), 'Bad');
        const good = example(section(code), 'Good');
        assert.ok(findings(project(bad.version, { 'example.ts': bad.code })).some((f) => f.code === code), `${code} from the bad example`);
        assert.deepEqual(findings(project(good.version, { 'example.ts': good.code })).filter((f) => codes.includes(f.code)).map((f) => f.code), []);
      });
    }
  });
});
