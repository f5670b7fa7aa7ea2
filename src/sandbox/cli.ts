/**
 * `m4-sandbox` — runs the M4 sandbox until Ctrl-C.
 *   --port <n>       default 8787 (env M4_SANDBOX_PORT)
 *   --host <h>       default 127.0.0.1
 *   --config <file>  shops and payways (JSON); default: config/default-config.ts
 *   --state <file>   load state from / save it to this JSON file
 *   --seed <n>       PRNG seed for fault rates and ids
 *   --now-check <m>  lenient (default: what the real gateway accepts, zone-less local times,
 *                    days stale — ±30 days), strict (±5 min, for testing a client that sends the
 *                    exact time), off (format only); env M4_SANDBOX_NOW_CHECK
 *   --amount-digits <m>  lenient (default: "6320.00" JPY is 6320), strict (zeros past the
 *                    currency's decimals are error 10); env M4_SANDBOX_AMOUNT_DIGITS
 */
import { parseArgs } from "node:util"
import { getCurrency } from "../m4"
import { DEFAULT_SECRET_KEY } from "./config/default-config"
import { AMOUNT_DIGITS_MODES, AmountDigitsMode, NOW_CHECK_MODES, NowCheckMode } from "./context"
import { loadSandboxConfigFile, maskSecret, SandboxConfigError } from "./config/sandbox-config"
import { startSandbox } from "./index"

const USAGE = `usage: m4-sandbox [--port 8787] [--host 127.0.0.1] [--config file.json] [--state file.json] [--seed n] [--now-check lenient|strict|off] [--amount-digits lenient|strict]`

function nowCheckOption(value: string | undefined): NowCheckMode | undefined {
  if (value === undefined || value === "") {
    return undefined
  }
  if (!(NOW_CHECK_MODES as readonly string[]).includes(value)) {
    throw new SandboxConfigError(`--now-check must be one of ${NOW_CHECK_MODES.join(", ")}, got "${value}"`)
  }
  return value as NowCheckMode
}

function amountDigitsOption(value: string | undefined): AmountDigitsMode | undefined {
  if (value === undefined || value === "") {
    return undefined
  }
  if (!(AMOUNT_DIGITS_MODES as readonly string[]).includes(value)) {
    throw new SandboxConfigError(`--amount-digits must be one of ${AMOUNT_DIGITS_MODES.join(", ")}, got "${value}"`)
  }
  return value as AmountDigitsMode
}

function intOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) {
    return fallback
  }
  if (!/^\d+$/.test(value)) {
    throw new SandboxConfigError(`--${name} must be a non-negative integer, got "${value}"`)
  }
  return Number(value)
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      config: { type: "string" },
      state: { type: "string" },
      seed: { type: "string" },
      "now-check": { type: "string" },
      "amount-digits": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  const config = values.config ? loadSandboxConfigFile(values.config) : undefined
  const sandbox = await startSandbox({
    port: intOption("port", values.port ?? process.env.M4_SANDBOX_PORT, 8787),
    host: values.host ?? "127.0.0.1",
    config,
    statePath: values.state,
    seed: values.seed === undefined ? undefined : intOption("seed", values.seed, 0),
    nowCheck: nowCheckOption(values["now-check"] ?? process.env.M4_SANDBOX_NOW_CHECK),
    amountDigits: amountDigitsOption(values["amount-digits"] ?? process.env.M4_SANDBOX_AMOUNT_DIGITS),
    logger: {
      info: (m) => console.log(`[m4-sandbox] ${m}`),
      warn: (m) => console.warn(`[m4-sandbox] ${m}`),
      error: (m) => console.error(`[m4-sandbox] ${m}`),
    },
  })

  const window = sandbox.context.timings.nowToleranceMs
  const lines = [
    `M4 sandbox listening on ${sandbox.url}`,
    `  API:     ${sandbox.apiUrl}`,
    `  control: ${sandbox.url}/_sandbox/`,
    `  now:     ${sandbox.context.timings.nowCheck}${window === null ? " (format only)" : ` (±${window >= 86_400_000 ? `${window / 86_400_000} days` : `${window / 60_000} min`})`}`,
    `  amounts: ${sandbox.context.timings.amountDigits === "lenient" ? "lenient (zeros past the currency's decimals accepted)" : "strict (exactly the currency's decimals at most)"}`,
  ]
  for (const shop of sandbox.config.shops) {
    const secret = `set, ${maskSecret(shop.secret_key)}${shop.secret_key === DEFAULT_SECRET_KEY ? " (the public sandbox default, see default-config.ts)" : ""}`
    lines.push(
      `  shop ${shop.shop_id}: secret ${secret}${shop.callback_url ? `, callbacks → ${shop.callback_url}` : ""}`
    )
  }
  for (const payway of sandbox.config.payways) {
    const currency = getCurrency(payway.currency)
    lines.push(
      `    ${payway.kind === "input" ? "pay-in " : "payout "} ${payway.alias} (${currency.alpha} ${currency.numeric}, ${payway.min_amount}–${payway.max_amount}${payway.two_step ? ", two-step" : ""})`
    )
  }
  const rates = Object.entries(sandbox.config.exchange_rates).map(
    ([pair, rate]) =>
      `${pair
        .split("/")
        .map((code) => getCurrency(code).alpha)
        .join("/")} ${rate}`
  )
  lines.push(`  rates:   ${rates.length ? rates.join(", ") : "none (cross-currency invoices get error 16)"}`)
  if (values.state) {
    lines.push(`  state:   ${values.state}`)
  }
  console.log(lines.join("\n"))

  const shutdown = (signal: string) => {
    console.log(`[m4-sandbox] ${signal}: stopping`)
    sandbox.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      }
    )
  }
  process.once("SIGINT", () => shutdown("SIGINT"))
  process.once("SIGTERM", () => shutdown("SIGTERM"))
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof SandboxConfigError ? e.message : e)
    console.error(USAGE)
    process.exit(1)
  })
}
