import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { merchantToolsModule } from "../../../modules/m4-merchant-tools"
import {
  gatewayError,
  recipientName,
  type NormalizedPayoutRequest,
  type PreviewResult,
} from "../../../modules/m4-merchant-tools"

export type AccountCheck = NonNullable<PreviewResult["account_check"]>

/** check_account: whether the recipient account exists, with the recipient's name when M4 gives it. */
export const checkM4PayoutAccountStep = createStep(
  "check-m4-payout-account",
  async (req: NormalizedPayoutRequest, { container }) => {
    const checked = await merchantToolsModule(container)
      .gateway()
      .checkAccount({
        payway: req.payway,
        amount: req.amount,
        account: req.account,
        shop_currency: req.shop_currency,
        account_details: req.account_details ?? undefined,
      })
    if (checked.kind !== "ok") {
      throw gatewayError(checked, "checking the recipient account")
    }
    const info = (checked.data.account_info ?? null) as Record<string, unknown> | null
    return new StepResponse<AccountCheck>({
      result: checked.data.result,
      recipient_name: recipientName(info),
      account_info: info,
    })
  }
)
