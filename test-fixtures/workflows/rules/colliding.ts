// colliding-step-keys: an explicit key equal to another step's id, overlapping templates, a bound step
// against a step id. Not reported: disjoint template prefixes.
import { createWorkflow, type ResumeState } from 'awaitly/workflow';
import { ok, type AsyncResult } from 'awaitly';
import { bump } from './counter';

const fetchUser = async (id: string): AsyncResult<string, 'NF'> => (bump(`fetchUser:${id}`), ok(`user-${id}`));

export const collide = createWorkflow('collide', { fetchUser });

export const runCollide = (a: string, b: string, resumeState?: ResumeState) =>
  collide.runWithState(async ({ step, steps }) => {
    const profile = await step('profile', () => (bump('profile'), ok('profile-value')));
    const avatar = await step('avatar', () => (bump('avatar'), ok('avatar-value')), { key: 'profile' });
    await step('userA', () => ok(a), { key: `user:${a}` });
    await step('userB', () => ok(b), { key: `user:${b}` });
    await step('postA', () => ok(a), { key: `post:${a}` });
    await steps.fetchUser(a);
    await step('fetchUser', () => ok('manual'));
    return { profile, avatar };
  }, { resumeState });
