import BigNumber from "bignumber.js"
import type { AdminApi } from "./admin-api"
import type { M4TestEnv } from "./m4-test-env"

/** Exact sum of API amounts; an absent one is a field nobody requested, never zero. */
const sum = (values: (string | number | null | undefined)[]) =>
  values.reduce<BigNumber>((acc, v) => {
    if (v === undefined || v === null) {
      throw new Error("an amount is absent from the answer: request it (an absent field is not zero)")
    }
    return acc.plus(new BigNumber(v))
  }, new BigNumber(0))

/** What the merchant sees of an order's money in Medusa (every figure requested explicitly). */
export type MedusaBooks = {
  total: string
  /** what the order's payment collections asked the shopper for at checkout (what M4 was asked to charge) */
  ordered: string
  payment_status: string
  paid_total: string
  refunded_total: string
  /** the order's credit-line total as the dashboard shows it (order.credit_line_total) */
  credit_line_total: string
  /** the sum of the order's credit lines */
  credit_lines: string
  /** Medusa's stored summary figure (a per-version value; shown for diagnosis only) */
  summary_credit_line_total: string
  captured: string
  /** authorized payments not captured and not canceled */
  authorized: string
  refunds: string
}

/** What M4 holds for a cart: its invoices (found by the cart id in their return URL) and their refunds. */
export type M4Books = {
  /** paid invoices (status 4), in full */
  paid: string
  /** held invoices (status 8) */
  held: string
  /** refunds M4 made (SUCCESS), automatic returns included */
  refunded: string
  /** refunds still WAITING */
  waiting: string
  invoices: { id: number; status: number; amount: string; refunded: string }[]
}

export async function medusaBooks(admin: AdminApi, orderId: string): Promise<MedusaBooks> {
  const order = await admin.orderBooks(orderId)
  for (const field of [
    "total",
    "summary",
    "credit_lines",
    "credit_line_total",
    "payment_collections",
    "payment_status",
  ]) {
    if (order[field] === undefined) {
      throw new Error(`the Admin API answer has no ${field}: request it (an absent field is not zero)`)
    }
  }
  for (const c of order.payment_collections) {
    if (c.payments === undefined || c.amount === undefined) {
      throw new Error("the Admin API answer has no payments/amount on a payment collection: request them")
    }
  }
  const payments = order.payment_collections.flatMap((c: any) => c.payments)
  for (const p of payments) {
    if (p.captures === undefined || p.refunds === undefined || p.canceled_at === undefined) {
      throw new Error("the Admin API answer has no captures/refunds/canceled_at on a payment: request them")
    }
  }
  const summary = order.summary
  return {
    total: new BigNumber(order.total).toFixed(),
    ordered: sum(order.payment_collections.map((c: any) => c.amount)).toFixed(),
    payment_status: order.payment_status,
    paid_total: new BigNumber(summary.paid_total).toFixed(),
    refunded_total: new BigNumber(summary.refunded_total).toFixed(),
    credit_line_total: new BigNumber(order.credit_line_total).toFixed(),
    summary_credit_line_total: new BigNumber(summary.credit_line_total).toFixed(),
    credit_lines: sum(order.credit_lines.map((l: any) => l.amount)).toFixed(),
    captured: sum(payments.flatMap((p: any) => p.captures.map((c: any) => c.amount))).toFixed(),
    authorized: sum(
      payments.filter((p: any) => !p.canceled_at && p.captures.length === 0).map((p: any) => p.amount)
    ).toFixed(),
    refunds: sum(payments.flatMap((p: any) => p.refunds.map((r: any) => r.amount))).toFixed(),
  }
}

export function m4Books(m4: M4TestEnv, cartId: string): M4Books {
  const state = m4.sandbox.state
  const invoices = [...state.invoices.values()].filter((i) => (i.success_url ?? "").includes(cartId))
  const refundsOf = (id: number) => [...state.refunds.values()].filter((r) => r.invoice_id === id)
  const all = invoices.flatMap((i) => refundsOf(i.id))
  return {
    paid: sum(invoices.filter((i) => i.status === 4).map((i) => i.amount)).toFixed(),
    held: sum(invoices.filter((i) => i.status === 8).map((i) => i.amount)).toFixed(),
    refunded: sum(all.filter((r) => r.status === "SUCCESS").map((r) => r.amount)).toFixed(),
    waiting: sum(all.filter((r) => r.status === "WAITING").map((r) => r.amount)).toFixed(),
    invoices: invoices.map((i) => ({
      id: i.id,
      status: i.status,
      amount: i.amount,
      refunded: sum(
        refundsOf(i.id)
          .filter((r) => r.status === "SUCCESS")
          .map((r) => r.amount)
      ).toFixed(),
    })),
  }
}

/**
 * The order's books equal M4's: what M4 kept for the cart (paid − refunded) is what Medusa captured
 * less what it refunded; what M4 holds is what Medusa holds as authorized; Medusa's summary (paid,
 * refunded) and the order's credit lines agree with its payments, and its total is its value less its refunds; every paid invoice is either
 * the order's capture or refunded in full at M4 (returned); nothing is still WAITING at M4.
 */
export async function expectBooksMatchM4(args: { admin: AdminApi; m4: M4TestEnv; orderId: string; cartId: string }) {
  const medusa = await medusaBooks(args.admin, args.orderId)
  const m4 = m4Books(args.m4, args.cartId)
  const kept = new BigNumber(m4.paid).minus(m4.refunded)
  const booked = new BigNumber(medusa.captured).minus(medusa.refunds)
  // on failure the whole picture is in the diff
  const view = JSON.stringify({ medusa, m4 })
  expect({ kept_in_medusa: booked.toFixed(), view }).toEqual({ kept_in_medusa: kept.toFixed(), view })
  expect({ authorized_in_medusa: medusa.authorized, view }).toEqual({ authorized_in_medusa: m4.held, view })
  expect({ waiting_at_m4: m4.waiting, view }).toEqual({ waiting_at_m4: "0", view })
  // Medusa's summary is its payments' figures
  expect({ paid_total: medusa.paid_total, refunded_total: medusa.refunded_total, view }).toEqual({
    paid_total: medusa.captured,
    refunded_total: medusa.refunds,
    view,
  })
  // the credit lines the dashboard shows are the order's refunds (Medusa's refund workflow adds one per refund)
  expect({ credit_lines: medusa.credit_lines, credit_line_total: medusa.credit_line_total, view }).toEqual({
    credit_lines: medusa.refunds,
    credit_line_total: medusa.refunds,
    view,
  })
  // the order's total (what the dashboard shows it is worth now) is what the shopper was asked to pay
  // at checkout less what was refunded
  expect({ total: medusa.total, view }).toEqual({
    total: new BigNumber(medusa.ordered).minus(medusa.refunds).toFixed(),
    view,
  })
  // every paid invoice: the capture on the order, or returned in full
  const captured = new BigNumber(medusa.captured)
  const paidNotReturned = m4.invoices.filter((i) => i.status === 4 && !new BigNumber(i.refunded).eq(i.amount))
  expect(paidNotReturned.length).toBeLessThanOrEqual(1)
  if (paidNotReturned.length === 1) {
    expect({ invoice_amount: paidNotReturned[0].amount, captured: captured.toFixed() }).toEqual({
      invoice_amount: new BigNumber(paidNotReturned[0].amount).toFixed(),
      captured: new BigNumber(paidNotReturned[0].amount).toFixed(),
    })
  }
  return { medusa, m4 }
}
