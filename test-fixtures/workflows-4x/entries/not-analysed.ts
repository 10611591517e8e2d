// Entries whose steps the analysis cannot see: a callback handed in as a parameter, and createEngine's registry.
import { durable } from 'awaitly/durable';
import { createEngine, type SnapshotStore } from 'awaitly/durable';
import { deps } from './deps';

type Fn = Parameters<typeof durable.run<typeof deps, string>>[1];

export function runGiven(fn: Fn) {
  return durable.run(deps, fn, { id: 'given' });
}

export function engine(store: SnapshotStore) {
  return createEngine({ store, workflows: { nightly: { deps, fn: async ({ step, deps: d }) => step('loadUser', () => d.loadUser('n')) } } });
}
