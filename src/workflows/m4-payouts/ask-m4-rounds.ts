import { transform, when, WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { PayoutRecord } from "../../modules/m4-merchant-tools"
import { applyM4PayoutAnswerSteps } from "./steps/apply-m4-payout-answer"
import { askM4AboutPayoutSteps, type PayoutRecipient } from "./steps/ask-m4-about-payout"
import type { PayoutCall } from "./utils/payout-calls"

/** The n-th question to M4 (1–3) and the recording of its answer. */
function askAndApply(
  n: number,
  input: WorkflowData<{ payout: PayoutRecord; call: PayoutCall; recipient: PayoutRecipient | null }>
) {
  const outcome = askM4AboutPayoutSteps[n - 1](input)
  return applyM4PayoutAnswerSteps[n - 1](
    transform({ input, outcome }, ({ input, outcome }) => ({ payout: input.payout, call: input.call, outcome }))
  )
}

/**
 * Asks M4 about a payout until its answer needs no further question, at most three calls: a
 * settle query that finds nothing may send withdraw/create again (a client retry), and a
 * create answered "duplicate / in progress" (6/8) is followed by a status query, which never
 * leads further. Composed at the top level of a workflow (`when` does not nest); nothing is
 * asked when `call` is null. The caller holds the payout's lease. `recipient`: the full account
 * from a create request (withdraw/create needs it; the payout keeps only a mask), null elsewhere.
 * Returns the payout after the last answer, or undefined when nothing was asked.
 */
export function askM4UntilSettled(
  name: string,
  payout: WorkflowData<PayoutRecord>,
  call: WorkflowData<PayoutCall | null>,
  recipient: WorkflowData<PayoutRecipient | null> | null = null
): WorkflowData<PayoutRecord | undefined> {
  const first = when(`${name}-1`, { call }, ({ call }) => !!call).then(() =>
    askAndApply(
      1,
      transform({ payout, call, recipient }, ({ payout, call, recipient }) => ({
        payout,
        call: call!,
        recipient: recipient ?? null,
      }))
    )
  )
  const second = when(`${name}-2`, { first }, ({ first }) => !!first?.next).then(() =>
    askAndApply(
      2,
      transform({ first, recipient }, ({ first, recipient }) => ({
        payout: first!.payout,
        call: first!.next!,
        recipient: recipient ?? null,
      }))
    )
  )
  const third = when(`${name}-3`, { second }, ({ second }) => !!second?.next).then(() =>
    askAndApply(
      3,
      transform({ second, recipient }, ({ second, recipient }) => ({
        payout: second!.payout,
        call: second!.next!,
        recipient: recipient ?? null,
      }))
    )
  )
  return transform({ first, second, third }, ({ first, second, third }) => (third ?? second ?? first)?.payout)
}
