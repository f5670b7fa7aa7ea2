import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyM4InvoiceStateStep } from "./steps/apply-m4-invoice-state"
import { applyM4RefundStatesStep } from "./steps/apply-m4-refund-states"
import { confirmM4InvoiceStep } from "./steps/confirm-m4-invoice"
import { confirmM4RefundsStep } from "./steps/confirm-m4-refunds"

export type { SettleOutcome } from "./steps/apply-m4-invoice-state"

/**
 * The one way Medusa's payment state follows M4: ask M4 about the session's invoice, then apply
 * its answer. Notifications (a prompt to look) and the reconciliation job (nobody prompted) both
 * run it, so a payment settles the same way whatever arrives, twice, late or never.
 */
export const settleM4SessionWorkflow = createWorkflow(
  "settle-m4-session",
  (input: { provider_id: string; session_id: string }) => {
    const confirmed = confirmM4InvoiceStep(input)
    const outcome = applyM4InvoiceStateStep(
      transform({ input, confirmed }, ({ input, confirmed }) => ({ ...confirmed, ...input }))
    )
    return new WorkflowResponse(outcome)
  }
)

/** Ask M4 about a payment's refunds (invoice/get-refunds), then make Medusa's refunds equal them. */
export const settleM4RefundsWorkflow = createWorkflow("settle-m4-refunds", (input: { payment_id: string }) => {
  const confirmed = confirmM4RefundsStep(input)
  return new WorkflowResponse(applyM4RefundStatesStep(confirmed))
})
