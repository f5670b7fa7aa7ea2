import { createStep, StepExecutionContext, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { M4Outcome, WithdrawCreateData, WithdrawStatusData } from "../../../m4"
import {
  gatewayError,
  merchantToolsModule,
  type M4MerchantToolsModuleService,
  type PayoutRecord,
} from "../../../modules/m4-merchant-tools"
import { decidePayoutAnswer, PayoutCall } from "../utils/payout-calls"

export type ApplyM4PayoutAnswerInput = { payout: PayoutRecord; call: PayoutCall; outcome: M4Outcome<unknown> }
export type AppliedPayoutAnswer = { payout: PayoutRecord; next: PayoutCall | null }

/**
 * Records what M4's answer means for the payout (decidePayoutAnswer) through the module's state
 * transitions, and says which call comes next, if any. A refused withdraw/create marks the
 * payout failed and fails the workflow with M4's reason (400 for the merchant).
 */
async function applyM4PayoutAnswer(input: ApplyM4PayoutAnswerInput, { container }: StepExecutionContext) {
  return new StepResponse<AppliedPayoutAnswer>(await recordPayoutAnswer(merchantToolsModule(container), input))
}

/** The step's work, also for the poller (which asks one question per payout and needs no step of its own). */
export async function recordPayoutAnswer(
  service: M4MerchantToolsModuleService,
  { payout, call, outcome }: ApplyM4PayoutAnswerInput
): Promise<AppliedPayoutAnswer> {
  const decision = decidePayoutAnswer(call, outcome)
  const done = (row: PayoutRecord): AppliedPayoutAnswer => ({ payout: row, next: null })
  switch (decision.kind) {
    case "apply_status": {
      const data = (outcome as { data: WithdrawCreateData | WithdrawStatusData }).data
      return done(await service.applyM4Status(payout, data, decision.note))
    }
    case "unknown":
      return done(await service.markUnknown(payout, outcome, decision.what))
    case "note_problem":
      return done(await service.noteStatusProblem(payout, outcome))
    case "refused": {
      const failed = await service.markRefused(payout, outcome as { code: number; message: string })
      throw gatewayError(outcome, "creating the payout", failed.id)
    }
    case "ask_next":
      return { payout, next: decision.next }
  }
}

/** One per question of a flow, like askM4AboutPayoutSteps. */
export const applyM4PayoutAnswerSteps = [1, 2, 3].map((n) =>
  createStep(`apply-m4-payout-answer-${n}`, applyM4PayoutAnswer)
)
