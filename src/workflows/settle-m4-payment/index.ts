import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyM4InvoiceDecisionStep } from "./steps/apply-m4-invoice-decision"
import { applyM4RefundStatesStep } from "./steps/apply-m4-refund-states"
import { confirmM4InvoiceStep, type ConfirmM4InvoiceInput } from "./steps/confirm-m4-invoice"
import { confirmM4RefundsStep } from "./steps/confirm-m4-refunds"
import { loadM4InvoiceSituationStep } from "./steps/load-m4-invoice-situation"

export type { ConfirmedInvoice } from "./steps/confirm-m4-invoice"
export type {
  InvoiceOutcome,
  InvoiceSettleOutcome,
  RefundOutcome,
  RefundSettleOutcome,
  SettleOutcome,
  SettleOutcomeName,
} from "./outcomes"

/**
 * The one way Medusa's payment state follows M4 for an invoice on record: ask M4 (unless the
 * ledger holds its final answer), look at what Medusa holds, then put the money on its order or
 * give it back. Notifications (a prompt to look) and the reconciliation (nobody prompted) both run
 * it, so a payment settles the same way whatever arrives, twice, late or never.
 */
export const settleM4InvoiceWorkflow = createWorkflow("settle-m4-invoice", (input: ConfirmM4InvoiceInput) => {
  const confirmed = confirmM4InvoiceStep(input)
  const situation = loadM4InvoiceSituationStep({ shop_order_id: input.shop_order_id })
  const outcome = applyM4InvoiceDecisionStep(
    transform({ input, confirmed, situation }, ({ input, confirmed, situation }) => ({
      ...input,
      confirmed,
      situation,
    }))
  )
  return new WorkflowResponse(outcome)
})

/** Ask M4 about an invoice's refunds (invoice/get-refunds), then make the ledger and Medusa's books equal them. */
export const settleM4RefundsWorkflow = createWorkflow("settle-m4-refunds", (input: { invoice_ref: string }) => {
  const confirmed = confirmM4RefundsStep(input)
  return new WorkflowResponse(applyM4RefundStatesStep(confirmed))
})
