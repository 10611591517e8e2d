// Checkout: createWorkflow('checkout', deps) + .run(async ({ step, deps }) => …), written for awaitly 4.x.
// This file has four deliberate problems (see ../README.md) next to correct steps.
// awaitly 4.x has createWorkflow in its root entry (1.35 had it in 'awaitly/workflow', a subpath 4.x no longer has).
import { ok, err, createWorkflow, type AsyncResult } from 'awaitly';

export interface CartItem {
  sku: string;
  qty: number;
  unitPriceCents: number;
}

export interface Cart {
  id: string;
  customerId: string;
  items: CartItem[];
  couponCode?: string;
}

export interface PricedCart {
  cartId: string;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
}

export interface Reservation {
  reservationId: string;
  skus: string[];
}

export interface ShippingQuote {
  carrier: string;
  costCents: number;
}

export interface Charge {
  chargeId: string;
  amountCents: number;
}

export interface Shipment {
  shipmentId: string;
  carrier: string;
}

export type CardDeclined = { type: 'CARD_DECLINED'; declineCode: string };
export type OutOfStock = { type: 'OUT_OF_STOCK'; sku: string };

export type CheckoutDeps = {
  loadCart: (cartId: string) => AsyncResult<Cart, 'CART_NOT_FOUND'>;
  priceCart: (cart: Cart) => AsyncResult<PricedCart, 'COUPON_EXPIRED'>;
  reserveStock: (items: CartItem[]) => AsyncResult<Reservation, OutOfStock>;
  quoteShipping: (cart: Cart) => AsyncResult<ShippingQuote, 'CARRIER_UNAVAILABLE'>;
  chargeCard: (customerId: string, amountCents: number) => AsyncResult<Charge, CardDeclined>;
  createShipment: (reservation: Reservation, quote: ShippingQuote) => AsyncResult<Shipment, 'SHIPMENT_REJECTED'>;
  sendReceipt: (customerId: string, chargeId: string) => AsyncResult<{ messageId: string }, 'EMAIL_BOUNCED'>;
};

/** In-memory implementations so the demo runs without a database or payment provider. */
export function createCheckoutDeps(carts: Record<string, Cart> = {}): CheckoutDeps {
  let sequence = 0;
  const next = (prefix: string) => `${prefix}-${++sequence}`;
  return {
    loadCart: async (cartId) => {
      const cart = carts[cartId];
      return cart ? ok(cart) : err('CART_NOT_FOUND');
    },
    priceCart: async (cart) => {
      const subtotalCents = cart.items.reduce((sum, item) => sum + item.qty * item.unitPriceCents, 0);
      const discountCents = cart.couponCode === 'WELCOME10' ? Math.round(subtotalCents / 10) : 0;
      return ok({ cartId: cart.id, subtotalCents, discountCents, totalCents: subtotalCents - discountCents });
    },
    reserveStock: async (items) => ok({ reservationId: next('res'), skus: items.map((item) => item.sku) }),
    quoteShipping: async () => ok({ carrier: 'parcel-co', costCents: 499 }),
    chargeCard: async (_customerId, amountCents) => ok({ chargeId: next('ch'), amountCents }),
    createShipment: async (_reservation, quote) => ok({ shipmentId: next('shp'), carrier: quote.carrier }),
    sendReceipt: async () => ok({ messageId: next('msg') }),
  };
}

export const checkoutWorkflow = createWorkflow('checkout', createCheckoutDeps());

/** Anything with the `run` method of a checkout workflow (tests pass a durable-backed runner). */
export type CheckoutRunner = Pick<typeof checkoutWorkflow, 'run'>;

export async function checkout(cartId: string, workflow: CheckoutRunner = checkoutWorkflow) {
  return workflow.run(async ({ step, deps }) => {
    const cart = await step('loadCart', () => deps.loadCart(cartId));

    const priced = await step('priceCart', () => deps.priceCart(cart), { key: `price:${cart.id}` });

    // DELIBERATE: immediate-step-execution
    const reservation = (await step(
      'reserveStock',
      // @ts-expect-error -- a started Promise is not an operation; RunStep only types `() => Result | Promise<Result>`
      deps.reserveStock(cart.items),
    )) as Reservation;

    // DELIBERATE: unrestored-step
    const quote = await step.retry('quoteShipping', () => deps.quoteShipping(cart), { attempts: 3, backoff: 'exponential', initialDelay: 100 });

    // Correct: the payment is keyed per cart, so a resumed run never charges twice.
    const charge = await step('chargeCard', () => deps.chargeCard(cart.customerId, priced.totalCents + quote.costCents), {
      key: `payment:${cart.id}`,
    });

    const shipment = await step('createShipment', () => deps.createShipment(reservation, quote));

    // DELIBERATE: colliding-step-keys
    await step('sendReceipt', () => deps.sendReceipt(cart.customerId, charge.chargeId), { key: 'createShipment' });

    return { cartId: cart.id, chargeId: charge.chargeId, shipmentId: shipment.shipmentId, totalCents: charge.amountCents };
  });
}
