import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../../../../modules/m4-ledger"

/**
 * POST /admin/m4/notifications/:id/retry — a notification the store gave up on after every retry
 * goes back to pending: the sweep's next round (the reconciliation job) asks M4 and applies its
 * answer. It gets one more attempt; if that fails too it is listed again.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const result = await ledger.desk.retryFailedNotification(req.params.id)
  if (result === "not_found") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `M4 notification "${req.params.id}" was not found`)
  }
  if (result === "not_failed") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This notification is not waiting for a retry: it was applied, or the store is still trying"
    )
  }
  res.json({ notification: { id: req.params.id, state: "pending" } })
}
