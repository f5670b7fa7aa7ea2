import { M4_LEDGER_MODULE } from "../../../../modules/m4-ledger"
import type { AttentionRow, LedgerAttentionKind, M4LedgerModuleService } from "../../../../modules/m4-ledger"
import { maskAccount, merchantToolsModule, type PayoutRecord } from "../../../../modules/m4-merchant-tools"
import { attentionActions, attentionText } from "../../../../shared/display-names"
import type { AttentionKind, MerchantAttention } from "../../../../shared/display-names"
import { orderRefs } from "./order-refs"
import { atMinorUnits, currencyCode } from "./status-names"

type Scope = { resolve<T = unknown>(key: string): T }

/** One item of "Needs attention", before its words: from a ledger row or a payout. */
type Found = {
  key: string
  kind: AttentionKind
  ref_id: string
  at: Date
  order_id: string | null
  payment_collection_id: string | null
  invoice_id: string | null
  amount: string | null
  currency_code: string | null
  reason: string | null
  hold_expires_at: Date | null
  payout_id?: string
  account?: string
}

const fromLedger = (r: AttentionRow): Found => ({ ...r })

const fromPayout = (p: PayoutRecord): Found => ({
  key: `payout_needs_attention:${p.id}`,
  kind: "payout_needs_attention",
  ref_id: p.id,
  at: new Date((p as { updated_at?: Date | string }).updated_at ?? p.created_at),
  order_id: null,
  payment_collection_id: null,
  invoice_id: null,
  amount: p.amount,
  currency_code: p.shop_currency,
  reason: null,
  hold_expires_at: null,
  payout_id: p.id,
  account: maskAccount(p.account_mask),
})

/**
 * What needs the merchant now, newest first, each in their words with the actions that settle it:
 * the ledger's items (failed notifications, money returned, refunds M4 refused, holds about to
 * expire, payments and refunds M4 has not confirmed) and the merchant tools module's payouts that need
 * attention. `kinds` narrows it (the alert job asks only for the kinds no payment flow announces).
 */
export async function attentionItems(
  scope: Scope,
  page: { limit: number; offset: number; kinds?: AttentionKind[]; timeZone?: string; unalerted?: boolean }
) {
  const ledger = scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const want = page.offset + page.limit
  const ledgerKinds = page.kinds?.filter((k) => k !== "payout_needs_attention") as LedgerAttentionKind[] | undefined
  const withPayouts = !page.kinds || page.kinds.includes("payout_needs_attention")
  const [fromRows, payouts] = await Promise.all([
    page.kinds && !ledgerKinds?.length
      ? { rows: [], count: 0 }
      : ledger.desk.attentionPage({ limit: want, offset: 0, kinds: ledgerKinds, unalerted: page.unalerted }),
    withPayouts
      ? merchantToolsModule(scope).listAndCountM4Payouts(
          { status: "needs_attention" },
          { take: want, order: { updated_at: "DESC" } }
        )
      : [[], 0],
  ])
  const found = [...fromRows.rows.map(fromLedger), ...(payouts[0] as unknown as PayoutRecord[]).map(fromPayout)]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.key.localeCompare(b.key))
    .slice(page.offset, page.offset + page.limit)
  const orderOf = await orderRefs(scope, found)
  const items = found.map((f) => {
    const order = orderOf(f)
    const amount = atMinorUnits(f.amount, f.currency_code)
    const currency = currencyCode(f.currency_code)
    const { title, description } = attentionText(
      {
        kind: f.kind,
        invoice_id: f.invoice_id,
        order_id: order ? (order.display_id === null ? order.id : `#${order.display_id}`) : null,
        amount: amount ?? undefined,
        currency_code: currency ?? undefined,
        reason: f.reason ?? undefined,
        hold_expires_at: f.hold_expires_at?.toISOString(),
        account: f.account,
      },
      { timeZone: page.timeZone ?? "UTC" }
    )
    const { actions, resolveLabel } = attentionActions(f.kind)
    return {
      key: f.key,
      kind: f.kind,
      at: f.at,
      /** what the merchant's notification says (raw ids, as every M4 alert in the bell) */
      event: {
        kind: f.kind,
        invoice_id: f.invoice_id,
        order_id: order?.id ?? null,
        amount: amount ?? undefined,
        currency_code: currency ?? undefined,
        reason: f.reason ?? undefined,
        hold_expires_at: f.hold_expires_at?.toISOString(),
        account: f.account,
        ...(f.kind === "notification_failed" ? { notification_id: f.ref_id } : {}),
        ...(f.payout_id ? { payout_id: f.payout_id } : {}),
      } satisfies MerchantAttention,
      title,
      description,
      order_id: order?.id ?? null,
      order_display_id: order?.display_id ?? null,
      invoice_id: f.invoice_id,
      amount,
      currency,
      // the notification, ledger invoice, ledger refund or payout the actions apply to
      ref_id: f.ref_id,
      hold_expires_at: f.hold_expires_at,
      // "open order" only where there is one
      actions: actions.filter((a) => a !== "open_order" || !!order),
      resolve_label: resolveLabel ?? null,
    }
  })
  return { items, count: fromRows.count + Number(payouts[1]) }
}
