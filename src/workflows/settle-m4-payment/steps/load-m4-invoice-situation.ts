import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { M4_LEDGER_MODULE } from "../../../modules/m4-ledger"
import type { InvoiceRecord, M4LedgerModuleService } from "../../../modules/m4-ledger"
import type { InvoiceSituation, PaymentState } from "../utils/invoice-decision"

export type LoadedInvoiceSituation = Omit<InvoiceSituation, "status" | "session"> & {
  record: InvoiceRecord
  payment_collection_id?: string
  session?: InvoiceSituation["session"] & { amount: string; currency_code: string; data: Record<string, unknown> }
}

type SessionRow = {
  id: string
  status: string
  amount: unknown
  raw_amount?: { value: string }
  currency_code: string
  data?: Record<string, unknown> | null
  payment_collection_id: string
  payment?: PaymentState | null
}

/**
 * What Medusa holds for an invoice: the ledger's record, the live session that uses it (Medusa
 * hard-deletes replaced sessions, so a deleted one is simply absent), that session's payment, the
 * collection's other payments and the order, if one exists yet.
 */
export const loadM4InvoiceSituationStep = createStep(
  "load-m4-invoice-situation",
  async ({ shop_order_id }: { shop_order_id: string }, { container }) => {
    return new StepResponse<LoadedInvoiceSituation | undefined>(await loadSituation(container, shop_order_id))
  }
)

export async function loadSituation(
  container: MedusaContainer,
  shopOrderId: string
): Promise<LoadedInvoiceSituation | undefined> {
  const ledger = container.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const record = await ledger.invoices.byShopOrderId(shopOrderId)
  if (!record) {
    return undefined
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const session = record.session_id
    ? ((
        await query.graph({
          entity: "payment_session",
          fields: [
            "id",
            "status",
            "amount",
            "raw_amount",
            "currency_code",
            "data",
            "payment_collection_id",
            "payment.id",
            "payment.captured_at",
            "payment.canceled_at",
          ],
          filters: { id: record.session_id },
        })
      ).data[0] as SessionRow | undefined)
    : undefined
  const collectionId = session?.payment_collection_id ?? record.payment_collection_id ?? undefined
  let otherPayments: PaymentState[] = []
  let order: { id: string; status: string } | undefined
  if (collectionId) {
    const { data: collections } = await query.graph({
      entity: "payment_collection",
      fields: ["id", "payments.id", "payments.payment_session_id", "payments.captured_at", "payments.canceled_at"],
      filters: { id: collectionId },
    })
    const payments = ((collections[0] as { payments?: (PaymentState & { payment_session_id?: string })[] })?.payments ??
      []) as (PaymentState & { payment_session_id?: string })[]
    otherPayments = payments
      .filter((p) => p.id !== session?.payment?.id && p.payment_session_id !== record.session_id)
      .map((p) => ({
        id: p.id,
        session_id: p.payment_session_id,
        captured_at: p.captured_at,
        canceled_at: p.canceled_at,
      }))
    const { data: links } = await query.graph({
      entity: "order_payment_collection",
      fields: ["order_id", "order.status"],
      filters: { payment_collection_id: collectionId },
    })
    const link = links[0] as { order_id?: string; order?: { status?: string } } | undefined
    order = link?.order_id ? { id: link.order_id, status: link.order?.status ?? "" } : undefined
  }
  return {
    record,
    payment_collection_id: collectionId,
    session: session
      ? {
          id: session.id,
          status: session.status,
          payment: session.payment ?? null,
          // what updating the session needs (Medusa asks for its amount and currency again)
          amount: session.raw_amount?.value ?? String(session.amount),
          currency_code: session.currency_code,
          data: session.data ?? {},
        }
      : undefined,
    otherPayments,
    order,
  }
}
