import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { CreatePayoutInput } from "../../modules/m4-merchant-tools"
import { askM4UntilSettled } from "./ask-m4-rounds"
import { checkM4PayoutRetryStep } from "./steps/check-m4-payout-retry"
import { claimM4PayoutStep, releaseM4PayoutStep } from "./steps/claim-m4-payout"
import { findM4PayoutByKeyStep } from "./steps/find-m4-payout-by-key"
import { loadM4PayoutStep } from "./steps/load-m4-payout"
import { RecordedPayout, recordM4PayoutStep } from "./steps/record-m4-payout"
import { validateM4PayoutRequestStep } from "./steps/validate-m4-payout-request"
import { createCallFor } from "./utils/payout-calls"

/**
 * Creates a payout, idempotently: the payout is recorded (with its shop_payment_id) before
 * withdraw/create, and a request with an idempotency key used before returns that payout,
 * settling it first if its outcome is not known (withdraw/shop_payment_status; created again
 * with the same shop_payment_id only when M4 does not have it). An unknown answer leaves the
 * payout "pending_verification" — neither failed nor successful; a refusal marks it failed and
 * fails the request with M4's reason.
 */
export const createM4PayoutWorkflow = createWorkflow("create-m4-payout", (input: CreatePayoutInput) => {
  const existing = findM4PayoutByKeyStep(input)
  const recorded = when("record-new-m4-payout", { existing }, ({ existing }) => !existing).then(() => {
    const req = validateM4PayoutRequestStep(input)
    return recordM4PayoutStep(transform({ req, input }, ({ req, input }) => ({ req, input })))
  })
  const target = transform({ existing, recorded }, ({ existing, recorded }): RecordedPayout =>
    existing ? { payout: existing, created: false } : recorded!
  )
  checkM4PayoutRetryStep(transform({ target, input }, ({ target, input }) => ({ ...target, input })))
  const call = transform({ target }, ({ target }) =>
    createCallFor({ created: target.created, status: target.payout.status })
  )

  const lease = when("claim-m4-payout-to-create", { call }, ({ call }) => !!call).then(() =>
    claimM4PayoutStep(transform({ target }, ({ target }) => ({ payout_id: target.payout.id, role: "api" })))
  )
  const settled = askM4UntilSettled(
    "create-m4-payout",
    transform({ target }, ({ target }) => target.payout),
    transform({ call, lease }, ({ call, lease }) => (lease?.claimed ? call : null)),
    // the account as this request names it (a retry's was just checked against the payout's hash)
    transform({ input }, ({ input }) => ({
      account: input.account.trim(),
      account_details:
        input.account_details && Object.keys(input.account_details).length ? input.account_details : null,
    }))
  )
  releaseM4PayoutStep(lease)
  // another request or instance is working on it right now: the payout as it is
  const busy = when("m4-payout-busy", { lease }, ({ lease }) => !!lease && !lease.claimed).then(() =>
    loadM4PayoutStep(transform({ target }, ({ target }) => ({ payout_id: target.payout.id })))
  )
  const payout = transform({ target, settled, busy }, ({ target, settled, busy }) => settled ?? busy ?? target.payout)
  return new WorkflowResponse(payout)
})
