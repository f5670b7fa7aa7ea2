import type { AttentionEvent } from "../../providers/m4/core/m4-gateway"

const REASONS: Record<string, string> = {
  replaced_session: "the shopper started the payment again and paid an earlier payment page too",
  collection_already_paid: "the order was already paid by another payment",
  order_canceled: "the order was canceled",
  payment_canceled: "the payment had been canceled in the store",
  canceled_after_charge: "the order was canceled after M4 had charged the payment",
}

/** The merchant's words for an attention event: a short title and one or two sentences with the ids. */
export function merchantAlert(e: AttentionEvent): { title: string; description: string } {
  const money = e.amount && e.currency_code ? `${e.amount} ${e.currency_code.toUpperCase()}` : "The payment"
  const order = e.order_id ? `order ${e.order_id}` : "no order"
  const invoice = e.invoice_id ? `M4 invoice ${e.invoice_id}` : "an M4 invoice"
  const why = e.reason ? (REASONS[e.reason] ?? e.reason) : undefined
  switch (e.kind) {
    case "money_returned":
      return {
        title: "M4 payment returned to the shopper",
        description: `${money} of ${invoice} was returned to the shopper${why ? ` because ${why}` : ""} (${order}).`,
      }
    case "money_returning":
      return {
        title: "M4 payment being returned",
        description: `${money} of ${invoice} is being refunded to the shopper${why ? ` because ${why}` : ""} (${order}).`,
      }
    case "return_failed":
      return {
        title: "M4 refused to return a payment",
        description: `${money} of ${invoice} could not be returned to the shopper${why ? ` (${why})` : ""}. Refund it in your M4 account (${order}).`,
      }
    case "unmatched_payment_flagged":
      return {
        title: "M4 payment with no order",
        description: `${money} of ${invoice} was paid but no order uses it${why ? ` (${why})` : ""}. Refund it in your M4 account or contact the shopper.`,
      }
    case "hold_released":
      return {
        title: "M4 released a held payment",
        description: `M4 released the hold of ${money} on ${order} (${invoice}): the order is not paid. Ask the customer to pay again or cancel the order.`,
      }
    case "refund_failed":
      return {
        title: "M4 refused a refund",
        description: `The refund of ${money} on ${order} (${invoice}) failed at M4${why ? `: ${why}` : ""}. It was taken out of the order's totals; try again or refund in your M4 account.`,
      }
    case "payment_needs_decision":
      return {
        title: "M4 payment needs a look",
        description: `${invoice} (${order}) does not match what the store asked for${why ? `: ${why}` : ""}. Nothing was changed; check it in your M4 account.`,
      }
  }
}
