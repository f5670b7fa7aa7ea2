import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { payoutsModule } from "../../../../../../lib/m4-gateway"
import { serializePayout } from "../../../../../../lib/m4-serialize"

/** POST /admin/m4/payouts/:id/refresh — asks M4 now (withdraw/shop_payment_status) instead of waiting for the job. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = payoutsModule(req.scope)
  await service.getPayout(req.params.id) // 404 for an unknown id
  const payout = await service.syncPayout(req.params.id)
  res.json({ payout: serializePayout(payout, { fullAccount: true }) })
}
