import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { payoutsModule } from "../../../../../../lib/m4-gateway"
import { payoutCreators, serializePayout, withCreator } from "../../../serializers"

/** POST /admin/m4/payouts/:id/refresh — asks M4 now (withdraw/shop_payment_status) instead of waiting for the job. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = payoutsModule(req.scope)
  await service.getPayout(req.params.id) // 404 for an unknown id
  const payout = await service.syncPayout(req.params.id)
  const creators = await payoutCreators(req.scope, [payout.created_by])
  res.json({ payout: withCreator(serializePayout(payout), creators) })
}
