import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { payoutsModule } from "../../../../../lib/m4-gateway"
import { serializePayout } from "../../../../../lib/m4-serialize"

/** GET /admin/m4/payouts/:id — the payout (full account) with its status history. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = payoutsModule(req.scope)
  const payout = await service.getPayout(req.params.id)
  const events = await service.listPayoutEvents(payout.id)
  res.json({
    payout: serializePayout(payout, { fullAccount: true }),
    events: events.map((e) => ({
      id: e.id,
      status: e.status,
      m4_status: e.m4_status,
      note: e.note,
      error_code: e.error_code,
      created_at: e.created_at,
    })),
  })
}
