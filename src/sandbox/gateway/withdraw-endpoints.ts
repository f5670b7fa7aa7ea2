/** withdraw/try, check_account, withdraw/create, withdraw/status, withdraw/shop_payment_status (docs/m4-protocol.md §6). */
import { compareAmounts, M4_ERROR, PAYOUT_STATUS } from "../../m4"
import type { SandboxContext } from "../context"
import { freezeForPayout, REJECTING_PAYOUT_SCENARIOS } from "../domain/payouts"
import { checkLimits, payoutPricing, ResolvedPayway, resolvePayway } from "../domain/payways"
import { PayoutRecord } from "../domain/records"
import { pyFloat } from "../python-json"
import { amountForCurrency } from "./amount-field"
import { GatewayError, gatewayErrors, incorrectParam } from "./gateway-error"
import { EndpointHandler, GatewayRequest, HttpFailure } from "./gateway-request"

type AmountType = "ps_amount" | "shop_amount"

function pricePayout(ctx: SandboxContext, request: GatewayRequest) {
  const f = request.fields
  const payway = resolvePayway(ctx.config, f.payway as string, "output", request.shop.shop_id)
  const shopCurrency = f.shop_currency as number
  if (shopCurrency !== payway.config.currency) {
    throw gatewayErrors.currencyExchange(shopCurrency, payway.config.currency)
  }
  const amount = amountForCurrency(f.amount as string, payway.config.currency, ctx.timings.amountDigits)
  checkLimits(payway.config, amount)
  const pricing = payoutPricing(payway.config, amount, f.amount_type as AmountType)
  if (compareAmounts(pricing.payee_receive, 0) <= 0) {
    throw gatewayErrors.amountTooSmall(payway.config.min_amount)
  }
  return { payway, amount, pricing }
}

function accountMatches(payway: ResolvedPayway, account: string): boolean {
  return !payway.config.account_regex || new RegExp(payway.config.account_regex).test(account)
}

const withdrawTry: EndpointHandler = (ctx, request) => {
  const { payway, pricing } = pricePayout(ctx, request)
  return {
    data: {
      account_info_config: payway.config.account_info_config ?? {},
      info: {},
      payee_receive: pyFloat(pricing.payee_receive),
      ps_currency: payway.config.currency,
      shop_currency: payway.config.currency,
      shop_write_off: pyFloat(pricing.shop_write_off),
    },
  }
}

/**
 * `{account_info, provider_status, result}` as recorded. `account_info` is null as in the
 * recording, unless the config names the account's holder (`account_holders`, the shape of M4's
 * docs: `{"first_name": "Adam", "last_name": "Smith"}`).
 */
const checkAccount: EndpointHandler = (ctx, request) => {
  const f = request.fields
  const payway = resolvePayway(ctx.config, f.payway as string, "output", request.shop.shop_id)
  amountForCurrency(f.amount as string, payway.config.currency, ctx.timings.amountDigits)
  const account = f.account as string
  const valid = accountMatches(payway, account) && !REJECTING_PAYOUT_SCENARIOS.has(payway.scenario ?? "")
  const holder = valid ? (ctx.config.account_holders[account] ?? null) : null
  return { data: { account_info: holder, provider_status: valid ? 1 : 2, result: valid } }
}

const withdrawCreate: EndpointHandler = (ctx, request) => {
  const f = request.fields
  const shopId = request.shop.shop_id
  const { payway, amount, pricing } = pricePayout(ctx, request)
  const shopPaymentId = f.shop_payment_id as string
  if (ctx.state.payoutByShopPaymentId(shopId, shopPaymentId)) {
    throw gatewayErrors.notUnique("Shop_payment_id", shopPaymentId, shopId)
  }
  const account = f.account as string
  if (!accountMatches(payway, account)) {
    throw incorrectParam("account", `string does not match regex "${payway.config.account_regex}"`)
  }
  if (payway.scenario === "internal_server_error") {
    throw new HttpFailure(500)
  }
  const now = ctx.clock.nowMs()
  const payout: PayoutRecord = {
    id: ctx.state.nextId("payout"),
    shop_id: shopId,
    shop_payment_id: shopPaymentId,
    payway: payway.alias,
    base_payway: payway.config.alias,
    scenario: payway.scenario,
    account,
    account_details: (f.account_details as Record<string, unknown> | undefined) ?? null,
    amount,
    amount_type: f.amount_type as AmountType,
    shop_currency: payway.config.currency,
    ps_currency: payway.config.currency,
    payee_receive: pricing.payee_receive,
    shop_write_off: pricing.shop_write_off,
    description: (f.description as string | undefined) ?? null,
    // recorded: withdraw/create answered status 3 (sent to the payment system) at once (DECISION l)
    status: PAYOUT_STATUS.SENT,
    error_code: 0,
    created_at: now,
    updated_at: now,
    next_step_at: now + ctx.timings.payoutStepMs,
    will_reject: REJECTING_PAYOUT_SCENARIOS.has(payway.scenario ?? ""),
    rrn: null,
    bank_transaction_id: null,
  }
  freezeForPayout(ctx, payout)
  ctx.state.addPayout(payout)
  ctx.changed()
  const balance = ctx.state.balance(shopId, payout.shop_currency)
  return {
    data: {
      balance: pyFloat(balance.available),
      id: payout.id,
      payee_receive: pyFloat(payout.payee_receive),
      ps_currency: payout.ps_currency,
      shop_currency: payout.shop_currency,
      shop_payment_id: payout.shop_payment_id,
      shop_write_off: pyFloat(payout.shop_write_off),
      status: payout.status,
    },
    hangAfter: payway.scenario === "timeout_error",
  }
}

/** withdraw/status and withdraw/shop_payment_status `data` (docs/m4-protocol.md §6). */
export function payoutStatusData(payout: PayoutRecord): Record<string, unknown> {
  return {
    bank_transaction_id: payout.bank_transaction_id ?? undefined,
    error_code: payout.error_code,
    id: payout.id,
    payee_receive: pyFloat(payout.payee_receive),
    ps_currency: payout.ps_currency,
    rrn: payout.rrn ?? undefined,
    shop_currency: payout.shop_currency,
    shop_payment_id: payout.shop_payment_id,
    shop_write_off: pyFloat(payout.shop_write_off),
    status: payout.status,
  }
}

const withdrawStatus: EndpointHandler = (ctx, request) => {
  const id = request.fields.withdraw_id as number
  const payout = ctx.state.payouts.get(id)
  if (!payout || payout.shop_id !== request.shop.shop_id) {
    throw gatewayErrors.notFound("Withdraw", id)
  }
  return { data: payoutStatusData(payout) }
}

const shopPaymentStatus: EndpointHandler = (ctx, request) => {
  const shopPaymentId = request.fields.shop_payment_id as string
  const payout = ctx.state.payoutByShopPaymentId(request.shop.shop_id, shopPaymentId)
  if (!payout) {
    throw new GatewayError(M4_ERROR.OPERATION_NOT_FOUND, `Withdraw (shop_payment_id=${shopPaymentId}) wasn't found`)
  }
  return { data: payoutStatusData(payout) }
}

export const withdrawEndpoints = {
  "withdraw/try": withdrawTry,
  check_account: checkAccount,
  "withdraw/create": withdrawCreate,
  "withdraw/status": withdrawStatus,
  "withdraw/shop_payment_status": shopPaymentStatus,
}
