// Core run(): run(fn), run(fn, { cache, resumeState }) (ignored: core run has no step cache), run.strict, run(deps, fn).
import { run, ok, type StepCache, type ResumeState } from 'awaitly';
import { charge, loadUser } from './deps';

export function plainRun(id: string) {
  return run(async ({ step }) => step('loadUser', () => loadUser(id)));
}

export function runWithIgnoredCache(id: string, cache: StepCache, resumeState: ResumeState) {
  // @ts-expect-error core run() declares no cache or resumeState option (and ignores them at run time)
  return run(async ({ step }) => step('loadUser', () => loadUser(id)), { cache, resumeState });
}

export function strictRun(amount: number) {
  return run.strict<{ receipt: string }, 'UNEXPECTED' | 'DECLINED'>(async ({ step }) => step('charge', () => charge(amount)), { catchUnexpected: () => 'UNEXPECTED' as const });
}

export function depsRun(id: string) {
  return run({ loadUser, charge }, async (s, { step }) => {
    const user = await s.loadUser(id);
    return step('wrap', () => ok(user.id));
  });
}
