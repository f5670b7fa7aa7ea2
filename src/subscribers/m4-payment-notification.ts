import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { handleM4NotificationWorkflow } from "../workflows/handle-m4-notification"
import type { M4WebhookActionResult } from "../providers/m4/core/m4-base"

type WebhookEvent = {
  provider: string
  payload: { data?: unknown; rawData: unknown; headers?: Record<string, unknown> }
}

/**
 * Runs beside Medusa's own webhook subscriber for M4 providers. Core turns `hold`/`success`
 * into authorized/captured payments and orders; it ignores the rest. This handles what core
 * ignores (rejections, refund outcomes) and stores every accepted notification durably.
 */
export default async function m4PaymentNotificationHandler({
  event: { data },
  container,
}: SubscriberArgs<WebhookEvent>) {
  const provider = data.provider?.startsWith("pp_") ? data.provider : `pp_${data.provider}`
  if (!provider.startsWith("pp_m4_")) {
    return
  }
  const logger = container.resolve("logger")
  const paymentModule = container.resolve(Modules.PAYMENT)
  // The provider verifies the signature and matches the session; a rejected one carries no `m4`.
  const result = (await paymentModule.getWebhookActionAndData({
    provider,
    payload: data.payload as never,
  })) as M4WebhookActionResult
  if (!result.m4) {
    return
  }
  try {
    await handleM4NotificationWorkflow(container).run({
      input: { provider_id: provider, verified: result.m4.verified as never },
    })
  } catch (e) {
    logger.error(`M4: handling a verified notification failed: ${(e as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "m4-payment-notification" },
}
