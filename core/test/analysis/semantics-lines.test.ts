// core/src/semantics/lines.ts against the real releases: every entry module and export each line object lists
// exists in that release (and the other line's layout does not), createWorkflow(deps) throws or not as stated,
// durable resumes check the step order only where durableShapeGuard says so, and the failing forms fail as stated.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { LINES, type LineId } from '../../src/semantics';

const REPO = path.resolve(__dirname, '../../..');
/** The package folder of each line's release, required by subpath through its own exports map. */
const PACKAGE: Record<LineId, string> = { '1.35': 'awaitly', '4.x': 'awaitly-4' };
const VERSION: Record<LineId, string> = { '1.35': '1.35.0', '4.x': '4.5.1' };

function requireFrom(line: LineId, specifier: string): Record<string, unknown> {
  return require(specifier.replace(/^awaitly/, PACKAGE[line])) as Record<string, unknown>;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the releases are driven untyped, as plain JavaScript */
type Anyish = any;

for (const line of Object.values(LINES)) {
  describe(`semantics: the ${line.id} line object against awaitly ${line.verifiedWith}`, () => {
    it('is the installed release it names', () => {
      assert.equal((require(path.join(REPO, 'node_modules', PACKAGE[line.id], 'package.json')) as { version: string }).version, VERSION[line.id]);
      assert.equal(line.verifiedWith, VERSION[line.id]);
    });

    it('lists entry exports that exist in that release, at those paths', () => {
      for (const [specifier, names] of Object.entries(line.entryModules)) {
        const mod = requireFrom(line.id, specifier);
        for (const name of names) assert.notEqual(typeof mod[name], 'undefined', `${name} from '${specifier}'`);
      }
    });

    it("has none of the other line's entry paths that it does not list itself", () => {
      for (const other of Object.values(LINES).filter((l) => l.id !== line.id)) {
        for (const [specifier, names] of Object.entries(other.entryModules)) {
          const own = (line.entryModules[specifier] ?? []) as readonly string[];
          let mod: Record<string, unknown> | undefined;
          try {
            mod = requireFrom(line.id, specifier);
          } catch (error) {
            assert.equal((error as { code?: string }).code, 'ERR_PACKAGE_PATH_NOT_EXPORTED', specifier);
            assert.deepEqual(own, [], `${specifier} is listed for ${line.id} but does not exist`);
            continue;
          }
          for (const name of names.filter((n) => !own.includes(n))) assert.equal(typeof mod[name], 'undefined', `${name} from '${specifier}' exists in ${line.id}: list it`);
        }
      }
    });

    it(`createWorkflow(deps) without a name: ${line.unnamedCreateWorkflow}`, () => {
      const spec = Object.keys(line.entryModules).find((m) => (line.entryModules[m] as readonly string[]).includes('createWorkflow'))!;
      const createWorkflow = requireFrom(line.id, spec).createWorkflow as (...a: unknown[]) => object;
      const deps = { load: async () => ({ ok: true, value: 1 }) };
      if (line.unnamedCreateWorkflow === 'throws') assert.throws(() => createWorkflow(deps), { name: 'TypeError', message: /first argument must be a non-empty string/ });
      else assert.deepEqual(Object.keys(createWorkflow(deps)).sort(), ['run', 'runWithState', 'withDeps']);
    });

    it(`a durable resume whose first step changed ${line.durableShapeGuard ? 'fails with WorkflowShapeDriftError' : 'is not checked (the renamed step runs)'}`, async () => {
      const { durable } = requireFrom(line.id, 'awaitly/durable') as Anyish;
      const saved = new Map<string, unknown>();
      const store = {
        save: async (id: string, s: unknown) => void saved.set(id, JSON.parse(JSON.stringify(s))),
        load: async (id: string) => saved.get(id) ?? null,
        delete: async (id: string) => void saved.delete(id),
        list: async () => [],
        close: async () => undefined,
      };
      const ran: string[] = [];
      const op = (name: string, fail = false) => async () => {
        ran.push(name);
        return fail ? { ok: false, error: 'BOOM' } : { ok: true, value: name };
      };
      const first = await durable.run({}, async ({ step }: Anyish) => {
        await step('a', op('a'));
        return step('b', op('b', true));
      }, { id: 'drift', store });
      assert.equal(first.ok, false);
      const second = await durable.run({}, async ({ step }: Anyish) => {
        await step('renamed', op('renamed'));
        return step('b', op('b'));
      }, { id: 'drift', store });
      if (line.durableShapeGuard) {
        assert.deepEqual([second.ok, second.error?.type, second.error?.cause?.name], [false, 'PERSISTENCE_ERROR', 'WorkflowShapeDriftError']);
        assert.deepEqual(ran, ['a', 'b']);
      } else {
        // No order check: the renamed step runs, and b's saved failure is replayed without running b.
        assert.deepEqual([second.ok, second.error], [false, 'BOOM']);
        assert.deepEqual(ran, ['a', 'b', 'renamed']);
      }
    });

    it('the failing forms fail as the line object says', async () => {
      const spec = Object.keys(line.entryModules).find((m) => (line.entryModules[m] as readonly string[]).includes('createWorkflow'))!;
      const createWorkflow = requireFrom(line.id, spec).createWorkflow as Anyish;
      const wf = createWorkflow('forms', { load: async () => ({ ok: true, value: 1 }) });
      const noId = await wf.run(async ({ step, deps }: Anyish) => step(() => deps.load(), { key: 'k' }));
      assert.match(String(noId.error?.cause?.message), /^\[awaitly\] step\(\) requires a string ID as the first argument/);
      assert.match(line.failingForms['step-id-missing']!, /step\(\) requires a string ID as the first argument/);
      const positional = await wf.run(async (step: Anyish, deps: Anyish) => step('a', () => deps.load()));
      assert.equal(String(positional.error?.cause?.message), 'step is not a function');
      assert.match(line.failingForms['positional-workflow-callback']!, /"step is not a function"/);
      assert.throws(() => wf(async () => 1), { name: 'TypeError', message: 'wf is not a function' });
      assert.match(line.failingForms['callable-workflow']!, /TypeError/);
    });
  });
}
