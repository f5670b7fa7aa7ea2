/**
 * Capture and cancel rules, without I/O. Capture charges first (invoice/charge; a paid invoice is
 * refused at M4, never charged twice) and cancel releases a hold (invoice/unhold); whenever the
 * answer is not a clear "paid" / "released", what invoice/check says NOW decides.
 */
import { MedusaError } from "@medusajs/framework/utils"
import { describeOutcome, INVOICE_STATUS, InvoiceCheckData, InvoiceStatusChangeData, M4Outcome } from "../../../m4"
import type { M4PaymentData } from "../types/session-data"
import { fatalToMedusaError, unresolvedToMedusaError } from "./gateway-errors"

type StatusAnswer = M4Outcome<InvoiceStatusChangeData> | M4Outcome<InvoiceCheckData>

/** Whether an answer (charge, unhold or check) says the invoice is in `status` now. */
export function answerSays(answer: StatusAnswer | undefined, status: number): boolean {
  return answer?.kind === "ok" && Number(answer.data.status) === status
}

/** The capture failed: neither the charge nor the check after it says paid. Never claims a result M4 did not give. */
export function captureError(
  invoiceId: number | undefined,
  charged: M4Outcome<InvoiceStatusChangeData>,
  after: M4Outcome<InvoiceCheckData>
): MedusaError {
  if (after.kind === "ok" && charged.kind === "fatal") {
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `M4 capture: invoice ${invoiceId} is in status ${after.data.status}, not held (${describeOutcome(charged)})`
    )
  }
  if (charged.kind === "fatal") {
    return fatalToMedusaError("capture", charged)
  }
  if (charged.kind === "ok") {
    return new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `M4 capture: invoice ${invoiceId} answered status ${charged.data.status} after charge; not captured`
    )
  }
  return unresolvedToMedusaError("capture", charged)
}

/**
 * Cancel, given the invoice status now (undefined: M4 has no invoice): already released or never
 * paid → done (the unpaid invoice lapses); held → release it; paid (charged at M4 while Medusa
 * still holds it as authorized) → the money goes back in full: Medusa cancels the order anyway.
 */
export function cancelStart(
  data: M4PaymentData,
  status: number | undefined
): { done: M4PaymentData } | { release: true } | { returnPaid: true } {
  if (status === INVOICE_STATUS.REJECTED) {
    return { done: { ...data, m4_status: status } }
  }
  if (status === INVOICE_STATUS.PAID) {
    return { returnPaid: true }
  }
  if (status !== INVOICE_STATUS.HELD) {
    return { done: { ...data, m4_status: status ?? data.m4_status } }
  }
  return { release: true }
}

/** The hold is still not released: what to log (core only logs cancel errors, so it is loud) and throw. */
export function releaseFailure(
  invoiceId: number | undefined,
  released: M4Outcome<InvoiceStatusChangeData>
): { log: string; error: MedusaError } {
  return {
    log:
      `M4: could not release the hold on invoice ${invoiceId} (${describeOutcome(released)}); ` +
      `release it in M4 or cancel again`,
    error:
      released.kind === "fatal"
        ? fatalToMedusaError("cancel", released)
        : new MedusaError(
            MedusaError.Types.UNEXPECTED_STATE,
            `M4 cancel: the hold on invoice ${invoiceId} is not released yet (${describeOutcome(released)})`
          ),
  }
}
