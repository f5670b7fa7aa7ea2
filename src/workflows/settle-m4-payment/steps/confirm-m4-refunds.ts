import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { M4RefundsConfirmation, M4WebhookActionResult } from "../../../providers/m4/types/webhook"
import { M4_CONFIRM_KEY, webhookProvider } from "../../../providers/m4/types/webhook"

export type ConfirmM4RefundsInput = { payment_id: string }
export type ConfirmedRefunds = { payment_id: string; provider_id: string; refunds: M4RefundsConfirmation["refunds"] }

/** Asks M4 (invoice/get-refunds, through the payment's provider) for the payment's refunds now. */
export const confirmM4RefundsStep = createStep(
  "confirm-m4-refunds",
  async ({ payment_id }: ConfirmM4RefundsInput, { container }) => {
    const paymentModule = container.resolve(Modules.PAYMENT)
    const [payment] = await paymentModule.listPayments({ id: payment_id }, { select: ["id", "provider_id", "data"] })
    if (!payment) {
      return new StepResponse<ConfirmedRefunds>({ payment_id, provider_id: "", refunds: [] })
    }
    const result = (await paymentModule.getWebhookActionAndData({
      provider: webhookProvider(payment.provider_id),
      payload: {
        data: { [M4_CONFIRM_KEY]: { kind: "refunds", payment_data: payment.data ?? {} } },
        rawData: undefined as never,
        headers: {},
      },
    })) as M4WebhookActionResult
    const confirmation = result.m4?.confirmation
    return new StepResponse<ConfirmedRefunds>({
      payment_id,
      provider_id: payment.provider_id,
      refunds: confirmation?.kind === "refunds" ? confirmation.refunds : [],
    })
  }
)
