/**
 * The sandbox configuration file: shops (id, secret, callback settings, opening balances) and
 * payways (pay-in and payout methods). Validated with zod; a bad file stops startup with the
 * path of the offending field.
 */
import { readFileSync } from "node:fs"
import { z } from "zod"
import { findCurrency } from "../../m4"
import { DEFAULT_EXCHANGE_RATES } from "./default-rates"
import { scenariosOf } from "./scenarios"

const decimalText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^\d+(\.\d+)?$/.test(v), { message: 'must be a non-negative decimal such as "1.00"' })

const currencyCode = z
  .number()
  .int()
  .refine((code) => findCurrency(code) !== undefined, { message: "unknown ISO 4217 numeric currency code" })

const localizedText = z.record(z.string(), z.string())

/** One extra payer field of a pay-in payway (docs/m4-protocol.md §4.1 `add_ons_config`). */
const addOnSchema = z
  .object({
    label: localizedText.optional(),
    comment: localizedText.optional(),
    example: z.string().optional(),
    prefix: z.string().optional(),
    regex: z.string().optional(),
  })
  .passthrough()

const shopSchema = z
  .object({
    shop_id: z.number().int().positive(),
    secret_key: z.string().min(1),
    name: z.string().optional(),
    callback_url: z.string().url().optional(),
    callback_format: z.enum(["json", "form"]).default("json"),
    /** Opening balances: ISO numeric code (as a JSON key) → available amount. */
    balances: z
      .record(
        z.string().regex(/^\d{1,3}$/, { message: 'balance keys are ISO 4217 numeric codes such as "840"' }),
        decimalText
      )
      .default({}),
  })
  .strict()

