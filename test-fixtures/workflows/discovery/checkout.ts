// createWorkflow('name', deps).run(cb): the plain step, step methods, a renamed step and bound steps.
import { createWorkflow } from 'awaitly/workflow';
import { fetchPosts, fetchUser, sendEmail } from './deps';

export const checkout = createWorkflow('checkout', { fetchUser, fetchPosts, sendEmail });

export async function runCheckout(userId: string) {
  return checkout.run(async ({ step: s, steps, deps }) => {
    const user = await s('fetchUser', () => deps.fetchUser(userId));
    const posts = await s('fetchPosts', () => deps.fetchPosts(user.id), { key: `posts:${user.id}` });
    const parsed = await s.try('parse', () => JSON.parse('{"n":1}') as { n: number }, { error: 'NOT_FOUND' as const });
    await s.retry('email', () => deps.sendEmail(user.name), { attempts: 3 });
    await steps.sendEmail('a@example.com');
    await steps.sendEmail('b@example.com');
    return { user, posts, parsed };
  });
}
