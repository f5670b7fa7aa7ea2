import type { InvoiceCheckData } from "../../../m4"
import { INVOICE_STATUS } from "../../../m4"

/**
 * M4's answer to an invoice/check the provider made a moment ago, so that settling a notification
 * (confirm, then Medusa's own authorize) asks M4 once, not twice. Only answers that cannot have
 * changed meanwhile are reused: paid (final) and held (only this store's charge/unhold or the
 * 5-day expiry end a hold), and only for a few seconds. Per process, never needed elsewhere.
 */
export class RecentInvoiceAnswers {
  readonly #answers = new Map<string, { data: InvoiceCheckData; at: number }>()

  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000
  ) {}

  remember(shopOrderId: string, data: InvoiceCheckData): void {
    const status = Number(data.status)
    if (status !== INVOICE_STATUS.PAID && status !== INVOICE_STATUS.HELD) {
      return
    }
    if (this.#answers.size >= this.max) {
      this.#answers.delete(this.#answers.keys().next().value as string) // oldest first
    }
    this.#answers.set(shopOrderId, { data, at: Date.now() })
  }

  /** The answer, once: a second authorize asks M4 again. */
  take(shopOrderId: string): InvoiceCheckData | undefined {
    const hit = this.#answers.get(shopOrderId)
    this.#answers.delete(shopOrderId)
    return hit && Date.now() - hit.at <= this.ttlMs ? hit.data : undefined
  }
}
