// Onboarding: durable.run(deps, async ({ step, deps }) => …, { id: `onboarding-${userId}` }).
// State is checkpointed after every keyed step, so a crashed or cancelled run resumes where it stopped.
// This file has two deliberate problems (see ../README.md).
import { ok, err, type AsyncResult } from 'awaitly';
import { durable } from 'awaitly/durable';
import type { SnapshotStore } from 'awaitly/durable';

export interface Account {
  id: string;
  email: string;
}

export interface Trial {
  plan: 'pro-trial';
  days: number;
}

export interface Workspace {
  workspaceId: string;
  region: string;
}

export type EmailTemplate = 'welcome' | 'getting-started';

export type OnboardingDeps = {
  createAccount: (userId: string, email: string) => AsyncResult<Account, 'EMAIL_TAKEN'>;
  startTrial: (accountId: string, days: number) => AsyncResult<Trial, 'TRIAL_ALREADY_USED'>;
  provisionWorkspace: (accountId: string) => AsyncResult<Workspace, 'QUOTA_EXCEEDED'>;
  sendEmail: (to: string, template: EmailTemplate) => AsyncResult<{ messageId: string }, 'EMAIL_BOUNCED'>;
  inviteTeammate: (accountId: string, email: string) => AsyncResult<{ inviteId: string }, 'INVITE_FAILED'>;
};

export interface OnboardingRequest {
  userId: string;
  email: string;
  teammates: string[];
}

export interface OnboardingOptions {
  store?: SnapshotStore;
  signal?: AbortSignal;
}

/** In-memory implementations so the demo runs without real services. */
export function createOnboardingDeps(): OnboardingDeps {
  const takenEmails = new Set<string>();
  let sequence = 0;
  return {
    createAccount: async (userId, email) => {
      if (takenEmails.has(email)) return err('EMAIL_TAKEN');
      takenEmails.add(email);
      return ok({ id: `acct-${userId}`, email });
    },
    startTrial: async (_accountId, days) => ok({ plan: 'pro-trial', days }),
    provisionWorkspace: async (accountId) => ok({ workspaceId: `ws-${accountId}`, region: 'eu-west-1' }),
    sendEmail: async () => ok({ messageId: `msg-${++sequence}` }),
    inviteTeammate: async () => ok({ inviteId: `inv-${++sequence}` }),
  };
}

export async function onboard(
  request: OnboardingRequest,
  deps: OnboardingDeps = createOnboardingDeps(),
  options: OnboardingOptions = {},
) {
  return durable.run(
    deps,
    async ({ step, deps }) => {
      const account = await step('createAccount', () => deps.createAccount(request.userId, request.email), {
        key: `account:${request.userId}`,
      });

      // DELIBERATE: unstable-step-key
      const trial = await step('startTrial', () => deps.startTrial(account.id, 14), { key: `trial:${account.id}:${Date.now()}` });

      const workspace = await step('provisionWorkspace', () => deps.provisionWorkspace(account.id));

      await step('sendEmail', () => deps.sendEmail(account.email, 'welcome'));

      // Correct: the key includes the loop variable, so every teammate gets its own checkpoint.
      for (const teammate of request.teammates) {
        await step('inviteTeammate', () => deps.inviteTeammate(account.id, teammate), { key: `invite:${account.id}:${teammate}` });
      }

      // DELIBERATE: duplicate-step-id
      await step('sendEmail', () => deps.sendEmail(account.email, 'getting-started'));

      return { accountId: account.id, workspaceId: workspace.workspaceId, trialDays: trial.days };
    },
    {
      id: `onboarding-${request.userId}`,
      store: options.store,
      signal: options.signal,
      metadata: { userId: request.userId, source: 'signup-form' },
    },
  );
}
