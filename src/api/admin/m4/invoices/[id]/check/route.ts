import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../../../../modules/m4-ledger"

/**
 * POST /admin/m4/invoices/:id/check — "ask M4 now" about a payment M4 has not confirmed (:id is the
 * ledger row, as the Needs attention list gives it): the reconciliation asks M4 at its next round
 * instead of at the row's next scheduled check, and settles it as a notification would.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const result = await ledger.desk.checkNow("invoice", req.params.id)
  if (result === "not_found") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `M4 payment "${req.params.id}" was not found`)
  }
  if (result === "final") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "M4 has given its final answer on this payment already")
  }
  res.json({ id: req.params.id, check: "scheduled" })
}
