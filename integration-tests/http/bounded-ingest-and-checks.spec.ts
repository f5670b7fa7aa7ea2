import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { M4_LEDGER_MODULE } from "../../src/modules/m4-ledger"
import { sandboxControls, useM4Sandbox, waitFor } from "../helpers/m4-test-env"
import { useSeededStore } from "../helpers/seeded-store"
import {
  CallbackField,
  invoiceCallbackFields,
  postNotification,
  SANDBOX_SECRET,
  signedBody,
} from "../helpers/signed-callback"
import { shopperOnPayPage } from "../helpers/storefront"

/**
 * What someone holding a signed-message generator (a leaked secret) or a shop full of abandoned
 * carts can cost: notifications are matched to the ledger before anything is stored (unknown
 * invoices and refunds store nothing), variants of one message collapse into one row and one
 * confirmation with M4, and an unpaid invoice is checked only until it can no longer be paid.
 * Bounded bursts over loopback.
 */
jest.setTimeout(180 * 1000)

const m4 = useM4Sandbox({
  countCalls: true,
  env: {
    M4_RECONCILE_SCHEDULE_MS: "300,600,1200",
    M4_RECONCILE_CRON: "* * * * * *",
    // invoices payable for 3 s, then checked for 1 s more at most
    M4_INVOICE_LIFETIME_MS: "3000",
    M4_UNPAID_GRACE_MS: "1000",
    M4_RATE_LIMITS: JSON.stringify({ enabled: false }),
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const ctx = useSeededStore(m4, { api, getContainer })
    const { invoicesOf } = sandboxControls(m4)
    const ledger = () => getContainer().resolve(M4_LEDGER_MODULE) as any
    const calls = (method: string, ref?: string) =>
      m4.callLog.filter((c) => c.method === method && (ref === undefined || c.ref === ref)).length

    it("200 correctly signed notifications for invoices and refunds this store never asked for: nothing stored, no M4 call", async () => {
      const before = m4.calls.length
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          postNotification(
            m4.storeUrl,
            signedBody(
              invoiceCallbackFields({
                status: "success",
                session: `payses_forged${i}`,
                invoice: 900000 + i,
                amount: "24.99",
              }),
              SANDBOX_SECRET
            )
          ).then((r) => r.status)
        ).concat(
          Array.from({ length: 100 }, (_, i) => {
            const fields: CallbackField[] = [
              ["shop_refund_id", `ref_forged${i}`, "str"],
              ["status", "SUCCESS", "str"],
              ["invoice_id", String(900000 + i), "num"],
              ["amount", "1.00", "str"],
              ["currency", "USD", "str"],
              ["error_code", "0", "num"],
            ]
            return postNotification(m4.storeUrl, signedBody(fields, SANDBOX_SECRET)).then((r) => r.status)
          })
        )
      )
      // answered so M4 does not resend them, never stored, never a prompt to ask M4
      expect(new Set(answers)).toEqual(new Set([200]))
      expect(await ledger().listM4Notifications({})).toHaveLength(0)
      expect(m4.calls.slice(before)).toEqual([])
    })

    it("300 signed variants of one real notification (only `updated` differs): one row, one confirmation with M4", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const invoice = invoicesOf(session.id)[0]
      const mark = calls("invoice/check", session.id)
      const variants = Array.from({ length: 300 }, (_, i) =>
        signedBody(
          [
            ...invoiceCallbackFields({ status: "success", session: session.id, invoice: invoice.id, amount: "24.99" }),
            ["updated", `2026-12-03T10:00:${String(i % 60).padStart(2, "0")}.${i}`, "str"],
          ],
          SANDBOX_SECRET
        )
      )
      const answers = await Promise.all(
        variants.map((body) => postNotification(m4.storeUrl, body).then((r) => r.status))
      )
      expect(new Set(answers)).toEqual(new Set([200]))
      const [row] = await waitFor(
        async () => {
          // (M4's own "rejected" at the invoice's expiry, 3 s after it was issued, is another message)
          const rows = await ledger().listM4Notifications({ shop_order_id: session.id, status: "success" })
          return rows.length === 1 && rows[0].state === "processed" && rows
        },
        { what: "one processed row for all the variants", timeoutMs: 30_000 }
      )
      expect(row.duplicate_count).toBe(299)
      // the invoice is not paid: the message was confirmed with M4 once, whatever its number of copies
      expect(row.outcome).toBe("not_final_yet")
      expect(row.attempts).toBe(1)
      // every invoice/check about it: that one, and the reconciliation's own scheduled checks
      const [invoiceRow] = await ledger().listM4Invoices({ shop_order_id: session.id })
      expect(calls("invoice/check", session.id) - mark).toBe(1 + invoiceRow.check_attempts)
    })

    it("an abandoned session's invoice is checked only until it can no longer be paid", async () => {
      const cart = await ctx.usCart()
      const session = await ctx.shop.initiatePayment(cart.id, "pp_m4_m4")
      const record = await waitFor(
        async () => {
          const [row] = await ledger().listM4Invoices({ shop_order_id: session.id })
          return row?.next_check_at === null && row
        },
        { what: "the abandoned invoice's checks to end", timeoutMs: 30_000 }
      )
      // 3 s to pay, then the expiry at M4 (status 6) or the grace ends the checks
      expect(["lapsed_unpaid", "session_marked_rejected", "already_rejected"]).toContain(record.last_outcome)
      expect(calls("invoice/check", session.id)).toBeLessThanOrEqual(5)
      expect(calls("invoice/check", session.id)).toBeGreaterThanOrEqual(1)
      // M4 no longer lets anyone pay it
      await expect(shopperOnPayPage(session.data.redirect, "pay")).rejects.toThrow(/410|expired|no pay-form/)
    })
  },
})
