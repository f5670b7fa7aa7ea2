import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { askM4Provider } from "../../../providers/m4/ask-m4-provider"
import type { M4InvoiceConfirmation } from "../../../providers/m4/types/webhook"

export type ConfirmedInvoice = { action: string; confirmation?: M4InvoiceConfirmation }
export type ConfirmM4InvoiceInput = {
  provider_id: string
  shop_order_id: string
  /** M4's answer the caller got a moment ago (it asked first to see whether anything changes): not asked again */
  confirmed?: ConfirmedInvoice
}

/**
 * Asks M4 (invoice/check, through the invoice's provider) what happened to the invoice, unless the
 * ledger holds M4's final answer already, or the caller passes the answer it just got. Throws when M4 cannot answer: the caller retries later,
 * nothing changes meanwhile.
 */
export const confirmM4InvoiceStep = createStep(
  "confirm-m4-invoice",
  async ({ provider_id, shop_order_id, confirmed }: ConfirmM4InvoiceInput, { container }) => {
    if (confirmed) {
      return new StepResponse<ConfirmedInvoice>(confirmed)
    }
    const answer = await askM4Provider(container, provider_id, { kind: "invoice", shop_order_id })
    return new StepResponse<ConfirmedInvoice>(answer)
  }
)
