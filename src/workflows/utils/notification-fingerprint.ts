import { createHash } from "node:crypto"
import type { VerifiedCallback } from "../../m4"

/**
 * What makes two notifications the same message: the provider, the invoice (or refund) and the
 * status it reports. A redelivery, or a variant that differs only in other fields (`updated`,
 * `processed`…), adds to one row's repeat count and causes at most one confirmation with M4: the
 * message is only a prompt to look, and looking once per status is enough.
 */
export function notificationFingerprint(provider: string, verified: VerifiedCallback): string {
  const key =
    verified.type === "invoice"
      ? ["invoice", verified.callback.shop_order_id, String(verified.callback.payment_id), verified.callback.status]
      : ["refund", verified.callback.shop_refund_id, String(verified.callback.invoice_id), verified.callback.status]
  return createHash("sha256")
    .update(JSON.stringify([provider, ...key]))
    .digest("hex")
}
