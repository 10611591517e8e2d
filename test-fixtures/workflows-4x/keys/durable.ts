// durable.run twins of the paginated loop and of a key built with Date.now(): a 4.5.1 durable resume compares
// the stored metadata.stepOrder with the keys it computes, so an unstable key fails the resume with
// WorkflowShapeDriftError instead of just re-running the step.
import { ok, err, type AsyncResult } from 'awaitly';
import { durable, type SnapshotStore } from 'awaitly/durable';
import { bump } from './counter';

export const control: { failAt?: number; failWorkspace?: boolean } = {};
const provision = async (): AsyncResult<string, 'QUOTA'> => (bump('workspace'), control.failWorkspace ? err('QUOTA') : ok('ws'));
const fetchPage = async (page: number): AsyncResult<number, 'PAGE_FAILED'> => (bump(`page:${page}`), page === control.failAt ? err('PAGE_FAILED') : ok(page));

export const runDurablePages = (pages: number, store: SnapshotStore) =>
  durable.run({ fetchPage }, async ({ step, deps }) => {
    const out: number[] = [];
    for (let page = 0; page < pages; page++) out.push(await step('page', () => deps.fetchPage(page), { key: `page:${page}` }));
    return out;
  }, { id: 'pages', store });

export const runTrial = (userId: string, store: SnapshotStore) =>
  durable.run({ provision }, async ({ step, deps }) => {
    await step('account', () => (bump('account'), ok(userId)), { key: `account:${userId}` });
    await step('trial', () => (bump('trial'), ok(14)), { key: `trial:${userId}:${Date.now()}` });
    await step('workspace', () => deps.provision());
    return 'done';
  }, { id: `trial-${userId}`, store });
