// createAnalysisProject's `startWith` (what the language server opens a folder with): the first program holds the
// given files, what they import and the files that may act on others (include-graph.ts mayActOnOtherFiles, a text
// screen); its answers are the whole project's, another file joins when asked about, and a question about every
// file makes it whole.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject } from '../../src/analysis';
import { actsOnOtherFiles, mayActOnOtherFiles } from '../../src/analysis/include-graph';
import { ts } from '../../src/analysis/ts-util';
import { tempProject, useGeneratedProject } from '../typed/partialProjects';

const REPO = path.resolve(__dirname, '../../..');

describe('startWith (a program opened at some files)', function () {
  this.timeout(300_000);
  const { f, tsconfig } = useGeneratedProject();
  const json = (x: unknown) => JSON.stringify(x);

  it('answers for the file as the whole project does, the global script read by its key included', () => {
    const file = f('src/workflows/workflow-3.ts');
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true });
    const first = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true, startWith: [file] });
    assert.equal(first.whole, false);
    const got = first.analyzeFile(file);
    assert.equal(json(got), json(whole.analyzeFile(file)));
    // The key reads RELEASE_TAG from src/globals.ts, a script nothing imports: it is in because the screen says so.
    const tagged = got.workflows[0]!.steps.find((s) => s.id?.value === 'tagged')!;
    assert.equal(tagged.key?.value, 'tag:r1', json(tagged.key));
    assert.equal(first.whole, false, 'one file analysed: still partial');
  });

  it('tells onFirstProgram its roots (the file, the scripts that may act on others) and the whole source list', () => {
    const file = f('src/workflows/workflow-3.ts');
    const told: Array<{ roots: readonly string[]; listed: readonly string[] }> = [];
    const first = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, startWith: [file], onFirstProgram: (x) => told.push(x) });
    assert.equal(told.length, 1);
    const { roots, listed } = told[0]!;
    assert.ok(roots.includes(file) && roots.includes(f('src/globals.ts')), json(roots));
    assert.ok(!roots.includes(f('src/workflows/workflow-2.ts')));
    assert.deepEqual(listed, first.sourceFiles());
    assert.ok(listed.length > roots.length * 2);
    // A whole project is not opened at some files: nobody is told.
    createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, onFirstProgram: (x) => told.push(x) });
    assert.equal(told.length, 1);
  });

  it('prepared for widening in slices, then widened: the whole project\'s answers', () => {
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true });
    const file = f('src/workflows/workflow-3.ts');
    const first = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true, startWith: [file] });
    first.analyzeFile(file);
    let slices = 1;
    while (!first.prepareWiden(1)) slices++;
    assert.ok(slices > 1);
    assert.equal(first.whole, false, 'preparing does not widen');
    first.widen();
    assert.equal(json(first.analyzeProject()), json(whole.analyzeProject()));
    assert.equal(first.prepareWiden(1), true, 'nothing left once whole');
  });

  it('another file joins when asked about (analyzeFile, stepAt); the source list is the whole project\'s throughout', () => {
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false });
    const first = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, startWith: [f('src/workflows/workflow-0.ts')] });
    assert.deepEqual(first.sourceFiles(), whole.sourceFiles());
    const other = f('src/workflows/workflow-2.ts');
    assert.equal(json(first.analyzeFile(other)), json(whole.analyzeFile(other)));
    const text = fs.readFileSync(f('src/workflows/workflow-4.ts'), 'utf8').split('\n');
    const line = text.findIndex((l) => l.includes("step('load'"));
    const column = text[line]!.indexOf("step('load'") + 1;
    const step = first.stepAt(f('src/workflows/workflow-4.ts'), line + 1, column);
    assert.ok(step, 'the step of a file outside the first program');
    assert.equal(json(step), json(whole.stepAt(f('src/workflows/workflow-4.ts'), line + 1, column)));
    assert.equal(first.whole, false);
  });

  it('an edit keeps it partial and answers as the whole project given the same edit', () => {
    const file = f('src/workflows/workflow-1.ts');
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true });
    const first = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true, startWith: [file] });
    first.analyzeFile(file);
    const edited = fs.readFileSync(file, 'utf8').replace("step('audit'", "step('audited'");
    assert.deepEqual(first.updateFile(file, edited), [file]);
    whole.updateFile(file, edited);
    assert.equal(first.whole, false);
    const got = first.analyzeFile(file);
    assert.ok(got.workflows[0]!.steps.some((s) => s.id?.value === 'audited'));
    assert.equal(json(got), json(whole.analyzeFile(file)));
  });

  it('analyzeProject and syntaxErrors make it whole: the whole project\'s answers; widen() drops what it had', () => {
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false });
    const a = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, startWith: [f('src/workflows/workflow-2.ts')] });
    a.analyzeFile(f('src/workflows/workflow-2.ts'));
    assert.equal(json(a.analyzeProject()), json(whole.analyzeProject()));
    assert.equal(a.whole, true);
    assert.deepEqual(a.widen(), [], 'already whole');
    const b = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, startWith: [f('src/workflows/workflow-2.ts')] });
    assert.deepEqual(b.syntaxErrors(), whole.syntaxErrors());
    assert.equal(b.whole, true);
    const c = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, startWith: [f('src/workflows/workflow-5.ts')] });
    c.analyzeFile(f('src/workflows/workflow-5.ts'));
    assert.deepEqual(c.widen(), [f('src/workflows/workflow-5.ts')]);
    assert.equal(c.whole, true);
    assert.equal(json(c.analyzeProject()), json(whole.analyzeProject()));
  });

  it('a folder without a tsconfig opens the same way', () => {
    const { root: bare, dispose: done } = tempProject();
    try {
      fs.writeFileSync(path.join(bare, 'globals.ts'), "const TAG = 't';\n");
      fs.writeFileSync(path.join(bare, 'flow.ts'), "import { createWorkflow } from 'awaitly/workflow';\nimport { ok } from 'awaitly';\nexport const w = createWorkflow('w', {});\nexport const run = () => w.run(async ({ step }) => { await step('a', () => ok(1), { key: `k:${TAG}` }); });\n");
      fs.writeFileSync(path.join(bare, 'other.ts'), 'export const x = 1;\n');
      const first = createAnalysisProject({ rootDir: bare, includeResultTypes: false, startWith: [path.join(bare, 'flow.ts')] });
      const whole = createAnalysisProject({ rootDir: bare, includeResultTypes: false });
      assert.equal(first.whole, false);
      const got = first.analyzeFile(path.join(bare, 'flow.ts'));
      assert.equal(got.workflows[0]!.steps[0]!.key?.value, 'k:t');
      assert.equal(json(got), json(whole.analyzeFile(path.join(bare, 'flow.ts'))));
    } finally {
      done();
    }
  });
});

