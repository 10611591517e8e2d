// A walk over types written as plain recursive code, run breadth first so that the questions it asks the Go
// process go out together (nativePipeline.ts) instead of one round trip each. Each job (a type's shape, its
// awaited members) is a generator that yields its questions: calls to the API, items for a batched endpoint, or
// other jobs whose results it needs. The scheduler runs every job as far as it can go, then asks all the waiting
// questions in one pipeline, and repeats. Jobs are memoised by key, and a job asked for by many waits once.

export type Question =
  | { kind: 'calls'; calls: ReadonlyArray<() => unknown> }
  | { kind: 'batch'; batch: Batch<unknown, unknown>; items: readonly unknown[] }
  | { kind: 'jobs'; jobs: readonly Job<unknown>[] };

export type Gen<T> = Generator<Question, T, unknown>;

export interface Job<T> {
  key: string;
  run: () => Gen<T>;
}

/** A batched endpoint: the items every job asks for in one round go out as one call. */
export interface Batch<I, O> {
  run(items: readonly I[]): readonly O[];
}

/** The answers of calls to the API, in order (each call is one question). */
export function* ask<T extends readonly unknown[]>(...calls: { [K in keyof T]: () => T[K] }): Gen<T> {
  return (yield { kind: 'calls', calls }) as T;
}

export function* inBatch<I, O>(batch: Batch<I, O>, items: readonly I[]): Gen<O[]> {
  if (items.length === 0) return [];
  return (yield { kind: 'batch', batch: batch as Batch<unknown, unknown>, items }) as O[];
}

export function* results<T>(jobs: readonly Job<T>[]): Gen<T[]> {
  if (jobs.length === 0) return [];
  return (yield { kind: 'jobs', jobs }) as T[];
}

interface Task {
  key: string;
  gen: Gen<unknown>;
  /** Jobs it waits for (keys), and how many are not done yet. */
  needs: string[];
  missing: number;
  /** Tasks waiting for this one. */
  waiting: Task[];
}

/**
 * Runs the jobs (and all they need) to the end; `done` holds every finished job's result by key and is kept by
 * the caller between runs. `send` answers a round's calls in order (a pipeline, or one at a time).
 */
export function runJobs<T>(roots: readonly Job<T>[], done: Map<string, unknown>, send: (calls: ReadonlyArray<() => unknown>) => unknown[]): T[] {
  const running = new Map<string, Task>();
  const ready: Array<[Task, unknown]> = [];
  let calls: Array<[Task, ReadonlyArray<() => unknown>]> = [];
  let batches = new Map<Batch<unknown, unknown>, Array<[Task, readonly unknown[]]>>();

  const start = (job: Job<unknown>): Task | undefined => {
    if (done.has(job.key)) return undefined;
    let task = running.get(job.key);
    if (!task) {
      task = { key: job.key, gen: job.run(), needs: [], missing: 0, waiting: [] };
      running.set(job.key, task);
      ready.push([task, undefined]);
    }
    return task;
  };

  const step = (task: Task, input: unknown): void => {
    const r = task.gen.next(input);
    if (r.done) {
      done.set(task.key, r.value);
      running.delete(task.key);
      for (const parent of task.waiting) {
        if (--parent.missing === 0) ready.push([parent, parent.needs.map((k) => done.get(k))]);
      }
      return;
    }
    const q = r.value;
    if (q.kind === 'calls') calls.push([task, q.calls]);
    else if (q.kind === 'batch') (batches.get(q.batch) ?? batches.set(q.batch, []).get(q.batch)!).push([task, q.items]);
    else {
      task.needs = q.jobs.map((j) => j.key);
      task.missing = 0;
      for (const job of q.jobs) {
        const child = start(job);
        // The same job twice in one question (two fields of one type): waited for once. Nothing else ran since
        // this task's last push, so a repeat is the last entry.
        if (child && child.waiting[child.waiting.length - 1] !== task) {
          child.waiting.push(task);
          task.missing++;
        }
      }
      if (task.missing === 0) ready.push([task, task.needs.map((k) => done.get(k))]);
    }
  };

  for (const job of roots) start(job);
  for (;;) {
    while (ready.length > 0) {
      const [task, input] = ready.pop()!;
      step(task, input);
    }
    if (calls.length === 0 && batches.size === 0) break;
    const round = calls;
    const rounds = batches;
    calls = [];
    batches = new Map();
    // One flight: every task's calls, then one call per batched endpoint with every task's items.
    const flat: Array<() => unknown> = round.flatMap(([, c]) => c);
    const batched = [...rounds].map(([batch, asks]) => {
      const items = asks.flatMap(([, i]) => i);
      flat.push(() => batch.run(items));
      return asks;
    });
    const answers = send(flat);
    let k = 0;
    for (const [task, c] of round) {
      ready.push([task, answers.slice(k, k + c.length)]);
      k += c.length;
    }
    for (const asks of batched) {
      const out = answers[k++] as readonly unknown[];
      let at = 0;
      for (const [task, items] of asks) {
        ready.push([task, out.slice(at, at + items.length)]);
        at += items.length;
      }
    }
  }
  if (running.size > 0) throw new Error(`${running.size} type job(s) never finished (a job waits for itself)`);
  return roots.map((j) => done.get(j.key) as T);
}
