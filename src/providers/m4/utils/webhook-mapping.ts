import { BigNumber, PaymentActions } from "@medusajs/framework/utils"
import { WebhookActionResult } from "@medusajs/framework/types"
import { InvoiceCallback } from "../../../m4"

/**
 * Verified M4 invoice notification → Medusa webhook action (API.md §8.2):
 * hold → authorized, success → captured (with M4's amount, major units), rejected → failed.
 * The session id travels as M4's `shop_order_id`. Core ignores `failed`; the plugin's
 * subscriber acts on rejections.
 */
export function webhookActionFromInvoiceCallback(callback: InvoiceCallback): WebhookActionResult {
  const data = {
    session_id: callback.shop_order_id,
    // exact decimal text as M4 sent it ("6.0"), never through a float
    amount: new BigNumber(callback.shop_amount_text),
  }
  switch (callback.status) {
    case "hold":
      return { action: PaymentActions.AUTHORIZED, data }
    case "success":
      return { action: PaymentActions.SUCCESSFUL, data }
    case "rejected":
      return { action: PaymentActions.FAILED, data }
  }
}
