/**
 * Money M4 took that no order uses, without I/O: what M4's status now calls for. Held → release
 * the hold (invoice/unhold); paid → refund it in full; anything else → nothing was taken. With
 * `unmatchedPayments: "flag"` the money stays and the merchant is told.
 */
import { INVOICE_STATUS } from "../../../m4"
import type { M4ProviderOptions } from "../types/options"

export type ReturnStep = "release" | "refund" | "flag" | "nothing"

export function returnStep(status: number | undefined, mode: M4ProviderOptions["unmatchedPayments"]): ReturnStep {
  if (status !== INVOICE_STATUS.HELD && status !== INVOICE_STATUS.PAID) {
    return "nothing"
  }
  if (mode === "flag") {
    return "flag"
  }
  return status === INVOICE_STATUS.HELD ? "release" : "refund"
}
