// durable.run twins of the paginated loop and of a key built with Date.now(): a 4.5.1 durable resume compares
// the stored metadata.stepOrder with the keys it computes, so an unstable key fails the resume with
// WorkflowShapeDriftError instead of just re-running the step; and a bound step whose arguments changed (its
// argument fingerprint, metadata.stepArgs) fails it the same way.
import { ok, err, type AsyncResult } from 'awaitly';
import { durable, type SnapshotStore } from 'awaitly/durable';
import { bump } from './counter';

export const control: { failAt?: number; failWorkspace?: boolean; failAudit?: boolean } = {};
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

const getUser = async (id: string, _opts: { full: boolean }): AsyncResult<string, 'NO_USER'> => (bump(`getUser:${id}`), ok(`user-${id}`));
const audit = async (): AsyncResult<string, 'AUDIT'> => (bump('audit'), control.failAudit ? err('AUDIT') : ok('audited'));
const USER = 'u1';

// durable.run's callback type has no `steps` (it is there at run time): awaitly-4-api.md §3.
/** Version 1: the bound step is called with plain values, so its fingerprint is known statically. */
export const runUsersV1 = (store: SnapshotStore) =>
  // @ts-expect-error steps exists at run time only
  durable.run({ getUser, audit }, async ({ step, steps }) => {
    const user = await steps.getUser(USER, { full: true });
    await step('audit', () => audit());
    return user;
  }, { id: 'users', store });

/** Version 2 of the same durable id: the bound step's arguments changed. */
export const runUsersV2 = (store: SnapshotStore) =>
  // @ts-expect-error steps exists at run time only
  durable.run({ getUser, audit }, async ({ step, steps }) => {
    const user = await steps.getUser('u2', { full: true });
    await step('audit', () => audit());
    return user;
  }, { id: 'users', store });

/** Arguments known only at run time: the fingerprint cannot be compared statically. */
export const runUsersFor = (id: string, store: SnapshotStore) =>
  // @ts-expect-error steps exists at run time only
  durable.run({ getUser, audit }, async ({ step, steps }) => {
    const user = await steps.getUser(id, { full: true });
    await step('audit', () => audit());
    return user;
  }, { id: 'users', store });
