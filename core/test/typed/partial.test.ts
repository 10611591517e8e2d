// After files change, check re-analyses only the files that import a changed one (typed/reach.ts, a partial program:
// analysis/project.ts) and reuses the others' cached results. Differential: after each edit, the run through the
// cache must give the same ProjectAnalysis (JS engine, result types inline) and the same `check --format json` bytes
// (native engine where it loads) as a run without the cache; and the header says how many files were analysed again,
// or why the whole project was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSession } from '../../src/cli/analysisSession';
import { runInProcess } from '../cli/helpers';
import { REPO, write } from './cacheProject';
import { generatedProject, tempProject } from './partialProjects';

/** The cache words of a header, and everything else of the run. */
function session(root: string, cache: boolean) {
  const s = openSession([root], { includeResultTypes: true, cache, engine: 'js' }, root);
  const { engine, validity: _validity, ...rest } = s;
  return { header: engine?.cache ?? '', body: JSON.stringify({ ...rest, engine: { ...engine, cache: '' } }) };
}

const withoutCacheWords = (out: string) => out.replace(/"cache": "[^"]*"/, '"cache": ""');

/**
 * One step of a differential run: the cached run (first after the edit) against a run without the cache, for the
 * analysis and for check's output. Returns the headers of the cached runs. `before`: the body before the edit, which
 * must differ (the edit changed what the analysis says) unless `same`.
 */
async function step(root: string, label: string): Promise<{ analysis: string; check: string; body: string }> {
  const cached = session(root, true);
  const fresh = session(root, false);
  assert.equal(cached.body, fresh.body, `${label}: the analysis through the cache differs from a run without it (${cached.header})`);
  const c1 = await runInProcess(['check', root, '--format', 'json'], { cwd: root });
  const c2 = await runInProcess(['check', root, '--format', 'json', '--no-cache'], { cwd: root });
  assert.equal(withoutCacheWords(c1.stdout), withoutCacheWords(c2.stdout), `${label}: check output through the cache differs`);
  assert.equal(c1.stderr, c2.stderr, label);
  assert.equal(c1.code, c2.code, label);
  const check = /"cache": "([^"]*)"/.exec(c1.stdout)?.[1] ?? '';
  return { analysis: cached.header, check, body: cached.body };
}

