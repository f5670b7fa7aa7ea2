import { Modules } from "@medusajs/framework/utils"
import type {
  M4Question,
  M4InvoiceConfirmation,
  M4PaywayAnswer,
  M4QuoteAnswer,
  M4RefundsConfirmation,
  M4ReturnAnswer,
  M4WebhookActionResult,
} from "./types/webhook"
import { M4_QUESTION_KEY, webhookProvider } from "./types/webhook"

/** What each question gets back. */
export type M4Answers = {
  /** the action M4's status calls for, and the confirmation (undefined: no record of the invoice) */
  invoice: { action: string; confirmation?: M4InvoiceConfirmation }
  refunds: M4RefundsConfirmation
  return: M4ReturnAnswer
  payway: M4PaywayAnswer
  quote: M4QuoteAnswer
}

type Scope = { resolve(key: string): unknown }
type PaymentModule = { getWebhookActionAndData(data: unknown): Promise<unknown> }

/**
 * The one door from the plugin's workflows and routes to an M4 provider (its options, its M4
 * client, the ledger it writes): Medusa 2.21 lets code outside the payment module reach a provider
 * only through the payment module's `getWebhookActionAndData`, so the question travels there
 * under the M4_QUESTION_KEY with no raw body (which no HTTP request can pose as), and the answer
 * comes back typed by the question.
 */
export async function askM4Provider<K extends M4Question["kind"]>(
  scope: Scope,
  providerId: string,
  question: Extract<M4Question, { kind: K }>
): Promise<M4Answers[K]> {
  const paymentModule = scope.resolve(Modules.PAYMENT) as PaymentModule
  const result = (await paymentModule.getWebhookActionAndData({
    provider: webhookProvider(providerId),
    payload: { data: { [M4_QUESTION_KEY]: question }, rawData: undefined, headers: {} },
  })) as M4WebhookActionResult
  return answerOf(question.kind, result) as M4Answers[K]
}

function answerOf(kind: M4Question["kind"], result: M4WebhookActionResult): M4Answers[keyof M4Answers] {
  const m4 = result.m4
  switch (kind) {
    case "invoice":
      return {
        action: result.action,
        confirmation: m4?.confirmation?.kind === "invoice" ? m4.confirmation : undefined,
      }
    case "refunds":
      return m4?.confirmation?.kind === "refunds" ? m4.confirmation : { kind: "refunds", refunds: [] }
    case "return":
      return m4?.answer?.kind === "return" ? m4.answer : { kind: "return", result: "nothing_to_return" }
    case "payway":
      return m4?.answer?.kind === "payway" ? m4.answer : { kind: "payway", alias: null }
    case "quote":
      return m4?.answer?.kind === "quote" ? m4.answer : { kind: "quote", unavailable: true }
  }
}
