import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { payoutCreators, serializePayout, withCreator } from "../../../serializers"
import { syncM4PayoutWorkflow } from "../../../../../../workflows/m4-payouts"

/** POST /admin/m4/payouts/:id/refresh — asks M4 now (withdraw/shop_payment_status) instead of waiting for the job; 404 for an unknown id. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result: payout } = await syncM4PayoutWorkflow(req.scope).run({ input: { payout_id: req.params.id } })
  const creators = await payoutCreators(req.scope, [payout.created_by])
  res.json({ payout: withCreator(serializePayout(payout), creators) })
}
