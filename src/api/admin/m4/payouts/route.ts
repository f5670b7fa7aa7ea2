import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { merchantToolsModule, type PayoutRecord } from "../../../../modules/m4-merchant-tools"
import { payoutCreators, serializePayout, withCreator } from "../serializers"
import { createM4PayoutWorkflow } from "../../../../workflows/m4-payouts"
import { GetPayoutsType, PostPayoutType } from "../validators"

/**
 * POST /admin/m4/payouts — creates a payout (withdraw/create). Idempotent with `idempotency_key`:
 * a retry returns the same payout and settles an unknown outcome by status query.
 * 200 with `payout.status` "pending_verification" means M4's answer was lost: it is being checked.
 */
export async function POST(req: AuthenticatedMedusaRequest<PostPayoutType>, res: MedusaResponse) {
  const { result: payout } = await createM4PayoutWorkflow(req.scope).run({
    input: { ...req.validatedBody, created_by: req.auth_context?.actor_id ?? null },
  })
  const creators = await payoutCreators(req.scope, [payout.created_by])
  res.json({ payout: withCreator(serializePayout(payout), creators) })
}

/** GET /admin/m4/payouts — newest first, accounts masked. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { limit, offset, status } = req.validatedQuery as unknown as GetPayoutsType
  const [rows, count] = await merchantToolsModule(req.scope).listAndCountM4Payouts(status ? { status } : {}, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  const payouts = rows as unknown as PayoutRecord[]
  const creators = await payoutCreators(
    req.scope,
    payouts.map((p) => p.created_by)
  )
  res.json({
    payouts: payouts.map((r) => withCreator(serializePayout(r), creators)),
    count,
    limit,
    offset,
  })
}
