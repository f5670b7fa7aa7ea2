/**
 * Payouts (docs/m4-protocol.md §6, §7.4): withdraw/create freezes `shop_write_off` (error 9 when
 * the available balance is short) and answers status 3, as the recorded withdraw/create did
 * (DECISION l); one payout step delay later the payout is 5 (success: frozen is debited) or 6
 * (rejected: frozen goes back to available), so polling withdraw/status observes it. A payout
 * saved at status 1 by an older sandbox steps 1 → 3 first. No payout callbacks (§3).
 */
import type { SandboxContext } from "../context"
import { DueWork } from "../scheduler"
import { moveBalance } from "./balances"
import { PayoutRecord } from "./records"
import { PAYOUT_STATUS } from "../../m4"

/** Scenarios that end a payout rejected. */
export const REJECTING_PAYOUT_SCENARIOS = new Set(["rejected", "fail", "payment_forbidden", "wallet_does_not_exist"])

export function freezeForPayout(ctx: SandboxContext, payout: PayoutRecord): void {
  moveBalance(ctx.state, payout.shop_id, payout.shop_currency, {
    from: "available",
    to: "frozen",
    amount: payout.shop_write_off,
  })
}

function step(ctx: SandboxContext, payout: PayoutRecord): void {
  const now = ctx.clock.nowMs()
  payout.updated_at = now
  if (payout.status === PAYOUT_STATUS.CREATED) {
    payout.status = PAYOUT_STATUS.SENT
    payout.next_step_at = (payout.next_step_at ?? now) + ctx.timings.payoutStepMs
    return
  }
  payout.next_step_at = null
  if (payout.will_reject) {
    payout.status = PAYOUT_STATUS.REJECTED
    moveBalance(ctx.state, payout.shop_id, payout.shop_currency, {
      from: "frozen",
      to: "available",
      amount: payout.shop_write_off,
    })
  } else {
    payout.status = PAYOUT_STATUS.SUCCESS
    payout.rrn = ctx.random.digits(12)
    payout.bank_transaction_id = ctx.random.hex(16)
    moveBalance(ctx.state, payout.shop_id, payout.shop_currency, { from: "frozen", amount: payout.shop_write_off })
  }
}

/** Moves payouts whose step time has come (several steps when the clock jumped). */
export function payoutStepper(ctx: () => SandboxContext): DueWork {
  const moving = () => [...ctx().state.payouts.values()].filter((p) => p.next_step_at !== null)
  return {
    nextDueAt: () =>
      moving().reduce<number | null>(
        (min, p) => (min === null || (p.next_step_at as number) < min ? p.next_step_at : min),
        null
      ),
    runDue(nowMs) {
      const c = ctx()
      for (const payout of moving()) {
        while (payout.next_step_at !== null && payout.next_step_at <= nowMs) {
          step(c, payout)
        }
      }
      c.changed()
    },
  }
}
