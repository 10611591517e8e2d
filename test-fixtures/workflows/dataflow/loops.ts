// Loops: an inner loop whose key changes only with the outer loop's variable (every line of an order shares one
// cache entry), and a paginated loop whose key is a template (one snapshot entry per page).
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok, err, type AsyncResult } from 'awaitly';
import type { WorkflowSnapshot } from 'awaitly/persistence';
import { bump } from './counter';

export interface Order {
  id: string;
  lines: string[];
}

export const nested = createWorkflow('nested', {});

export const runNested = (orders: Order[], resumeState?: ResumeState) =>
  nested.runWithState(async ({ step }) => {
    const out: string[] = [];
    for (const order of orders) {
      for (const line of order.lines) {
        out.push(await step('line', () => (bump(`line:${order.id}:${line}`), ok(`${order.id}/${line}`)), { key: `line:${order.id}` }));
      }
      out.push(await step('order', () => (bump(`order:${order.id}`), ok(order.id)), { key: `order:${order.id}` }));
    }
    return out;
  }, { resumeState });

export const control: { failAt?: number } = {};
const fetchPage = async (page: number): AsyncResult<number, 'PAGE_FAILED'> => (bump(`page:${page}`), page === control.failAt ? err('PAGE_FAILED') : ok(page));

export const paged = createWorkflow('paged', { fetchPage });

/** Fetches `pages` pages; page `control.failAt` fails. Resumes from a resume state or a snapshot. */
export const runPages = (pages: number, config: { resumeState?: ResumeState; snapshot?: WorkflowSnapshot } = {}) =>
  paged.runWithState(async ({ step, deps }) => {
    const out: number[] = [];
    for (let page = 0; page < pages; page++) {
      out.push(await step('page', () => deps.fetchPage(page), { key: `page:${page}` }));
    }
    return out;
  }, config);

export const perItem = createWorkflow('perItem', {});

/**
 * step.forEach's item form hands its handler awaitly's core step (no cache); its run form and streamForEach's
 * processor use the workflow's step, once per item, so a constant key there is shared by every item.
 */
export const runPerItem = (items: number[], config: { resumeState?: ResumeState; cache?: Map<string, never> } = {}) =>
  perItem.runWithState(async ({ step }) => {
    const out: number[] = [];
    await step.forEach('each', items, {
      item: step.item(async (item: number, _i: number, s: typeof step) => {
        out.push(await s('inner', () => (bump(`inner:${item}`), ok(item)), { key: `inner:${item}` }));
        return ok(item);
      }),
    });
    await step.forEach('runEach', items, {
      run: async (item: number) => {
        out.push(await step('runInner', () => (bump(`run:${item}`), ok(item))));
      },
    });
    async function* source() {
      for (const item of items) yield item;
    }
    await step.streamForEach(source(), async (item: number) => {
      out.push(await step('streamed', () => (bump(`stream:${item}`), ok(item))));
      return ok(item);
    });
    return out;
  }, config);

export const grouped = createWorkflow('grouped', {});

/** step.all records the group under its name but caches it only with a key its types do not accept. */
export const runGrouped = (resumeState?: ResumeState) =>
  grouped.runWithState(async ({ step }) => {
    const plain = await step.all('both', { a: () => (bump('a'), ok(1)), b: () => (bump('b'), ok(2)) });
    // @ts-expect-error awaitly 1.35.0's types declare two parameters; the runtime honours options.key
    const keyed = await step.all('keyedBoth', { c: () => (bump('c'), ok(3)) }, { key: 'both:keyed' });
    return [plain, keyed];
  }, { resumeState });