/** Every project file edited in a way that changes what the analysis reports: each step call's first string gets a suffix. */
function editSteps(file: string, suffix: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(/(step(?:\.\w+)?\(\s*')([^']*)'/, `$1$2${suffix}'`);
  assert.notEqual(edited, text, `${file} has no step call to edit`);
  fs.writeFileSync(file, edited);
}

describe('check after files changed: only what depends on them is analysed again', function () {
  this.timeout(900_000);

  describe('a generated project with a file of each kind', () => {
    let root: string;
    let dispose: () => void;
    before(() => {
      ({ root, dispose } = tempProject());
      generatedProject(root);
    });
    after(() => dispose());
    const f = (rel: string) => path.join(root, rel);
    // 6 workflows, 3 models, 3 services, the two helpers, the script, late.ts, consts.ts, format.ts.
    const total = 18;

    it('cold runs write the entries', async () => {
      const first = await step(root, 'cold');
      assert.equal(first.analysis, 'cache: no cache entry yet');
      assert.equal(first.check, 'cache: no cache entry yet');
    });

    it('a model file imported by a service imported by two workflows: those 4 files are analysed again', async () => {
      fs.appendFileSync(f('src/model/model-1.ts'), 'export interface Extra { note: string }\n');
      const r = await step(root, 'model edited');
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 4 of ${total} file(s)`);
      assert.equal(r.check, `cache: 1 file(s) changed, re-analysed 4 of ${total} file(s), result types asked for 2 of 7 workflow(s)`);
    });

    it('a model field whose type the steps return: the result types change, as in a full run', async () => {
      const before = session(root, false).body;
      fs.writeFileSync(f('src/model/model-2.ts'), 'export interface Order2 { id: string; total: string }\n');
      const r = await step(root, 'model field');
      assert.notEqual(r.body, before);
      assert.match(r.analysis, /re-analysed 4 of/);
    });

    it('a workflow file: itself only', async () => {
      const before = session(root, false).body;
      editSteps(f('src/workflows/workflow-4.ts'), '-edited');
      const r = await step(root, 'workflow edited');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 1 of ${total} file(s)`);
    });

    it('a helper whose step calls run in another file\'s workflow: the helper and that workflow', async () => {
      const before = session(root, false).body;
      editSteps(f('src/helpers/charge.ts'), '-edited');
      const r = await step(root, 'helper edited');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 2 of ${total} file(s)`);
    });

    it('a helper no workflow reaches, then reached, then not: its no-workflow-found finding follows (made over the merged results)', async () => {
      const orphan = /"code":"no-workflow-found","severity":"info","file":"[^"]*orphan\.ts"/;
      assert.match(session(root, false).body, orphan);
      const wf = f('src/workflows/workflow-4.ts');
      const text = fs.readFileSync(wf, 'utf8');
      fs.writeFileSync(wf, `import { orphanSteps } from '../helpers/orphan';\n${text.replace('return order;', 'await orphanSteps(step);\n  return order;')}`);
      const reached = await step(root, 'orphan reached');
      assert.doesNotMatch(reached.body, orphan);
      assert.equal(reached.analysis, `cache: 1 file(s) changed, re-analysed 1 of ${total} file(s)`);
      fs.writeFileSync(wf, text);
      const again = await step(root, 'orphan not reached');
      assert.match(again.body, orphan);
      assert.equal(again.analysis, `cache: 1 file(s) changed, re-analysed 1 of ${total} file(s)`);
    });

    it('a syntax error in a workflow file', async () => {
      fs.appendFileSync(f('src/workflows/workflow-5.ts'), 'export const broken = (;\n');
      const r = await step(root, 'syntax error');
      assert.match(r.body, /syntax error/);
      assert.match(r.analysis, /re-analysed 1 of/);
    });

    it('a new import added, then the file it imports edited: the importer is analysed again with it', async () => {
      const wf = f('src/workflows/workflow-0.ts');
      fs.writeFileSync(wf, `import { PREFIX } from '../util/consts';\n${fs.readFileSync(wf, 'utf8').replace('`order:${id}`', '`order:${PREFIX}:${id}`')}`);
      const added = await step(root, 'import added');
      assert.match(added.analysis, /re-analysed 1 of/);
      const before = session(root, false).body;
      fs.writeFileSync(f('src/util/consts.ts'), `export const PREFIX = 'p2';\n`);
      const r = await step(root, 'imported constant edited');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 2 of ${total} file(s)`);
    });

    it('a file added that an import failed to find: the importer is analysed again', async () => {
      const before = session(root, false).body;
      write(root, 'src/helpers/late.ts', `import { ok } from 'awaitly';
export async function lateSteps(step: any, id: string) {
  await step('late', () => ok(id), { key: \`late:\${id}\` });
}
`);
      const r = await step(root, 'file added');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 2 of ${total + 1} file(s)`);
    });

    it('a file deleted: the files that imported it are analysed again', async () => {
      const before = session(root, false).body;
      fs.rmSync(f('src/helpers/charge.ts'));
      const r = await step(root, 'file deleted');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, `cache: 1 file(s) changed, re-analysed 1 of ${total} file(s)`);
    });

    it('a script file (its declarations are global): the whole project, and the header says why', async () => {
      const before = session(root, false).body;
      fs.writeFileSync(f('src/globals.ts'), `const RELEASE_TAG = 'r2';\n`);
      const r = await step(root, 'script edited');
      assert.notEqual(r.body, before);
      assert.equal(r.analysis, 'cache: 1 file(s) changed, whole project re-analysed (src/globals.ts acts on other files without being imported)');
    });

    it('a module that starts declaring globals: the whole project', async () => {
      fs.appendFileSync(f('src/util/format.ts'), 'declare global { const FORMAT_VERSION: number }\n');
      const r = await step(root, 'declare global added');
      assert.match(r.analysis, /whole project re-analysed \(src\/util\/format\.ts acts on other files without being imported\)/);
      // Now a global file: its next change is a whole run too, whatever it becomes.
      fs.writeFileSync(f('src/util/format.ts'), 'export const money = (n: number) => n.toFixed(2);\n');
      assert.match((await step(root, 'declare global removed')).analysis, /whole project re-analysed/);
    });

    it('a package imported for the first time (its globals could reach every file): the whole project', async () => {
      const wf = f('src/workflows/workflow-1.ts');
      fs.writeFileSync(wf, `import type { ParseError } from 'jsonc-parser';\nexport type Errors = ParseError[];\n${fs.readFileSync(wf, 'utf8')}`);
      const r = await step(root, 'package imported');
      assert.equal(r.analysis, 'cache: 1 file(s) changed, whole project re-analysed (the package files the project imports changed)');
      // An edit that keeps the packages as they are is partial again.
      editSteps(wf, '-again');
      assert.match((await step(root, 'after the package import')).analysis, /re-analysed 1 of/);
    });

    it('nothing changed: a hit', async () => {
      const r = session(root, true);
      assert.equal(r.header, 'from the cache: no file changed, nothing re-checked');
    });
  });

  describe('a JavaScript project (allowJs, types in JSDoc)', () => {
    /** A workflow whose one step returns `returns`, a type its JSDoc names (`header`: a line that brings it in). */
    const jsWorkflow = (name: string, header: string, returns: string) => `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
${header}
/** @param {string} id @returns {${returns}} */
function load(id) { return /** @type {any} */ ({ id }); }
export const ${name} = createWorkflow('${name}', {});
/** @param {string} id */
export const run = (id) => ${name}.run(async ({ step }) => {
  const value = await step('load', () => ok(load(id)), { key: \`${name}:\${id}\` });
  return value;
});
`;
    let root: string;
    let dispose: () => void;
    before(async () => {
      ({ root, dispose } = tempProject());
      write(root, 'tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'preserve', moduleResolution: 'bundler', allowJs: true, checkJs: true, strict: true, noEmit: true, skipLibCheck: true, types: [] }, include: ['src/**/*'] }));
      write(root, 'src/orders.js', jsWorkflow('orders', '', "import('./model').Order"));
      await step(root, 'cold');
    });
    after(() => dispose());

    /** Writes a file, then one differential step, whose analysis must differ from before (a step's result type). */
    async function writeAndStep(rel: string, text: string, label: string): Promise<string> {
      const before = session(root, false).body;
      write(root, rel, text);
      const r = await step(root, label);
      assert.notEqual(r.body, before, `${label}: the step result type should change`);
      return r.analysis;
    }

    it('a file added that only a JSDoc import type names: the file naming it is analysed again', async () => {
      assert.match(await writeAndStep('src/model.ts', 'export interface Order { id: string; total: number }\n', 'file added'), /re-analysed 2 of 2 file/);
    });

    it('then that file edited: the file naming it in JSDoc is analysed again with it', async () => {
      assert.match(await writeAndStep('src/model.ts', 'export interface Order { id: string; total: number; currency: string }\n', 'imported file edited'), /re-analysed 2 of 2 file/);
    });

    it('a file added that only an @import tag names: the file naming it is analysed again', async () => {
      write(root, 'src/refunds.js', jsWorkflow('refunds', "/** @import { Refund } from './refund' */", 'Refund'));
      await step(root, 'workflow added');
      assert.match(await writeAndStep('src/refund.ts', 'export interface Refund { id: string; cents: number }\n', '@import target added'), /re-analysed 2 of 4 file/);
    });

    it('a CommonJS file (require, module.exports) edited: only it and its importers, not the whole project', async () => {
      write(root, 'src/money.cjs', "const { round } = require('./round.cjs');\nmodule.exports = { cents: (n) => round(n * 100) };\n");
      write(root, 'src/round.cjs', 'exports.round = (n) => Math.round(n);\n');
      await step(root, 'CommonJS files added');
      fs.appendFileSync(path.join(root, 'src/round.cjs'), 'exports.floor = (n) => Math.floor(n);\n');
      const r = await step(root, 'CommonJS file edited');
      assert.match(r.analysis, /re-analysed 2 of 6 file/);
    });

    it('a JavaScript script (no import, export or require: its declarations are global) edited: the whole project', async () => {
      write(root, 'src/globals.js', 'var REGION = "eu";\n');
      await step(root, 'script added');
      fs.appendFileSync(path.join(root, 'src/globals.js'), 'var ZONE = "a";\n');
      const r = await step(root, 'script edited');
      assert.match(r.analysis, /whole project re-analysed \(src\/globals\.js acts on other files without being imported\)/);
    });
  });

  for (const fixture of ['workflows', 'workflows-4x', 'example-workspace', 'stores']) {
    describe(`a copy of test-fixtures/${fixture}`, () => {
      let root: string;
      let dispose: () => void;
      let analysis: ReturnType<typeof openSession>['analysis'];
      before(async () => {
        ({ root, dispose } = tempProject(path.join(REPO, 'test-fixtures', fixture)));
        await step(root, 'cold');
        analysis = openSession([root], { includeResultTypes: false }, root).analysis!;
      });
      after(() => dispose());

      it('each kind of edit gives the answers of a full run', async () => {
        const workflows = analysis!.workflows.filter((w) => w.steps.length > 0);
        // A workflow file; a helper file whose steps run in another file's workflow; a file other files import.
        const workflowFile = workflows[0]?.file;
        const helper = workflows.flatMap((w) => w.steps.map((s) => s.file).filter((x) => x !== w.file))[0];
        // Another source file (one without a workflow where there is one).
        const others = analysis!.files.filter((x) => x !== workflowFile && x !== helper);
        const imported = others.find((x) => !workflows.some((w) => w.file === x)) ?? others[0];
        const edits: Array<[string, () => void]> = [];
        if (workflowFile) edits.push(['workflow file', () => editSteps(workflowFile, '-edited')]);
        if (helper) edits.push(['helper file', () => editSteps(helper, '-edited')]);
        if (imported) edits.push(['other file', () => fs.appendFileSync(imported, '\nexport interface AddedByTest { n: number }\n')]);
        if (imported) edits.push(['file deleted', () => fs.rmSync(imported)]);
        edits.push(['file added', () => write(root, 'src/added-by-test.ts', 'export const added = 1;\n')]);
        assert.ok(edits.length >= (analysis!.files.length > 1 ? 4 : 2), `${fixture}: ${edits.map(([k]) => k).join(', ')}`);
        const headers: string[] = [];
        for (const [kind, edit] of edits) {
          edit();
          const r = await step(root, `${fixture}: ${kind}`);
          assert.match(r.analysis, /^cache: \d+ file\(s\) changed, (re-analysed \d+ of \d+ file\(s\)|whole project re-analysed \(.+\))$/, `${fixture}: ${kind}: ${r.analysis}`);
          headers.push(`${kind}: ${r.analysis}`);
        }
        // At least one edit (the file added) is partial in every fixture.
        assert.ok(headers.some((h) => /re-analysed \d+ of/.test(h)), headers.join('\n'));
      });
    });
  }
});
