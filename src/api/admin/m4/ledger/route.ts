import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { M4_LEDGER_MODULE } from "../../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../../modules/m4-ledger"
import { m4Gateway } from "../../../../modules/m4-merchant-tools"
import { methodNames, orderRefs, serializeLedgerRow } from "../serializers"
import type { GetLedgerType } from "../validators"
import { m4Providers } from "./providers"

/**
 * GET /admin/m4/ledger — one row per M4 payment and refund from the plugin's ledger, newest first:
 * date, order, M4's method name, amount, M4's fee, the net credited, the payer's price, status.
 * Filters: `from` / `to` (ISO dates), `status` (comma-separated ledger statuses), `provider_id`;
 * `limit` / `offset` page through it. `providers` lists the store's M4 providers for the filter.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as GetLedgerType
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const [{ rows, count }, names, providers] = await Promise.all([
    ledger.desk.ledgerPage(
      { from: q.from, to: q.to, statuses: q.status, provider_id: q.provider_id },
      { limit: q.limit, offset: q.offset }
    ),
    methodNames(m4Gateway(req.scope), "input"),
    m4Providers(req.scope),
  ])
  const orderOf = await orderRefs(req.scope, rows)
  res.json({
    rows: rows.map((r) => serializeLedgerRow(r, names, orderOf(r))),
    count,
    limit: q.limit,
    offset: q.offset,
    providers,
  })
}
