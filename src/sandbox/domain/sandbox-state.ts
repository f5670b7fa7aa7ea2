/**
 * In-memory store of all sandbox records with the lookups the gateway needs
 * (by id, by shop + shop-side id, by pay-page session). `toData`/`fromData` feed persistence.
 */
import { SandboxConfig } from "../config/sandbox-config"
import { ExpiryIndex } from "./expiry-index"
import { Balance, DeliveryRecord, InvoiceRecord, PayoutRecord, RefundRecord, SandboxStateData } from "./records"

const FIRST_IDS = { invoice: 41000001, refund: 7001, payout: 48581001, delivery: 1 }

const shopKey = (shopId: number, id: string) => `${shopId}\u0000${id}`

export class SandboxState {
  readonly invoices = new Map<number, InvoiceRecord>()
  readonly refunds = new Map<number, RefundRecord>()
  readonly payouts = new Map<number, PayoutRecord>()
  readonly deliveries = new Map<number, DeliveryRecord>()
  readonly balances = new Map<number, Map<number, Balance>>()
  /** Open invoices with an `expires_at`, for the scheduler. */
  readonly expiries = new ExpiryIndex()
  private readonly invoiceByOrder = new Map<string, InvoiceRecord>()
  private readonly invoiceBySession = new Map<string, InvoiceRecord>()
  private readonly refundByShopId = new Map<string, RefundRecord>()
  private readonly payoutByShopId = new Map<string, PayoutRecord>()
  nextIds = { ...FIRST_IDS }

  static initial(config: SandboxConfig): SandboxState {
    const state = new SandboxState()
    for (const shop of config.shops) {
      const byCurrency = new Map<number, Balance>()
      for (const [code, available] of Object.entries(shop.balances)) {
        byCurrency.set(Number(code), { available, frozen: "0", hold: "0" })
      }
      state.balances.set(shop.shop_id, byCurrency)
    }
    return state
  }

  nextId(kind: keyof typeof FIRST_IDS): number {
    return this.nextIds[kind]++
  }

  addInvoice(invoice: InvoiceRecord): void {
    this.invoices.set(invoice.id, invoice)
    this.invoiceByOrder.set(shopKey(invoice.shop_id, invoice.shop_order_id), invoice)
    this.invoiceBySession.set(invoice.session_id, invoice)
    this.expiries.add(invoice)
  }

  invoiceByShopOrder(shopId: number, shopOrderId: string): InvoiceRecord | undefined {
    return this.invoiceByOrder.get(shopKey(shopId, shopOrderId))
  }

  invoiceBySessionId(sessionId: string): InvoiceRecord | undefined {
    return this.invoiceBySession.get(sessionId)
  }

  addRefund(refund: RefundRecord): void {
    this.refunds.set(refund.id, refund)
    this.refundByShopId.set(shopKey(refund.shop_id, refund.shop_refund_id), refund)
  }

  refundByShopRefundId(shopId: number, shopRefundId: string): RefundRecord | undefined {
    return this.refundByShopId.get(shopKey(shopId, shopRefundId))
  }

  refundsOfInvoice(invoiceId: number): RefundRecord[] {
    return [...this.refunds.values()].filter((r) => r.invoice_id === invoiceId)
  }

  addPayout(payout: PayoutRecord): void {
    this.payouts.set(payout.id, payout)
    this.payoutByShopId.set(shopKey(payout.shop_id, payout.shop_payment_id), payout)
  }

  payoutByShopPaymentId(shopId: number, shopPaymentId: string): PayoutRecord | undefined {
    return this.payoutByShopId.get(shopKey(shopId, shopPaymentId))
  }

  addDelivery(delivery: DeliveryRecord): void {
    this.deliveries.set(delivery.id, delivery)
  }

  /** The shop's balance in one currency, created empty on first use. */
  balance(shopId: number, currency: number): Balance {
    let byCurrency = this.balances.get(shopId)
    if (!byCurrency) {
      byCurrency = new Map()
      this.balances.set(shopId, byCurrency)
    }
    let balance = byCurrency.get(currency)
    if (!balance) {
      balance = { available: "0", frozen: "0", hold: "0" }
      byCurrency.set(currency, balance)
    }
    return balance
  }

  toData(clockOffsetMs: number): SandboxStateData {
    const balances: SandboxStateData["balances"] = {}
    for (const [shopId, byCurrency] of this.balances) {
      balances[String(shopId)] = Object.fromEntries([...byCurrency].map(([code, b]) => [String(code), { ...b }]))
    }
    return {
      version: 1,
      clock_offset_ms: clockOffsetMs,
      next_ids: { ...this.nextIds },
      invoices: [...this.invoices.values()],
      refunds: [...this.refunds.values()],
      payouts: [...this.payouts.values()],
      deliveries: [...this.deliveries.values()],
      balances,
    }
  }

  static fromData(data: SandboxStateData): SandboxState {
    if (data.version !== 1) {
      throw new Error(`unsupported sandbox state version ${String(data.version)}`)
    }
    const state = new SandboxState()
    state.nextIds = { ...FIRST_IDS, ...data.next_ids }
    // state saved before cross-currency invoices existed: the payer paid in the invoice currency
    data.invoices.forEach((i) =>
      state.addInvoice({
        ...i,
        ps_currency: i.ps_currency ?? i.currency,
        ps_amount: i.ps_amount ?? i.amount,
        exchange_rate: i.exchange_rate ?? "1",
        shop_fee: i.shop_fee ?? i.fee,
        // state saved before `expires_at` was honoured
        expires_at: i.expires_at ?? null,
        expired: i.expired ?? false,
      })
    )
    data.refunds.forEach((r) => state.addRefund({ ...r, callback_url: r.callback_url ?? null }))
    data.payouts.forEach((p) => state.addPayout(p))
    data.deliveries.forEach((d) => state.addDelivery(d))
    for (const [shopId, byCurrency] of Object.entries(data.balances)) {
      state.balances.set(
        Number(shopId),
        new Map(Object.entries(byCurrency).map(([code, b]) => [Number(code), { ...b }]))
      )
    }
    return state
  }
}
