import { MedusaError } from "@medusajs/framework/utils"
import { compareAmounts } from "../../../m4"
import type { CreatePayoutInput, PayoutRecord } from "../types"

function sameAmount(a: string, b: string): boolean {
  try {
    return compareAmounts(a, String(b).trim()) === 0
  } catch {
    return false
  }
}

/** The same idempotency key with a different payout is a client bug, not a retry. */
export function assertSameRequest(
  existing: Pick<PayoutRecord, "id" | "payway" | "account" | "amount_type" | "amount">,
  input: Pick<CreatePayoutInput, "payway" | "account" | "amount_type" | "amount">
) {
  const differs: string[] = []
  if (existing.payway !== input.payway) differs.push("payway")
  if (existing.account !== input.account.trim()) differs.push("account")
  if (existing.amount_type !== input.amount_type) differs.push("amount_type")
  if (!sameAmount(existing.amount, input.amount)) differs.push("amount")
  if (differs.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `idempotency_key was already used for payout ${existing.id} with a different ${differs.join(", ")}`
    )
  }
}
