/** shop_input_config/shop, shop_output_config/shop, shop_balance (API.md §5). */
import { PaywayConfig } from "../config/sandbox-config"
import type { SandboxContext } from "../context"
import { paywaysForShop } from "../domain/payways"
import { pyFloat } from "../python-json"
import { EndpointHandler } from "./gateway-request"

function paywayId(ctx: SandboxContext, payway: PaywayConfig): number {
  return ctx.config.payways.indexOf(payway) + 1
}

/** Payways grouped into pay methods `{id, name, rating, payways[]}` as the recorded answer shows. */
function groupByMethod(
  ctx: SandboxContext,
  payways: PaywayConfig[],
  describe: (p: PaywayConfig) => Record<string, unknown>
) {
  const methods = new Map<number, { id: number; name: string; rating: number; payways: unknown[] }>()
  for (const payway of payways) {
    let method = methods.get(payway.paymethod_id)
    if (!method) {
      method = { id: payway.paymethod_id, name: payway.paymethod_name, rating: methods.size + 1, payways: [] }
      methods.set(payway.paymethod_id, method)
    }
    method.payways.push({
      alias: payway.alias,
      currency: payway.currency,
      fee_config: { fix: pyFloat(payway.fee_fix), percent: pyFloat(payway.fee_percent) },
      id: paywayId(ctx, payway),
      is_active: true,
      max_amount: pyFloat(payway.max_amount),
      min_amount: pyFloat(payway.min_amount),
      ...describe(payway),
    })
  }
  return [...methods.values()]
}

const inputConfig: EndpointHandler = (ctx, request) => ({
  data: groupByMethod(ctx, paywaysForShop(ctx.config, "input", request.shop.shop_id), (p) => ({
    add_ons_config: p.add_ons_config,
    fee_part_config: { fix_part: 1, percent_part: "1.0" },
  })),
})

const outputConfig: EndpointHandler = (ctx, request) => {
  const filter = request.fields.payway as string | undefined
  const base = filter?.split("[")[0]
  const payways = paywaysForShop(ctx.config, "output", request.shop.shop_id).filter((p) => !base || p.alias === base)
  return {
    data: groupByMethod(ctx, payways, (p) => ({
      account_info_config:
        p.account_info_config ?? (p.account_regex ? { account: { regex: p.account_regex, title: "Account" } } : {}),
      paysystem_data: {},
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
