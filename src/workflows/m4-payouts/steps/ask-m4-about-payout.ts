import { createStep, StepExecutionContext, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { M4Outcome } from "../../../m4"
import { merchantToolsModule, type PayoutRecord } from "../../../modules/m4-merchant-tools"
import type { PayoutCall } from "../utils/payout-calls"

/** The full recipient, from the request that creates the payout: the payout row keeps only a mask. */
export type PayoutRecipient = { account: string; account_details: Record<string, string> | null }
export type AskM4AboutPayoutInput = { payout: PayoutRecord; call: PayoutCall; recipient: PayoutRecipient | null }
type Sent = { payout_id: string } | null

/**
 * One call to M4 with the payout's shop_payment_id: withdraw/create, or withdraw/shop_payment_status
 * (counted as a check). Returns M4's outcome as it is; the next step decides what it means.
 */
async function askM4AboutPayout(
  { payout, call, recipient }: AskM4AboutPayoutInput,
  { container }: StepExecutionContext
) {
  const service = merchantToolsModule(container)
  if (call.call === "create") {
    if (!recipient) {
      // only a create request (the first, or a client retry) knows the account; the row has its mask
      throw new Error(`withdraw/create for payout ${payout.id} needs the recipient from the request`)
    }
    const outcome = await service.gateway().withdrawCreate({
      payway: payout.payway,
      amount: payout.amount,
      amount_type: payout.amount_type,
      shop_currency: payout.shop_currency,
      account: recipient.account,
      shop_payment_id: payout.shop_payment_id,
      account_details: recipient.account_details ?? undefined,
      description: payout.description ?? undefined,
    })
    return new StepResponse<M4Outcome<unknown>, Sent>(outcome, { payout_id: payout.id })
  }
  const outcome = await service.gateway().withdrawShopPaymentStatus({ shop_payment_id: payout.shop_payment_id })
  await service.touchChecked(payout.id)
  return new StepResponse<M4Outcome<unknown>, Sent>(outcome, null)
}

/**
 * Compensation (withdraw/create only): money M4 may have moved is never undone locally. If a
 * later step fails before the answer is recorded, the payout becomes an unknown outcome that the
 * status query settles — never "failed", never left "creating".
 */
async function undoAskM4AboutPayout(sent: Sent | undefined, { container }: StepExecutionContext) {
  if (sent?.payout_id) {
    await merchantToolsModule(container).markAnswerNotRecorded(sent.payout_id)
  }
}

/**
 * The step under the names a flow needs (it asks M4 up to three times, and step names are
 * unique in a workflow). Separate steps rather than `.config({ name })`: inside `when`, Medusa
 * 2.21 runs a renamed step's compensation with the original name's (missing) input.
 */
export const askM4AboutPayoutSteps = [1, 2, 3].map((n) =>
  createStep(`ask-m4-about-payout-${n}`, askM4AboutPayout, undoAskM4AboutPayout)
)
