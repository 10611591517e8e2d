// @ts-nocheck
// Written the way the older awaitly Persistence guide shows it: the workflow is CALLED,
// `workflow(async (step, deps) => …)`, with positional (step, deps), and the state is read back with
// `workflow.getSnapshot()`. awaitly 4.5.1 (the version this workspace pins) supports neither, nor did 1.35:
// createWorkflow() returns { withDeps, run, runWithState }, so `workflow(...)` throws
// "TypeError: workflow is not a function", and `getSnapshot` is undefined. The file cannot type-check
// against 4.5.1, hence @ts-nocheck. It stays so tools can be tested on code copied from the guide:
// the step ids and keys below are still readable, and nothing here is run by test-fixtures/generate.mjs.
import { ok, err, createWorkflow, type AsyncResult } from 'awaitly';
// (one import: 4.x has createWorkflow in its root entry)

interface User {
  id: string;
  name: string;
}

interface Post {
  id: string;
  title: string;
}

async function fetchUser(id: string): AsyncResult<User, 'NOT_FOUND'> {
  return id === '1' ? ok({ id, name: 'Alice' }) : err('NOT_FOUND');
}

async function fetchPosts(userId: string): AsyncResult<Post[], 'FETCH_ERROR'> {
  return ok([{ id: `${userId}-p1`, title: 'Hello' }]);
}

export interface SnapshotDb {
  save(id: string, json: string): Promise<void>;
  load(id: string): Promise<string>;
}

export async function exportProfile(db: SnapshotDb) {
  const workflow = createWorkflow('workflow', { fetchUser, fetchPosts });

  // DELIBERATE: callable-workflow
  await workflow(async (step, deps) => {
    const user = await step('fetchUser', () => deps.fetchUser('1'), { key: 'user:1' });
    const posts = await step('fetchPosts', () => deps.fetchPosts(user.id), { key: `posts:${user.id}` });
    return { user, posts };
  });

  const snapshot = workflow.getSnapshot();
  await db.save('wf-123', JSON.stringify(snapshot));
}

export async function resumeProfileExport(db: SnapshotDb) {
  const restoredSnapshot = JSON.parse(await db.load('wf-123'));
  const workflow2 = createWorkflow('workflow', { fetchUser, fetchPosts }, { snapshot: restoredSnapshot });

  // DELIBERATE: callable-workflow
  return workflow2(async (step, deps) => {
    // These steps return cached values - no actual fetch
    const user = await step('fetchUser', () => deps.fetchUser('1'), { key: 'user:1' });
    const posts = await step('fetchPosts', () => deps.fetchPosts(user.id), { key: `posts:${user.id}` });
    return { user, posts };
  });
}
