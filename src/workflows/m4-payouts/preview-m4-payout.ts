import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { currencyAlpha, decimalText } from "../../m4"
import type { PayoutRequestInput, PreviewResult } from "../../modules/m4-merchant-tools"
import { checkM4PayoutAccountStep } from "./steps/check-m4-payout-account"
import { tryM4WithdrawalStep } from "./steps/try-m4-withdrawal"
import { validateM4PayoutRequestStep } from "./steps/validate-m4-payout-request"

export type PreviewM4PayoutInput = PayoutRequestInput & { check_account?: boolean }

/**
 * The admin's "preview" of a payout: validate it against the payway, price it with withdraw/try
 * and, when asked, check the recipient account (check_account). Nothing is recorded or moved.
 */
export const previewM4PayoutWorkflow = createWorkflow("preview-m4-payout", (input: PreviewM4PayoutInput) => {
  const req = validateM4PayoutRequestStep(input)
  const tried = tryM4WithdrawalStep(req)
  const accountCheck = when("check-m4-payout-account", { input }, ({ input }) => !!input.check_account).then(() =>
    checkM4PayoutAccountStep(req)
  )
  const preview = transform({ req, tried, accountCheck }, ({ req, tried, accountCheck }): PreviewResult => ({
    payway: req.payway,
    amount: req.amount,
    amount_type: req.amount_type,
    shop_currency: req.shop_currency,
    payee_receive: decimalText(tried.payee_receive, tried.ps_currency),
    ps_currency: currencyAlpha(tried.ps_currency),
    shop_write_off: decimalText(tried.shop_write_off, tried.shop_currency),
    account_check: accountCheck ?? null,
  }))
  return new WorkflowResponse(preview)
})
