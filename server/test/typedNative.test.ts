// The server's result types on TypeScript 7 (the native engine kept open, updated with edited buffers' text):
// the same result types and hashes as the JS API, before and after an edit that exists only in memory; the JS
// API answering when told to, and taking over (with the edits so far) when TypeScript 7 fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject, type FirstProgram, type WorkflowInfo } from '../../core/src/analysis';
import { definitionHash } from '../../core/src/hash';
import { stepSite, typedCopies } from '../../core/src/typed/engine';
import { ResultTypeSource } from '../src/typed/resultTypeSource';
import { copyWorkspace } from './helper';

const ROOT = path.resolve(__dirname, '../../test-fixtures/example-workspace');
const FILE = path.join(ROOT, 'src/checkout.ts');
const ANCHOR = "const cart = await step('loadCart', () => deps.loadCart(cartId));";
const EDITED = () => fs.readFileSync(FILE, 'utf8').replace(ANCHOR, `${ANCHOR}\n    const extra = await step('extra', () => ok({ edited: 42 }));`);

describe('result types on the native engine (language server)', function () {
  this.timeout(300_000);
  const noError = { info: () => {}, error: (m: string) => assert.fail(m) };

  /** The rules' workflows of FILE typed by `source`, and the JS API's typed analysis of the same text. */
  const both = (source: ResultTypeSource, rules = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json') })) => {
    const workflows = rules.analyzeFile(FILE).workflows;
    const answer = source.resultTypes(workflows.flatMap((w) => w.steps.map(stepSite)), FILE);
    return { answer, typed: typedCopies(workflows, answer.types, answer.compiler) };
  };
  const jsTyped = (text?: string): WorkflowInfo[] => {
    const js = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json'), includeResultTypes: true });
    if (text !== undefined) js.updateFile(FILE, text);
    return js.analyzeFile(FILE).workflows;
  };
  const types = (ws: WorkflowInfo[]) => ws.map((w) => w.steps.map((s) => [s.resultType, s.resultShape]));

  it('opens on TypeScript 7, follows an unsaved edit, and agrees with the JS API', () => {
    const source = new ResultTypeSource({ rootDir: ROOT }, [], noError);
    try {
      const first = both(source);
      assert.equal(first.answer.compiler, 'TypeScript 7.0.2 (native)');
      assert.deepEqual(types(first.typed), types(jsTyped()));
      assert.deepEqual(first.typed.map(definitionHash), jsTyped().map(definitionHash));

      const edited = EDITED();
      source.updateFile(FILE, edited);
      const rules = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json') });
      rules.updateFile(FILE, edited);
      const after = both(source, rules);
      assert.deepEqual(types(after.typed), types(jsTyped(edited)));
      assert.deepEqual(after.typed.map(definitionHash), jsTyped(edited).map(definitionHash));
      assert.ok(after.typed.some((w) => w.steps.some((s) => s.resultType === '{ edited: number; }')), 'the in-memory edit is seen by TypeScript 7');
    } finally {
      source.dispose();
    }
  });

  it("types the open files' steps when it opens, so their first lens does not wait for TypeScript 7", () => {
    const source = new ResultTypeSource({ rootDir: ROOT }, [[FILE, fs.readFileSync(FILE, 'utf8')]], noError);
    try {
      source.open();
      // TypeScript 7's process gone: only what was typed at open can answer, without the JS API.
      (source as unknown as { answerer: { engine: { api: { close(): void } } } }).answerer.engine.api.close();
      const { answer, typed } = both(source);
      assert.equal(answer.compiler, 'TypeScript 7.0.2 (native)');
      assert.deepEqual(types(typed), types(jsTyped()));
    } finally {
      source.dispose();
    }
  });

  it("opens at the rules' first program and takes the whole project for a site outside it, still on TypeScript 7", () => {
    const infos: string[] = [];
    const text = fs.readFileSync(FILE, 'utf8');
    const source = new ResultTypeSource({ rootDir: ROOT }, [[FILE, text]], { info: (m) => infos.push(m), error: (m) => assert.fail(m) });
    try {
      let first: FirstProgram | undefined;
      const rules = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json'), startWith: [FILE], onFirstProgram: (x) => (first = x) });
      source.open(first);
      assert.match(infos.join('\n'), /for definition hashes in \d+ ms \(at its first \d+ root file\(s\); the rest with the rules' analysis\), result types from TypeScript 7/);
      const own = both(source, rules);
      assert.equal(own.answer.compiler, 'TypeScript 7.0.2 (native)');
      assert.deepEqual(types(own.typed), types(jsTyped()));
      // A workflow file the first program does not hold: TypeScript 7 widens rather than handing it to the JS API.
      const other = path.join(ROOT, 'src/nightly-billing.ts');
      assert.ok(!first!.roots.includes(other));
      const workflows = rules.analyzeFile(other).workflows;
      const answer = source.resultTypes(workflows.flatMap((w) => w.steps.map(stepSite)), other);
      assert.equal(answer.compiler, 'TypeScript 7.0.2 (native)');
      const js = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json'), includeResultTypes: true }).analyzeFile(other).workflows;
      assert.deepEqual(types(typedCopies(workflows, answer.types, answer.compiler)), types(js));
      assert.doesNotMatch(infos.join('\n'), /JS API/);
    } finally {
      source.dispose();
    }
  });

  it('answers from the JS API when told to, and says so', () => {
    process.env.AWAITLY_LENS_ENGINE = 'js';
    const infos: string[] = [];
    const source = new ResultTypeSource({ rootDir: ROOT }, [], { info: (m) => infos.push(m), error: (m) => assert.fail(m) });
    try {
      const { answer, typed } = both(source);
      assert.match(answer.compiler, /^TypeScript 6\.\d+\.\d+ \(JS API; AWAITLY_LENS_ENGINE=js\)$/);
      assert.deepEqual(types(typed), types(jsTyped()));
      assert.match(infos.join('\n'), /result types from TypeScript 6\.\d+\.\d+ \(JS API; AWAITLY_LENS_ENGINE=js\)$/);
    } finally {
      delete process.env.AWAITLY_LENS_ENGINE;
      source.dispose();
    }
  });
});

describe('result types on the native engine: TypeScript 7 failing', function () {
  this.timeout(300_000);

  const DRAFT = ["import { ok, createWorkflow } from 'awaitly';", "const draft = createWorkflow('draft', {});", "export const go = () => draft.run(async ({ step }) => {", "  await step('one', () => ok({ drafted: true }));", '});', ''].join('\n');

  it('keeps TypeScript 7 for a file created on disk after it opened, and asks the JS API for an unsaved one only', () => {
    const dir = copyWorkspace(ROOT);
    const errors: string[] = [];
    const infos: string[] = [];
    const source = new ResultTypeSource({ rootDir: dir }, [], { info: (m) => infos.push(m), error: (m) => errors.push(m) });
    try {
      source.open();
      const rules = createAnalysisProject({ tsconfig: path.join(dir, 'tsconfig.json') });
      const ask = (file: string, text: string) => {
        rules.updateFile(file, text);
        const workflows = rules.analyzeFile(file).workflows;
        assert.equal(workflows.length, 1);
        return source.resultTypes(workflows.flatMap((w) => w.steps.map(stepSite)), file);
      };
      /** The file's text (written to disk too unless `inMemory`) is typed by TypeScript 7 alone. */
      const typedByNative = (file: string, text: string, display: string, inMemory = false) => {
        if (!inMemory) fs.writeFileSync(file, text);
        source.updateFile(file, text);
        const answer = ask(file, text);
        assert.equal(answer.compiler, 'TypeScript 7.0.2 (native)');
        assert.deepEqual(answer.types.map((t) => t.display), [display]);
      };
      const saved = path.join(dir, 'src', 'saved.ts');
      typedByNative(saved, DRAFT, '{ drafted: boolean; }');
      assert.deepEqual(errors, []);

      // Only in the editor: TypeScript 7's project does not hold it, so the JS API types its sites, and says so once.
      const unsaved = path.join(dir, 'src', 'unsaved.ts');
      const UNSAVED = DRAFT.replace('drafted: true', 'unsaved: 1');
      source.updateFile(unsaved, UNSAVED);
      const b = ask(unsaved, UNSAVED);
      assert.match(b.compiler, /^TypeScript 7\.0\.2 \(native\); TypeScript 6\.\d+\.\d+ \(JS API; for files outside TypeScript 7's project\) for 1 file\(s\)$/);
      assert.deepEqual(b.types.map((t) => t.display), ['{ unsaved: number; }']);
      ask(unsaved, UNSAVED);
      assert.equal(infos.filter((m) => m.includes("is not in TypeScript 7's project")).length, 1, infos.join('\n'));
      assert.match(infos.join('\n'), /unsaved\.ts is not in TypeScript 7's project \(not saved, or outside the tsconfig's include\): its result types come from TypeScript 6/);

      // TypeScript 7 still answers for the files it holds, edits included, and takes the file once it is saved.
      typedByNative(saved, DRAFT.replace('drafted: true', 'drafted: "yes"'), '{ drafted: string; }', true);
      typedByNative(unsaved, UNSAVED, '{ unsaved: number; }');
      assert.deepEqual(errors, []);
    } finally {
      source.dispose();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('hands over to the JS API with the edits so far, and logs it', () => {
    const errors: string[] = [];
    const source = new ResultTypeSource({ rootDir: ROOT }, [], { info: () => {}, error: (m) => errors.push(m) });
    source.open();
    const edited = EDITED();
    source.updateFile(FILE, edited);
    // Kill TypeScript 7's process under the engine: the next request fails.
    const answerer = (source as unknown as { answerer: { engine: { api: { close(): void } } } }).answerer;
    answerer.engine.api.close();
    const rules = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json') });
    rules.updateFile(FILE, edited);
    const workflows = rules.analyzeFile(FILE).workflows;
    const answer = source.resultTypes(workflows.flatMap((w) => w.steps.map(stepSite)), FILE);
    assert.match(errors.join('\n'), /TypeScript 7 failed .*result types from TypeScript 6\.\d+\.\d+ \(JS API; TypeScript 7 failed\) from now on/);
    assert.match(answer.compiler, /JS API; TypeScript 7 failed/);
    assert.ok(answer.types.some((t) => t.display === '{ edited: number; }'), 'the JS API got the edit made before the failure');
    source.dispose();
  });
});
