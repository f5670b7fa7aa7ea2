/**
 * Whether M4's answer about an invoice can change anything in Medusa, before Medusa is looked at:
 * the cheap first half of a settlement. Only a final or held status (paid, held, rejected) moves
 * money or a session, and an answer that does not match the invoice asked for must reach the
 * merchant; anything else (still open, in process, no invoice at M4 yet) leaves Medusa as it is,
 * whatever Medusa holds (decideInvoice answers "not_final_yet" / "no_invoice_at_m4" for it without
 * reading the situation). M4's answer decides, never the ledger's earlier one: a status M4 reports
 * final is always settled, also when the ledger already held it.
 */
import { INVOICE_STATUS } from "../../m4"
import type { InvoiceOutcome } from "../../workflows/settle-m4-payment"

type Confirmation = { status?: number; mismatch?: string }

export type AnswerDecision =
  /** run the settle workflow with this answer */
  | { kind: "settle" }
  /** nothing in Medusa can change: this is the outcome */
  | { kind: "unchanged"; outcome: InvoiceOutcome }

const MOVES_MONEY: number[] = [INVOICE_STATUS.PAID, INVOICE_STATUS.HELD, INVOICE_STATUS.REJECTED]

export function decideOnAnswer(confirmation: Confirmation | undefined): AnswerDecision {
  if (!confirmation) {
    return { kind: "unchanged", outcome: "no_record" }
  }
  if (confirmation.mismatch) {
    return { kind: "settle" } // the workflow tells the merchant and changes nothing
  }
  if (confirmation.status === undefined) {
    return { kind: "unchanged", outcome: "no_invoice_at_m4" }
  }
  return MOVES_MONEY.includes(confirmation.status)
    ? { kind: "settle" }
    : { kind: "unchanged", outcome: "not_final_yet" }
}
