// createAnalysisProject's `partial` option, as the core API: a program rooted at some files, the other files' results
// reused, answers as the whole program does; an edit turns it into a whole program.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type FileResult } from '../../src/analysis';
import { useGeneratedProject } from '../typed/partialProjects';

describe('partial program (createAnalysisProject partial)', function () {
  this.timeout(300_000);
  const { f, tsconfig } = useGeneratedProject();

  it('rooted at a workflow and the files that act on others, reusing the rest: the same analysis, syntax errors and file results', () => {
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true });
    const expected = whole.analyzeProject();
    const results = whole.fileResults();
    const graph = whole.includeGraph()!;
    assert.ok(graph.files.get(f('src/globals.ts'))?.global, 'the script is a global file');
    assert.deepEqual(graph.files.get(f('src/workflows/workflow-2.ts'))?.imports, [f('src/helpers/charge.ts'), f('src/services/service-2.ts')]);
    const analysed = [f('src/workflows/workflow-2.ts'), f('src/workflows/workflow-3.ts')];
    const reuse = new Map<string, FileResult>([...results].filter(([file]) => !analysed.includes(file)));
    const partial = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true, partial: { roots: [...analysed, f('src/globals.ts')], reuse } });
    assert.deepEqual(partial.analysedFiles(), analysed);
    assert.equal(JSON.stringify(partial.analyzeProject()), JSON.stringify(expected));
    assert.deepEqual(partial.syntaxErrors(), whole.syntaxErrors());
    assert.equal(JSON.stringify([...partial.fileResults()]), JSON.stringify([...results]));
    // Its program holds the roots and what they import, not the 18 source files.
    const files = [...partial.includeGraph()!.files.keys()];
    assert.ok(files.includes(f('src/helpers/charge.ts')) && !files.includes(f('src/workflows/workflow-0.ts')), files.join('\n'));
  });

  it('without the script among the roots, the workflow whose key reads its global differs: the roots are the caller\'s duty', () => {
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false });
    const expected = whole.analyzeProject();
    const file = f('src/workflows/workflow-3.ts');
    const reuse = new Map([...whole.fileResults()].filter(([x]) => x !== file));
    const partial = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: false, partial: { roots: [file], reuse } });
    assert.notEqual(JSON.stringify(partial.analyzeProject()), JSON.stringify(expected));
  });

  it('an edit turns it into a whole program: answers as a whole project given the same edit', () => {
    const file = f('src/workflows/workflow-1.ts');
    const whole = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true });
    const before = whole.analyzeProject();
    const reuse = new Map([...whole.fileResults()].filter(([x]) => x !== file));
    const partial = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true, partial: { roots: [file], reuse } });
    partial.analyzeProject();
    // A model the workflow does not import: a reused result would have been kept by a partial program.
    const model = f('src/model/model-0.ts');
    const text = 'export interface Order0 { id: number; total: number }\n';
    const old = fs.readFileSync(model, 'utf8');
    fs.writeFileSync(model, text);
    let after;
    try {
      after = createAnalysisProject({ tsconfig: tsconfig(), includeResultTypes: true }).analyzeProject();
    } finally {
      fs.writeFileSync(model, old);
    }
    partial.updateFile(model, text);
    assert.equal(partial.analysedFiles().length, partial.sourceFiles().length);
    assert.notEqual(JSON.stringify(after), JSON.stringify(before), 'the edit changes result types');
    assert.equal(JSON.stringify(partial.analyzeProject()), JSON.stringify(after));
  });

  it('needs a tsconfig', () => {
    assert.throws(() => createAnalysisProject({ rootDir: f('src'), partial: { roots: [], reuse: new Map() } }), /needs a tsconfig/);
  });
});
