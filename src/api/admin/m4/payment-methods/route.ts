import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { m4Gateway, gatewayError } from "../../../../modules/m4-merchant-tools"
import { serializePayMethods } from "../serializers"

/** GET /admin/m4/payment-methods — shop_input_config/shop: the shop's pay-in methods and payways. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const outcome = await m4Gateway(req.scope).shopInputConfig()
  if (outcome.kind !== "ok") {
    throw gatewayError(outcome, "loading the payment methods")
  }
  res.json({ payment_methods: serializePayMethods(outcome.data) })
}
