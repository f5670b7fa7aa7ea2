import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { INVOICE_STATUS } from "../../../m4"

/**
 * M4 invoice status (API.md §7.1) → Medusa payment-session status.
 * 8 held → authorized; 4 paid → captured; 6 rejected/released → error.
 * 1, 2 (not yet paid) and 3, 5 (payment-system trouble, not final) → pending, or
 * pending_authorization when the store creates the order before payment.
 */
export function sessionStatusFromInvoiceStatus(
  status: number,
  opts: { orderBeforePayment: boolean }
): PaymentSessionStatus {
  switch (status) {
    case INVOICE_STATUS.HELD:
      return PaymentSessionStatus.AUTHORIZED
    case INVOICE_STATUS.PAID:
      return PaymentSessionStatus.CAPTURED
    case INVOICE_STATUS.REJECTED:
      return PaymentSessionStatus.ERROR
    default:
      return opts.orderBeforePayment ? PaymentSessionStatus.PENDING_AUTHORIZATION : PaymentSessionStatus.PENDING
  }
}
