// createEngine: each registered fn runs through durable.run under the job id when the engine processes the job.
import { createEngine, type SnapshotStore } from 'awaitly/durable';
import { deps } from './deps';

export function engine(store: SnapshotStore) {
  return createEngine({
    store,
    workflows: {
      nightly: {
        deps,
        fn: async ({ step, deps: d }) => {
          const user = await step('loadUser', () => d.loadUser('n'));
          return step('charge', () => d.charge(user.id.length - 2));
        },
      },
    },
  });
}
