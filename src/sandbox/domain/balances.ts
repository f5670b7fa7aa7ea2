/**
 * Shop balance movements. Every movement is checked before it is applied, so no bucket
 * (available, frozen, hold) ever goes negative; a shortfall is error 9.
 */
import { addAmounts, compareAmounts, formatAmount, subtractAmounts } from "../../m4"
import { gatewayErrors } from "../gateway/gateway-error"
import { Balance } from "./records"
import { SandboxState } from "./sandbox-state"

type Bucket = keyof Balance

export interface BalanceMove {
  from?: Bucket
  to?: Bucket
  amount: string
}

/** Applies moves atomically: all of them or none (error 9 when a source bucket would go negative). */
export function moveBalance(state: SandboxState, shopId: number, currency: number, ...moves: BalanceMove[]): void {
  const balance = state.balance(shopId, currency)
  const next: Balance = { ...balance }
  for (const move of moves) {
    if (move.from) {
      if (compareAmounts(next[move.from], move.amount) < 0) {
        throw gatewayErrors.insufficientBalance(currency, move.amount, next[move.from])
      }
      next[move.from] = subtractAmounts(next[move.from], move.amount)
    }
    if (move.to) {
      next[move.to] = addAmounts(next[move.to], move.amount)
    }
  }
  for (const key of Object.keys(next) as Bucket[]) {
    next[key] = formatAmount(next[key], currency)
  }
  Object.assign(balance, next)
}
