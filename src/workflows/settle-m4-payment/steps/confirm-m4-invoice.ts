import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { M4InvoiceConfirmation, M4WebhookActionResult } from "../../../providers/m4/types/webhook"
import { M4_CONFIRM_KEY, webhookProvider } from "../../../providers/m4/types/webhook"

export type ConfirmM4InvoiceInput = { provider_id: string; session_id: string }
export type ConfirmedInvoice = {
  action: string
  data?: { session_id: string; amount: unknown }
  confirmation?: M4InvoiceConfirmation
}

/**
 * Asks M4 (invoice/check, through the provider) what happened to the session's invoice.
 * Throws when M4 cannot answer: the caller retries later, nothing changes meanwhile.
 */
export const confirmM4InvoiceStep = createStep(
  "confirm-m4-invoice",
  async ({ provider_id, session_id }: ConfirmM4InvoiceInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const result = (await paymentModule.getWebhookActionAndData({
      provider: webhookProvider(provider_id),
      payload: {
        data: { [M4_CONFIRM_KEY]: { kind: "invoice", session_id } },
        rawData: undefined as never,
        headers: {},
      },
    })) as M4WebhookActionResult
    const confirmation = result.m4?.confirmation
    return new StepResponse<ConfirmedInvoice>({
      action: result.action,
      data: result.data as ConfirmedInvoice["data"],
      confirmation: confirmation?.kind === "invoice" ? confirmation : undefined,
    })
  }
)
