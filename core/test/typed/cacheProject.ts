// A small project for the cache tests: its own node_modules (where the cache lives) with the repository's awaitly
// 1.35.0, a tsconfig that extends a base, a package.json and package-lock.json, two workflows and a model file outside the include.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');

export function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

export function cacheProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'awaitly-lens-cache-'));
  fs.mkdirSync(path.join(root, 'node_modules'));
  fs.symlinkSync(path.join(REPO, 'node_modules/awaitly'), path.join(root, 'node_modules/awaitly'));
  write(root, 'tsconfig.base.json', JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'preserve', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: true, types: [] } }));
  write(root, 'tsconfig.json', `// comments and trailing commas, as tsconfig files have them\n{ "extends": "./tsconfig.base.json", "include": ["src/**/*.ts"], }\n`);
  write(root, 'package.json', JSON.stringify({ name: 'cache-project' }));
  write(root, 'package-lock.json', JSON.stringify({ name: 'cache-project', lockfileVersion: 3, packages: {} }));
  write(root, 'src/model.ts', `export interface Order { id: string; total: number; money: Money }\nimport type { Money } from '../common/money';\n`);
  // Outside the tsconfig's include, imported by a workflow: its changes must count too.
  write(root, 'common/money.ts', `export interface Money { cents: number }\n`);
  write(root, 'src/orders.ts', `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
import type { Order } from './model';
export const orders = createWorkflow('orders', {});
export const runOrders = (id: string) => orders.run(async ({ step }) => {
  const order = await step('load', (): ReturnType<typeof ok<Order>> => ok({ id, total: 1 }), { key: \`order:\${id}\` });
  return order;
});
`);
  write(root, 'src/billing.ts', `import { createWorkflow } from 'awaitly/workflow';
import { ok } from 'awaitly';
export const billing = createWorkflow('billing', {});
export const runBilling = (id: string) => billing.run(async ({ step }) => step('invoice', () => ok({ invoice: id }), { key: \`invoice:\${id}\` }));
`);
  return root;
}
