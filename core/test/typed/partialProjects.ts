// Projects for the partial-run tests (partial.test.ts): a copy of a fixture project in a temp folder (its node_modules
// and the repository's linked entry by entry, so the cache lands in the copy), and a generated multi-file project
// with one file of each kind an edit can hit.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, write } from './cacheProject';

/** A real folder holding a link to each entry of `from` (not its dot entries: .cache, .bin). */
function linkEntries(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) if (!name.startsWith('.')) fs.symlinkSync(path.join(from, name), path.join(to, name));
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.name === 'node_modules') linkEntries(path.join(from, e.name), path.join(to, e.name));
    else if (e.isDirectory()) copyTree(path.join(from, e.name), path.join(to, e.name));
    else fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
  }
}

/** A temp folder with the repository's packages, and `root` inside it (empty, or a copy of `fixture`). */
export function tempProject(fixture?: string): { root: string; dispose: () => void } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-partial-'));
  linkEntries(path.join(REPO, 'node_modules'), path.join(top, 'node_modules'));
  const root = path.join(top, 'p');
  if (fixture) copyTree(fixture, root);
  else fs.mkdirSync(root);
  return { root, dispose: () => fs.rmSync(top, { recursive: true, force: true }) };
}

/**
 * The generated project (below) for a suite: made in a temp folder before its tests, removed after them. `f(rel)` is
 * a path in it, `tsconfig()` its tsconfig.
 */
export function useGeneratedProject(): { root: () => string; f: (rel: string) => string; tsconfig: () => string } {
  let made: { root: string; dispose: () => void } | undefined;
  before(() => {
    made = tempProject();
    generatedProject(made.root);
  });
  after(() => made?.dispose());
  const root = () => made!.root;
  return { root, f: (rel) => path.join(root(), rel), tsconfig: () => path.join(root(), 'tsconfig.json') };
}

export const MODELS = 3;
export const WORKFLOWS = 6;

/**
 * Models imported by services imported by workflows (workflow i uses service i % 3, so a model reaches one service
 * and two workflows), a helper whose step calls run in another file's workflow, a script file whose global a key
 * reads, a workflow importing a helper that does not exist yet, a helper no workflow calls, a constants file nothing
 * imports yet, a utility.
 */
export function generatedProject(root: string): void {
  write(root, 'tsconfig.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src/**/*.ts'],
  }));
  for (let k = 0; k < MODELS; k++) {
    write(root, `src/model/model-${k}.ts`, `export interface Order${k} { id: string; total: number }\n`);
    write(root, `src/services/service-${k}.ts`, `import { ok, type AsyncResult } from 'awaitly';
import type { Order${k} } from '../model/model-${k}';
export async function load${k}(id: string): AsyncResult<Order${k}, 'NOT_FOUND'> {
  return ok({ id, total: ${k} });
}
`);
  }
  for (let i = 0; i < WORKFLOWS; i++) {
    const k = i % MODELS;
    write(root, `src/workflows/workflow-${i}.ts`, `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
import { load${k} } from '../services/service-${k}';
${i === 2 ? "import { chargeSteps } from '../helpers/charge';\n" : ''}
export const workflow${i} = createWorkflow('workflow-${i}', { load${k} });
export const run${i} = (id: string) => workflow${i}.run(async ({ step, deps }) => {
  const order = await step('load', () => deps.load${k}(id), { key: \`order:\${id}\` });
  ${i === 2 ? 'await chargeSteps(step, order.id);' : "await step('audit', () => ok(order.total), { key: `audit:${order.id}` });"}
  ${i === 3 ? "await step('tagged', () => ok(1), { key: `tag:${RELEASE_TAG}` });" : ''}
  return order;
});
`);
  }
  write(root, 'src/helpers/charge.ts', `import { ok } from 'awaitly';
export async function chargeSteps(step: any, id: string) {
  await step('charge', () => ok({ charged: id }), { key: \`charge:\${id}\` });
  await step('receipt', () => ok({ receipt: id }), { key: \`receipt:\${id}\` });
}
`);
  // A script: its declarations are global, read by workflow-3's key without an import.
  write(root, 'src/globals.ts', `const RELEASE_TAG = 'r1';\n`);
  write(root, 'src/workflows/late.ts', `import { createWorkflow } from 'awaitly/workflow';
import { lateSteps } from '../helpers/late';
export const late = createWorkflow('late', {});
export const runLate = (id: string) => late.run(async ({ step }) => {
  await lateSteps(step, id);
});
`);
  // Step calls no workflow reaches (a no-workflow-found finding, made over the whole project's results).
  write(root, 'src/helpers/orphan.ts', `import { ok } from 'awaitly';
export async function orphanSteps(step: any) {
  await step('orphan', () => ok(1), { key: 'orphan' });
}
`);
  write(root, 'src/util/consts.ts', `export const PREFIX = 'p1';\n`);
  write(root, 'src/util/format.ts', `export const money = (n: number) => (n / 100).toFixed(2);\n`);
}
