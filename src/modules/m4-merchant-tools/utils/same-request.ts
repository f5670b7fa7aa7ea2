import { timingSafeEqual } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import { compareAmounts } from "../../../m4"
import type { CreatePayoutInput, PayoutRecord } from "../types"
import { maskForStorage } from "./account-at-rest"

function sameAmount(a: string, b: string): boolean {
  try {
    return compareAmounts(a, String(b).trim()) === 0
  } catch {
    return false
  }
}

/**
 * Whether the retry names the payout's account: by keyed hash (`accountHash`, the module's);
 * a payout recorded before hashes existed only has its mask to compare.
 */
function sameAccount(
  existing: Pick<PayoutRecord, "account_mask" | "account_hash">,
  account: string,
  accountHash: (a: string) => string
) {
  return existing.account_hash
    ? timingSafeEqualHex(existing.account_hash, accountHash(account))
    : existing.account_mask === maskForStorage(account)
}

function timingSafeEqualHex(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, "hex"), Buffer.from(b, "hex")]
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The same idempotency key with a different payout is a client bug, not a retry. */
export function assertSameRequest(
  existing: Pick<PayoutRecord, "id" | "payway" | "account_mask" | "account_hash" | "amount_type" | "amount">,
  input: Pick<CreatePayoutInput, "payway" | "account" | "amount_type" | "amount">,
  accountHash: (account: string) => string
) {
  const differs: string[] = []
  if (existing.payway !== input.payway) differs.push("payway")
  if (!sameAccount(existing, input.account, accountHash)) differs.push("account")
  if (existing.amount_type !== input.amount_type) differs.push("amount_type")
  if (!sameAmount(existing.amount, input.amount)) differs.push("amount")
  if (differs.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `idempotency_key was already used for payout ${existing.id} with a different ${differs.join(", ")}`
    )
  }
}
