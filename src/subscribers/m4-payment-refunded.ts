import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { trackM4Refunds } from "../workflows/reconcile-m4-payments"

/** A refund of an M4 payment: follow it until M4 reports it final (refund notifications may never come). */
export default async function m4PaymentRefundedHandler({ event: { data }, container }: SubscriberArgs<{ id: string }>) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const [payment] = await paymentModule.listPayments({ id: data.id }, { select: ["id", "provider_id"] })
  if (payment?.provider_id?.startsWith("pp_m4_")) {
    await trackM4Refunds(container, payment.id, payment.provider_id)
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "m4-payment-refunded" },
}