describe('mayActOnOtherFiles (the text screen startWith roots by)', () => {
  const screen = (text: string, name = '/p/a.ts') => mayActOnOtherFiles(name, text);

  it('a module with nothing global: false; each form that can act on others: true', () => {
    assert.equal(screen("import { a } from './a';\nexport const b = a;\n"), false);
    assert.equal(screen('export const b = 1;\n'), false);
    assert.equal(screen('const b = 1;\n'), true, 'a script');
    assert.equal(screen('// import x\nconst b = 1;\n'), true, 'a comment that does not start its line with import');
    assert.equal(screen("export {};\ndeclare global { interface Window { x: 1 } }\n"), true);
    assert.equal(screen("import 'x';\ndeclare module 'x' { export const y: 1 }\n"), true);
    assert.equal(screen("/// <reference types=\"node\" />\nexport const b = 1;\n"), true);
    assert.equal(screen("import 'reflect-metadata';\nexport const b = 1;\n"), true, 'a side-effect import');
    assert.equal(screen("const fs = require('fs');\nexport const b = 1;\n", '/p/a.js'), true);
    assert.equal(screen('export const b = 1;\n', '/p/types.d.ts'), true, 'a declaration file');
    assert.equal(screen('{}', '/p/a.json'), false);
  });

  it('never says false where the parse says the file acts on others (every TypeScript and JavaScript file of test-fixtures)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== 'node_modules') walk(full);
        else if (e.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(e.name)) files.push(full);
      }
    };
    walk(path.join(REPO, 'test-fixtures'));
    assert.ok(files.length > 50, `${files.length} files`);
    // And forms that do act on others, each in a file of its own.
    const texts = files.map((file) => [file, fs.readFileSync(file, 'utf8')] as const).concat([
      ['/p/script.ts', 'const RELEASE = 1;\n'],
      ['/p/script-with-comment.ts', '/* import x from "y" */\nconst RELEASE = 1;\n'],
      ['/p/augment.ts', "export {};\ndeclare global { var RELEASE: number }\n"],
      ['/p/module-augment.ts', "import 'awaitly';\ndeclare module 'awaitly' { interface X { y: 1 } }\n"],
      ['/p/reference.ts', '/// <reference lib="dom" />\nexport const a = 1;\n'],
      ['/p/script.js', 'var RELEASE = 1;\n'],
    ]);
    let acting = 0;
    let screenedOut = 0;
    for (const [file, text] of texts) {
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const may = mayActOnOtherFiles(file, text);
      if (!may) screenedOut++;
      if (!actsOnOtherFiles(sf, true)) continue;
      acting++;
      assert.equal(may, true, file);
    }
    assert.equal(acting, 6, 'the six forms act on others');
    // The screen is worth having: most modules are left out of a first program.
    assert.ok(screenedOut > files.length / 2, `${screenedOut} of ${files.length} screened out`);
  });
});
