// The server's typed project on TypeScript 7 (the native engine kept open, updated with edited buffers' text):
// the same result types and hashes as the JS API, before and after an edit that exists only in memory.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnalysisProject } from '../../core/src/analysis';
import { definitionHash } from '../../core/src/hash';
import { openTypedProject } from '../src/typed/nativeProject';

const ROOT = path.resolve(__dirname, '../../test-fixtures/example-workspace');
const FILE = path.join(ROOT, 'src/checkout.ts');

describe('typed project on the native engine (language server)', function () {
  this.timeout(300_000);

  it('opens on TypeScript 7, follows an unsaved edit, and agrees with the JS API', () => {
    const { project, engine } = openTypedProject({ rootDir: ROOT }, (m) => assert.fail(m));
    assert.equal(engine, 'TypeScript 7.0.2 (native)');
    const js = createAnalysisProject({ tsconfig: path.join(ROOT, 'tsconfig.json'), includeResultTypes: true });
    const same = () => {
      const n = project.analyzeFile(FILE).workflows;
      const j = js.analyzeFile(FILE).workflows;
      assert.deepEqual(n.map((w) => w.steps.map((s) => [s.resultType, s.resultShape])), j.map((w) => w.steps.map((s) => [s.resultType, s.resultShape])));
      assert.deepEqual(n.map(definitionHash), j.map(definitionHash));
      return n;
    };
    same();
    const text = fs.readFileSync(FILE, 'utf8');
    const anchor = "const cart = await step('loadCart', () => deps.loadCart(cartId));";
    assert.ok(text.includes(anchor));
    const edited = text.replace(anchor, `${anchor}\n    const extra = await step('extra', () => ok({ edited: 42 }));`);
    project.updateFile(FILE, edited);
    js.updateFile(FILE, edited);
    const after = same();
    assert.ok(after.some((w) => w.steps.some((s) => s.resultType === '{ edited: number; }')), 'the in-memory edit is seen by TypeScript 7');
  });

  it('falls back to the JS API when told to, and says so', () => {
    process.env.AWAITLY_LENS_ENGINE = 'js';
    try {
      const { engine } = openTypedProject({ rootDir: ROOT }, (m) => assert.fail(m));
      assert.match(engine, /^TypeScript 6\.\d+\.\d+ \(JS API; AWAITLY_LENS_ENGINE=js\)$/);
    } finally {
      delete process.env.AWAITLY_LENS_ENGINE;
    }
  });
});

describe('typed project on the native engine: TypeScript 7 failing', function () {
  this.timeout(300_000);

  it('hands over to the JS API with the edits so far, and logs it', () => {
    const errors: string[] = [];
    const { project } = openTypedProject({ rootDir: ROOT }, (m) => errors.push(m));
    const text = fs.readFileSync(FILE, 'utf8');
    const anchor = "const cart = await step('loadCart', () => deps.loadCart(cartId));";
    project.updateFile(FILE, text.replace(anchor, `${anchor}\n    const extra = await step('extra', () => ok({ edited: 42 }));`));
    // Kill TypeScript 7's process under the engine: the next request fails.
    const engine = (project as unknown as { engine: { api: { close(): void } } }).engine;
    engine.api.close();
    const after = project.analyzeFile(FILE).workflows;
    assert.match(errors.join('\n'), /TypeScript 7 failed .*result types from TypeScript 6\.\d+\.\d+ \(JS API\) from now on/);
    assert.ok(after.some((w) => w.steps.some((s) => s.resultType === '{ edited: number; }')), 'the JS API got the edit made before the failure');
  });
});
