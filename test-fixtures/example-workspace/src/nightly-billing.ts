// Nightly billing batch: one workflow run per night, one step per due invoice.
// This file has one deliberate problem (see ../README.md); the other loop steps are keyed correctly.
// awaitly 4.x: createWorkflow comes from the root entry.
import { ok, createWorkflow, type AsyncResult } from 'awaitly';

export interface Invoice {
  id: string;
  customerId: string;
  amountCents: number;
}

export interface InvoiceCharge {
  invoiceId: string;
  receiptId: string;
}

export type NightlyBillingDeps = {
  listDueInvoices: (runDate: string) => AsyncResult<Invoice[], 'LEDGER_UNAVAILABLE'>;
  chargeInvoice: (invoice: Invoice) => AsyncResult<InvoiceCharge, { type: 'CHARGE_FAILED'; invoiceId: string }>;
  notifyCustomer: (customerId: string, receiptId: string) => AsyncResult<{ messageId: string }, 'EMAIL_BOUNCED'>;
  syncLedger: (runDate: string, charges: InvoiceCharge[]) => AsyncResult<{ entries: number }, 'LEDGER_UNAVAILABLE'>;
};

/** In-memory implementations so the demo runs without a billing provider. */
export function createNightlyBillingDeps(invoices: Invoice[] = []): NightlyBillingDeps {
  return {
    listDueInvoices: async () => ok(invoices),
    chargeInvoice: async (invoice) => ok({ invoiceId: invoice.id, receiptId: `rcpt-${invoice.id}` }),
    notifyCustomer: async (customerId) => ok({ messageId: `msg-${customerId}` }),
    syncLedger: async (_runDate, charges) => ok({ entries: charges.length }),
  };
}

export const nightlyBillingWorkflow = createWorkflow('nightly-billing', createNightlyBillingDeps());

export type NightlyBillingRunner = Pick<typeof nightlyBillingWorkflow, 'run'>;

export async function runNightlyBilling(runDate: string, workflow: NightlyBillingRunner = nightlyBillingWorkflow) {
  return workflow.run(async ({ step, deps }) => {
    const invoices = await step('listDueInvoices', () => deps.listDueInvoices(runDate), { key: `due-invoices:${runDate}` });

    const charges: InvoiceCharge[] = [];
    for (const invoice of invoices) {
      // Correct: the key includes the loop variable.
      const charge = await step('chargeInvoice', () => deps.chargeInvoice(invoice), { key: `charge:${invoice.id}` });
      charges.push(charge);

      // DELIBERATE: loop-invariant-step-key
      await step('notifyCustomer', () => deps.notifyCustomer(invoice.customerId, charge.receiptId), { key: 'notify-customer' });
    }

    // Correct: index-based keys are stable as long as the list is (it is keyed by run date above).
    for (const [index, charge] of charges.entries()) {
      await step('auditCharge', () => deps.notifyCustomer('billing-audit', charge.receiptId), { key: `audit:${runDate}:${index}` });
    }

    // Correct: a step.retry WITH a key is checkpointed and restored.
    const ledger = await step.retry('syncLedger', () => deps.syncLedger(runDate, charges), {
      attempts: 3,
      backoff: 'exponential',
      initialDelay: 200,
      key: `ledger:${runDate}`,
    });

    return { runDate, charged: charges.length, ledgerEntries: ledger.entries };
  });
}
