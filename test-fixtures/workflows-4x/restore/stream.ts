// step.streamForEach on awaitly 4.5.1: each checkpointed item (every `checkpointInterval`-th) is cached under
// `stream-foreach:<namespace>:pos-<position>` (an AsyncIterable's namespace is 'async-iterable'); the others run
// under `stream-item-<position>` with key undefined. The test analyses this file and resumes it with counted calls.
import { createWorkflow, ok } from 'awaitly';

export const processed: number[] = [];
async function* numbers(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

export const streams = createWorkflow('streams', {});
export type StreamsRunner = Pick<typeof streams, 'run'>;

export function runStreams(interval: number, runner: StreamsRunner = streams) {
  return runner.run(async ({ step }) => {
    await step.streamForEach(numbers(4), async (n: number) => (processed.push(n), ok(n * 10)), { checkpointInterval: interval });
    return 'done';
  });
}
