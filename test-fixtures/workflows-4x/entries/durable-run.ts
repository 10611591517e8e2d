// durable.run: steps of the callback, the durable id as the workflow name.
import { durable, type SnapshotStore } from 'awaitly/durable';
import { deps } from './deps';

export function runDurable(id: string, store?: SnapshotStore) {
  return durable.run(deps, async ({ step, deps: d }) => {
    const user = await step('loadUser', () => d.loadUser(id));
    return step('charge', () => d.charge(user.id.length));
  }, { id: 'durable-checkout', ...(store ? { store } : {}) });
}
