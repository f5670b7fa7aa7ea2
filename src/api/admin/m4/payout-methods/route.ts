import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { m4Gateway, gatewayError } from "../../../../modules/m4-merchant-tools"
import { serializePayMethods } from "../serializers"

/** GET /admin/m4/payout-methods — shop_output_config/shop, each payway with its account_info_config. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const payway = typeof req.query.payway === "string" ? req.query.payway : undefined
  const outcome = await m4Gateway(req.scope).shopOutputConfig(payway ? { payway } : {})
  if (outcome.kind !== "ok") {
    throw gatewayError(outcome, "loading the payout methods")
  }
  res.json({ payout_methods: serializePayMethods(outcome.data) })
}
