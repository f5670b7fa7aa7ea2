import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { M4_ATTENTION_EVENT } from "../providers/m4/core/m4-gateway"
import type { MerchantAttention } from "../shared/display-names"
import { merchantAlert } from "../workflows/utils/merchant-alert-text"

/**
 * Something about M4 money the merchant must know: one admin notification in the dashboard's bell
 * (the notification module's `feed` channel). The payment flows raise money returned because no
 * order used it, a return or refund M4 refused, a hold M4 released, a payment that needs a
 * decision; the attention job (src/jobs/m4-attention-alerts.ts) raises each new item of the M4
 * payments page's "Needs attention" list the flows do not: a notification given up on, a hold
 * about to expire, a payment or refund M4 has not confirmed, a payout that needs a look.
 */
export default async function m4MerchantAlertHandler({
  event: { data },
  container,
}: SubscriberArgs<MerchantAttention>) {
  const { title, description } = merchantAlert(data)
  try {
    await container.resolve(Modules.NOTIFICATION).createNotifications({
      to: "",
      channel: "feed",
      template: "admin-ui",
      data: { title, description },
    })
  } catch (e) {
    // no feed channel configured: the log line the plugin wrote already is what the merchant gets
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(`M4: admin notification not sent (${(e as Error).message}): ${title}: ${description}`)
  }
}

export const config: SubscriberConfig = {
  event: M4_ATTENTION_EVENT,
  context: { subscriberId: "m4-merchant-alert" },
}
