import { createHash } from "node:crypto"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { VerifiedCallback } from "../../../m4"
import { M4_NOTIFICATIONS_MODULE } from "../../../modules/m4-notifications"
import type M4NotificationModuleService from "../../../modules/m4-notifications/service"

export type RecordNotificationStepInput = { provider_id: string; verified: VerifiedCallback }

/** Same fields → same fingerprint: a notification delivered twice is recognised. */
function fingerprintOf(provider: string, callback: Record<string, unknown>): string {
  const sorted = Object.keys(callback)
    .sort()
    .map((key) => [key, callback[key]])
  return createHash("sha256").update(JSON.stringify([provider, sorted])).digest("hex")
}

export const recordM4NotificationStep = createStep(
  "record-m4-notification",
  async ({ provider_id, verified }: RecordNotificationStepInput, { container }) => {
    const service = container.resolve<M4NotificationModuleService>(M4_NOTIFICATIONS_MODULE)
    const callback = verified.callback as unknown as Record<string, unknown>
    const base = {
      fingerprint: fingerprintOf(provider_id, callback),
      provider_id,
      payload: callback,
    }
    const recorded =
      verified.type === "invoice"
        ? await service.recordNotification({
            ...base,
            kind: "invoice",
            invoice_id: String(verified.callback.payment_id),
            session_id: verified.callback.shop_order_id,
            status: verified.callback.status,
            amount: verified.callback.shop_amount_text,
            currency: String(verified.callback.shop_currency),
          })
        : await service.recordNotification({
            ...base,
            kind: "refund",
            invoice_id: String(verified.callback.invoice_id),
            shop_refund_id: verified.callback.shop_refund_id,
            status: verified.callback.status,
            amount: verified.callback.amount_text,
            currency: verified.callback.currency,
          })
    return new StepResponse(recorded)
  }
)
