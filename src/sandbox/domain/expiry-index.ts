/**
 * The open invoices that carry an `expires_at`, with the earliest expiry kept as a lower bound so
 * the scheduler can ask "when next?" without walking every invoice. An invoice that was paid,
 * held or declined meanwhile is only forgotten on the next walk (then the bound is recomputed).
 */
import { InvoiceRecord } from "./records"

export class ExpiryIndex {
  private readonly invoices = new Set<InvoiceRecord>()
  private earliest: number | null = null

  add(invoice: InvoiceRecord): void {
    if (invoice.expires_at === null) {
      return
    }
    this.invoices.add(invoice)
    if (this.earliest === null || invoice.expires_at < this.earliest) {
      this.earliest = invoice.expires_at
    }
  }

  /** Sandbox-clock ms at or before which the next invoice may expire; null when none can. */
  nextDueAt(): number | null {
    return this.earliest
  }

  /** The invoices due at `nowMs` that are still open; forgets due and no-longer-open ones. */
  takeDue(nowMs: number, isOpen: (invoice: InvoiceRecord) => boolean): InvoiceRecord[] {
    const due: InvoiceRecord[] = []
    this.earliest = null
    for (const invoice of this.invoices) {
      const at = invoice.expires_at as number
      if (!isOpen(invoice) || at <= nowMs) {
        this.invoices.delete(invoice)
        if (isOpen(invoice)) {
          due.push(invoice)
        }
      } else if (this.earliest === null || at < this.earliest) {
        this.earliest = at
      }
    }
    return due
  }
}
