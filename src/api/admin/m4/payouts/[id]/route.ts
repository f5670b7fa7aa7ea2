import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { merchantToolsModule } from "../../../../../modules/m4-merchant-tools"
import { hideAccountNumbers, payoutCreators, payoutStatusName, serializePayout, withCreator } from "../../serializers"

/** GET /admin/m4/payouts/:id — the payout (account masked) with its status history. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = merchantToolsModule(req.scope)
  const payout = await service.getPayout(req.params.id)
  const events = await service.listPayoutEvents(payout.id)
  const creators = await payoutCreators(req.scope, [payout.created_by])
  res.json({
    payout: withCreator(serializePayout(payout), creators),
    events: events.map((e) => ({
      id: e.id,
      status: e.status,
      m4_status: e.m4_status,
      m4_status_name: payoutStatusName(e.m4_status),
      note: hideAccountNumbers(e.note),
      error_code: e.error_code,
      created_at: e.created_at,
    })),
  })
}