const paywaySchema = z
  .object({
    alias: z
      .string()
      .regex(/^[A-Za-z_]+$/, { message: "payway aliases are letters and underscores (no digits, no brackets)" }),
    kind: z.enum(["input", "output"]).default("input"),
    currency: currencyCode,
    min_amount: decimalText.default("0.01"),
    max_amount: decimalText.default("1000000.00"),
    fee_percent: decimalText.default("0"),
    fee_fix: decimalText.default("0"),
    /**
     * Pay-in only: the payer bears the fee (pays amount + fee, the shop is credited the whole
     * amount). Default false: the payer pays the amount, the fee comes off the shop's credit, as
     * every recording of the real gateway shows (docs/m4-protocol.md DECISION h).
     */
    payer_fee: z.boolean().default(false),
    /** Pay-in only: whether invoice/hold (two-step) is allowed. */
    two_step: z.boolean().default(false),
    add_ons_config: z.record(z.string(), addOnSchema).nullable().default(null),
    /** How the payer is sent to the pay page (docs/m4-protocol.md §4.2 `method`). */
    pay_method: z.enum(["GET", "POST"]).default("GET"),
    /** Grouping in shop_input_config / shop_output_config. */
    paymethod_id: z.number().int().positive().default(1),
    paymethod_name: z.string().default("Test pay method"),
    manual: localizedText.optional(),
    /** Payout only: what check_account / withdraw accept as `account`. */
    account_regex: z.string().optional(),
    account_info_config: z.record(z.string(), z.unknown()).optional(),
    /**
     * Scenario variants listed as their own entries in shop_input_config / shop_output_config
     * (`card_invoice_usd[mock_server,success_with_callback]`), as the recorded lists of the test
     * gateway show. Every scenario works on the payway whether listed or not.
     */
    scenarios: z.array(z.string()).default([]),
    /** Restrict the payway to some shops; all shops when absent. */
    shop_ids: z.array(z.number().int().positive()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.scenarios.forEach((scenario, i) => {
      if (!scenariosOf(p.kind).includes(scenario)) {
        ctx.addIssue({
          code: "custom",
          path: ["scenarios", i],
          message: `unknown ${p.kind === "input" ? "pay-in" : "payout"} scenario "${scenario}"; known: ${scenariosOf(p.kind).join(", ")}`,
        })
      }
    })
    if (p.kind === "output" && p.payer_fee) {
      ctx.addIssue({ code: "custom", path: ["payer_fee"], message: "payer_fee applies to pay-in payways only" })
    }
    for (const key of ["account_regex"] as const) {
      const source = p[key]
      if (source !== undefined) {
        try {
          new RegExp(source)
        } catch (e) {
          ctx.addIssue({ code: "custom", path: [key], message: `invalid regular expression: ${(e as Error).message}` })
        }
      }
    }
  })

/**
 * Exchange rates for cross-currency invoices: `"USD/EUR": "0.92"` = 1 USD buys 0.92 EUR (codes
 * alphabetic or numeric, `"840/978"`). Keys are normalised to numeric codes. Absent: the seeded
 * defaults (default-config.ts DEFAULT_EXCHANGE_RATES); `{}` turns conversion off (error 16).
 */
const exchangeRates = z.record(z.string(), decimalText).transform((rates, ctx) => {
  const out: Record<string, string> = {}
  for (const [pair, rate] of Object.entries(rates)) {
    const [from, to, extra] = pair.split("/")
    const a = from === undefined ? undefined : findCurrency(from.trim())
    const b = to === undefined ? undefined : findCurrency(to.trim())
    if (!a || !b || extra !== undefined || a.numeric === b.numeric) {
      ctx.addIssue({
        code: "custom",
        path: [pair],
        message: 'keys are two different ISO 4217 currencies such as "USD/EUR" or "840/978"',
      })
      continue
    }
    if (!/[1-9]/.test(rate)) {
      ctx.addIssue({ code: "custom", path: [pair], message: "a rate must be greater than zero" })
      continue
    }
    out[`${a.numeric}/${b.numeric}`] = rate
  }
  return out
})

export const sandboxConfigSchema = z
  .object({
    shops: z.array(shopSchema).min(1),
    payways: z.array(paywaySchema).default([]),
    exchange_rates: exchangeRates.prefault({ ...DEFAULT_EXCHANGE_RATES }),
    /**
     * check_account's `account_info` for these payout accounts (`{"first_name": "Adam", "last_name":
     * "Smith"}`, the shape of M4's docs); any other valid account answers null, as recorded.
     */
    account_holders: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const shopIds = new Set<number>()
    config.shops.forEach((shop, i) => {
      if (shopIds.has(shop.shop_id)) {
        ctx.addIssue({ code: "custom", path: ["shops", i, "shop_id"], message: `duplicate shop_id ${shop.shop_id}` })
      }
      shopIds.add(shop.shop_id)
      for (const code of Object.keys(shop.balances)) {
        if (!findCurrency(Number(code))) {
          ctx.addIssue({
            code: "custom",
            path: ["shops", i, "balances", code],
            message: "unknown ISO 4217 numeric currency code",
          })
        }
      }
    })
    const aliases = new Set<string>()
    config.payways.forEach((payway, i) => {
      if (aliases.has(payway.alias)) {
        ctx.addIssue({
          code: "custom",
          path: ["payways", i, "alias"],
          message: `duplicate payway alias ${payway.alias}`,
        })
      }
      aliases.add(payway.alias)
    })
  })

export type SandboxConfigInput = z.input<typeof sandboxConfigSchema>
export type SandboxConfig = z.output<typeof sandboxConfigSchema>
export type ShopConfig = SandboxConfig["shops"][number]
export type PaywayConfig = SandboxConfig["payways"][number]

export class SandboxConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = "SandboxConfigError"
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "(root)"
  )
}

/** Validates a config object; throws SandboxConfigError naming every bad field path. */
export function parseSandboxConfig(input: unknown, source = "sandbox config"): SandboxConfig {
  const result = sandboxConfigSchema.safeParse(input)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issuePath(issue.path)}: ${issue.message}`)
    throw new SandboxConfigError(`invalid ${source}:\n${lines.join("\n")}`)
  }
  return result.data
}

export function loadSandboxConfigFile(file: string): SandboxConfig {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (e) {
    throw new SandboxConfigError(`cannot read sandbox config ${file}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SandboxConfigError(`sandbox config ${file} is not valid JSON: ${(e as Error).message}`)
  }
  return parseSandboxConfig(json, `sandbox config ${file}`)
}

/** `sandbox-secret-key` → `san…key (18 chars)`: enough to recognise, never the whole secret. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) {
    return `${"*".repeat(secret.length)} (${secret.length} chars)`
  }
  return `${secret.slice(0, 3)}…${secret.slice(-3)} (${secret.length} chars)`
}
