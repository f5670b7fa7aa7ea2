import { BigNumber, PaymentActions } from "@medusajs/framework/utils"
import { WebhookActionResult } from "@medusajs/framework/types"
import { INVOICE_STATUS } from "../../../m4"

/**
 * M4's invoice status NOW (invoice/check, never a notification's word) → Medusa webhook action:
 * held → authorized (never captured: the merchant captures), paid → captured, rejected →
 * failed; anything else is not final yet → pending (core does nothing).
 * `amount` is the session's exact amount (the guard proved M4's invoice carries exactly it).
 */
export function webhookActionFromInvoiceStatus(
  status: number | undefined,
  sessionId: string,
  amount: string
): WebhookActionResult {
  const data = { session_id: sessionId, amount: new BigNumber(amount) }
  switch (status) {
    case INVOICE_STATUS.HELD:
      return { action: PaymentActions.AUTHORIZED, data }
    case INVOICE_STATUS.PAID:
      return { action: PaymentActions.SUCCESSFUL, data }
    case INVOICE_STATUS.REJECTED:
      return { action: PaymentActions.FAILED, data }
    default:
      return { action: PaymentActions.PENDING, data }
  }
}
