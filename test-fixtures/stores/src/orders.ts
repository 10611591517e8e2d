// The workflow whose runs fill the store fixtures (generate.mjs runs it with awaitly 1.35.0 and with 4.5.1).
// Only `awaitly` and `awaitly/durable` are imported: both lines export them.
import { ok, err, type AsyncResult } from 'awaitly';
import { durable } from 'awaitly/durable';

export type OrderDeps = {
  fetchUser: (id: string) => AsyncResult<{ id: string; name: string }, 'USER_NOT_FOUND'>;
  chargeCard: (userId: string, cents: number) => AsyncResult<{ chargeId: string; cents: number }, { type: 'CARD_DECLINED' }>;
  sendReceipt: (userId: string, chargeId: string) => AsyncResult<{ messageId: string }, 'EMAIL_BOUNCED'>;
};

/** Deps whose card declines for the users named, and whose receipt step can be held open (to save mid-run). */
export function orderDeps(declined: readonly string[] = [], beforeReceipt?: () => Promise<void>): OrderDeps {
  return {
    fetchUser: async (id) => ok({ id, name: `user ${id}` }),
    chargeCard: async (userId, cents) => (declined.includes(userId) ? err({ type: 'CARD_DECLINED' as const }) : ok({ chargeId: `ch-${userId}`, cents })),
    sendReceipt: async (userId, chargeId) => {
      await beforeReceipt?.();
      return ok({ messageId: `msg-${userId}-${chargeId}` });
    },
  };
}

type RunOptions = Omit<Parameters<typeof durable.run>[2], 'id'>;

export function placeOrder(deps: OrderDeps, userId: string, options: RunOptions) {
  return durable.run(
    deps,
    async ({ step, deps }) => {
      const user = await step('fetchUser', () => deps.fetchUser(userId));
      const charge = await step('chargeCard', () => deps.chargeCard(user.id, 1999), { key: `charge:${user.id}` });
      const receipt = await step('sendReceipt', () => deps.sendReceipt(user.id, charge.chargeId), { key: `receipt:${user.id}` });
      return { chargeId: charge.chargeId, messageId: receipt.messageId };
    },
    { ...options, id: `order-${userId}` },
  );
}
