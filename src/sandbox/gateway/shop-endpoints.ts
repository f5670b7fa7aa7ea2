/**
 * shop_input_config/shop, shop_output_config/shop, shop_balance (docs/m4-protocol.md §5).
 * The method lists have the recorded shapes (DECISION m): pay methods `{id, name, payways,
 * rating}`; each configured payway, then each scenario variant it lists (`scenarios`), as its
 * own entry, like the recorded lists of the test gateway. Pay-in entries carry the recorded
 * keys `add_ons_config, alias, currency, fee_config, fee_part_config, id, is_active, max_amount,
 * min_amount`; payout entries only `account_info_config, alias, currency, fee_config,
 * max_amount, min_amount`.
 */
import { PaywayConfig } from "../config/sandbox-config"
import type { SandboxContext } from "../context"
import { paywaysForShop } from "../domain/payways"
import { pyFloat } from "../python-json"
import { EndpointHandler } from "./gateway-request"

interface ListedPayway {
  payway: PaywayConfig
  alias: string
  /** Stable per config: the payway's position (1-based); its n-th scenario variant 1000 × that + n. */
  id: number
}

/** The payway and its listed scenario variants, each as an entry. */
function listed(ctx: SandboxContext, payways: PaywayConfig[]): ListedPayway[] {
  return payways.flatMap((payway) => {
    const id = ctx.config.payways.indexOf(payway) + 1
    return [
      { payway, alias: payway.alias, id },
      ...payway.scenarios.map((scenario, i) => ({
        payway,
        alias: `${payway.alias}[mock_server,${scenario}]`,
        id: id * 1000 + i + 1,
      })),
    ]
  })
}

/** Entries grouped into pay methods `{id, name, rating, payways[]}` as the recorded answer shows. */
function groupByMethod(entries: ListedPayway[], describe: (entry: ListedPayway) => Record<string, unknown>) {
  const methods = new Map<number, { id: number; name: string; rating: number; payways: unknown[] }>()
  for (const entry of entries) {
    const { payway } = entry
    let method = methods.get(payway.paymethod_id)
    if (!method) {
      method = { id: payway.paymethod_id, name: payway.paymethod_name, rating: methods.size + 1, payways: [] }
      methods.set(payway.paymethod_id, method)
    }
    method.payways.push({
      alias: entry.alias,
      currency: payway.currency,
      fee_config: { fix: pyFloat(payway.fee_fix), percent: pyFloat(payway.fee_percent) },
      max_amount: pyFloat(payway.max_amount),
      min_amount: pyFloat(payway.min_amount),
      ...describe(entry),
    })
  }
  return [...methods.values()]
}

const inputConfig: EndpointHandler = (ctx, request) => ({
  data: groupByMethod(listed(ctx, paywaysForShop(ctx.config, "input", request.shop.shop_id)), (entry) => ({
    add_ons_config: entry.payway.add_ons_config,
    // as recorded; its meaning is not documented (the fee side is the payway's payer_fee)
    fee_part_config: { fix_part: 1, percent_part: "1.0" },
    id: entry.id,
    is_active: true,
  })),
})

const outputConfig: EndpointHandler = (ctx, request) => {
  // the optional `payway` filter (unsigned) keeps that payway and its variants
  const filter = (request.fields.payway as string | undefined)?.split("[")[0]
  const payways = paywaysForShop(ctx.config, "output", request.shop.shop_id).filter(
    (p) => !filter || p.alias === filter
  )
  return {
    data: groupByMethod(listed(ctx, payways), ({ payway: p }) => ({
      account_info_config:
        p.account_info_config ?? (p.account_regex ? { account: { regex: p.account_regex, title: "Account" } } : {}),
    })),
  }
}

const shopBalance: EndpointHandler = (ctx, request) => {
  const balances = [...(ctx.state.balances.get(request.shop.shop_id) ?? new Map()).entries()].map(([currency, b]) => ({
    available: pyFloat(b.available),
    currency,
    frozen: pyFloat(b.frozen),
    hold: pyFloat(b.hold),
  }))
  return { data: { balances, shop_id: request.shop.shop_id } }
}

export const shopEndpoints = {
  "shop_input_config/shop": inputConfig,
  "shop_output_config/shop": outputConfig,
  shop_balance: shopBalance,
}
