import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService, RefundRecord } from "../../../modules/m4-ledger"
import { askM4Provider } from "../../../providers/m4/ask-m4-provider"
import type { M4RefundsConfirmation } from "../../../providers/m4/types/webhook"

export type ConfirmedRefunds = {
  invoice?: InvoiceRecord
  /** the ledger's refunds of the invoice */
  records: RefundRecord[]
  /** M4's list now (invoice/get-refunds) */
  atM4: M4RefundsConfirmation["refunds"]
}

/** Asks M4 (invoice/get-refunds, through the invoice's provider) for the refunds of one invoice on record. */
export const confirmM4RefundsStep = createStep(
  "confirm-m4-refunds",
  async ({ invoice_ref }: { invoice_ref: string }, { container }) => {
    const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
    const invoice = await ledger.invoices.byId(invoice_ref)
    if (!invoice?.invoice_id) {
      return new StepResponse<ConfirmedRefunds>({ records: [], atM4: [] })
    }
    const records = await ledger.refunds.ofInvoice(invoice.id)
    const { refunds } = await askM4Provider(container, invoice.provider_id, {
      kind: "refunds",
      invoice_id: invoice.invoice_id,
    })
    return new StepResponse<ConfirmedRefunds>({ invoice, records, atM4: refunds })
  }
)
