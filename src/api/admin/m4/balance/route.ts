import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { m4Gateway, gatewayError } from "../../../../modules/m4-merchant-tools"
import { currencyAlpha, decimalText } from "../serializers"

/** GET /admin/m4/balance — shop_balance per currency, exact decimal strings with alpha codes. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const outcome = await m4Gateway(req.scope).shopBalance()
  if (outcome.kind !== "ok") {
    throw gatewayError(outcome, "loading the shop balance")
  }
  res.json({
    balances: outcome.data.balances.map((b) => ({
      currency: currencyAlpha(b.currency) ?? String(b.currency),
      available: decimalText(b.available, b.currency),
      frozen: decimalText(b.frozen ?? 0, b.currency),
      hold: decimalText(b.hold ?? 0, b.currency),
      ...(b.rolling_reserve !== undefined && b.rolling_reserve !== null
        ? { rolling_reserve: decimalText(b.rolling_reserve, b.currency) }
        : {}),
    })),
  })
}
