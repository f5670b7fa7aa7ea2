import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { WithdrawTryData } from "../../../m4"
import { merchantToolsModule, gatewayError, type NormalizedPayoutRequest } from "../../../modules/m4-merchant-tools"

/** withdraw/try: what the payee would receive and what the shop would write off. Moves no money. */
export const tryM4WithdrawalStep = createStep(
  "try-m4-withdrawal",
  async (req: NormalizedPayoutRequest, { container }) => {
    const tried = await merchantToolsModule(container)
      .gateway()
      .withdrawTry({
        payway: req.payway,
        amount: req.amount,
        amount_type: req.amount_type,
        shop_currency: req.shop_currency,
        account: req.account,
        account_details: req.account_details ?? undefined,
      })
    if (tried.kind !== "ok") {
      throw gatewayError(tried, "calculating the payout")
    }
    return new StepResponse<WithdrawTryData>(tried.data)
  }
)
