/**
 * medusa-payment-m4/sandbox — a local M4 payment gateway for development and tests: the
 * /gateway/v1/ API (docs/m4-protocol.md §4–§6) with signatures, state machines, balances, signed callbacks,
 * a hosted pay page, scripted scenarios, run-time faults and a control API.
 *
 *   const sandbox = await startSandbox({ port: 0 })
 *   // sandbox.apiUrl → "http://127.0.0.1:<port>/gateway/v1/"
 *   await sandbox.stop()
 */
import { AddressInfo } from "node:net"
import { SandboxClock } from "./clock"
import { CallbackDelivery } from "./callbacks/callback-delivery"
import { defaultSandboxConfig } from "./config/default-config"
import { parseSandboxConfig, SandboxConfig, SandboxConfigInput } from "./config/sandbox-config"
import {
  AMOUNT_DIGITS_MODES,
  AmountDigitsMode,
  NOW_CHECK_MODES,
  NOW_TOLERANCE_MS,
  NowCheckMode,
  SandboxContext,
  SandboxLogger,
  SandboxTimings,
  silentLogger,
} from "./context"
import { invoiceExpirer } from "./domain/invoice-expiry"
import { payoutStepper } from "./domain/payouts"
import { refundSettler } from "./domain/refunds"
import { SandboxState } from "./domain/sandbox-state"
import { FaultRegistry } from "./faults/fault-rules"
import { HungRequests } from "./http/hung-requests"
import { StatePersistence } from "./persistence"
import { SeededRandom } from "./random"
import { WorkScheduler } from "./scheduler"
import { createSandboxServer } from "./server"

export interface StartSandboxOptions {
  /** 0 = a random free port. Default 0. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Parsed or raw (validated here) config; default: see config/default-config.ts. */
  config?: SandboxConfig | SandboxConfigInput
  /** JSON file to load state from and save it to. */
  statePath?: string
  /** PRNG seed (fault rates, session ids). Default 1520. */
  seed?: number
  /** Delays between callback attempts, ms. Default [5 s, 30 s, 2 min, 10 min, 30 min, 1 h]. */
  callbackRetrySchedule?: number[]
  /** Callback answer timeout, ms. Default 10 000 (DECISION a). */
  callbackTimeoutMs?: number
  /** Maximum hold age in days for invoice/charge. Default 5. */
  holdMaxDays?: number
  /**
   * How `now` is checked (DECISION d, revised): "lenient" (default; what the real gateway was seen
   * to accept: zone-less local times, values days old — ±30 days), "strict" (±5 min: proves a
   * client sends the exact current time), "off" (format only). See NOW_TOLERANCE_MS.
   */
  nowCheck?: NowCheckMode
  /**
   * Amounts with zeros past the currency's decimals ("6320.00" JPY): "lenient" (default) accepts
   * them as the same value, "strict" refuses them (error 10) — for testing a client that must
   * send exactly the currency's digits. Non-zero extra decimals are refused in both (DECISION j).
   */
  amountDigits?: AmountDigitsMode
  /** An explicit `now` window in ms (null: no check); overrides the mode's window. */
  nowToleranceMs?: number | null
  /** WAITING → final delay of refunds, ms. Default 1000. */
  refundDelayMs?: number
  /** Delay of each payout step 1 → 3 → 5/6, ms. Default 3000. */
  payoutStepMs?: number
  /** Base time source of the sandbox clock (epoch ms). Default Date.now. */
  now?: () => number
  /** Public URL for pay-page links when the sandbox sits behind a proxy. */
  publicUrl?: string
  logger?: SandboxLogger
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:8787 */
  url: string
  /** url + "/gateway/v1/" */
  apiUrl: string
  config: SandboxConfig
  /** Current state (replaced on reset): invoices, refunds, payouts, deliveries, balances. */
  readonly state: SandboxState
  clock: SandboxClock
  faults: FaultRegistry
  context: SandboxContext
  /** Advances the sandbox clock and runs what became due. */
  advanceClock(ms: number): void
  /** Resolves when no callback attempt is in flight. */
  idle(): Promise<void>
  stop(): Promise<void>
}

const DEFAULT_RETRY_SCHEDULE = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000]

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  // parsing is idempotent, so parsed and raw configs both go through validation
  const config = options.config ? parseSandboxConfig(options.config) : defaultSandboxConfig()
  const nowCheck = options.nowCheck ?? "lenient"
  if (!NOW_CHECK_MODES.includes(nowCheck)) {
    throw new RangeError(`nowCheck must be one of ${NOW_CHECK_MODES.join(", ")}, got ${String(nowCheck)}`)
  }
  const amountDigits = options.amountDigits ?? "lenient"
  if (!AMOUNT_DIGITS_MODES.includes(amountDigits)) {
    throw new RangeError(`amountDigits must be one of ${AMOUNT_DIGITS_MODES.join(", ")}, got ${String(amountDigits)}`)
  }
  const timings: SandboxTimings = {
    nowCheck,
    amountDigits,
    nowToleranceMs: options.nowToleranceMs === undefined ? NOW_TOLERANCE_MS[nowCheck] : options.nowToleranceMs,
    holdMaxMs: (options.holdMaxDays ?? 5) * 86_400_000,
    refundDelayMs: options.refundDelayMs ?? 1000,
    payoutStepMs: options.payoutStepMs ?? 3000,
    callbackRetrySchedule: options.callbackRetrySchedule ?? DEFAULT_RETRY_SCHEDULE,
    callbackTimeoutMs: options.callbackTimeoutMs ?? 10_000,
  }
  const logger = options.logger ?? silentLogger
  const clock = new SandboxClock(options.now ?? Date.now)
  const seed = options.seed ?? 1520
  const random = new SeededRandom(seed)
  const faults = new FaultRegistry(seed)
  const scheduler = new WorkScheduler(clock)
  const callbacks = new CallbackDelivery()

  let persistence: StatePersistence | null = null
  let state = SandboxState.initial(config)
  if (options.statePath) {
    persistence = new StatePersistence(options.statePath, () => ctx.state.toData(clock.offset))
    const saved = persistence.load()
    if (saved) {
      state = SandboxState.fromData(saved)
      clock.setOffset(saved.clock_offset_ms ?? 0)
      logger.info(
        `loaded state from ${options.statePath}: ${state.invoices.size} invoices, ${state.payouts.size} payouts`
      )
    }
  }

  const shops = new Map(config.shops.map((s) => [s.shop_id, s]))
  const ctx: SandboxContext = {
    config,
    timings,
    clock,
    random,
    state,
    faults,
    scheduler,
    callbacks,
    logger,
    baseUrl: "",
    changed() {
      persistence?.markDirty()
      scheduler.poke()
    },
    shop: (shopId) => shops.get(shopId),
  }
  const getCtx = () => ctx
  scheduler.register(invoiceExpirer(getCtx))
  scheduler.register(refundSettler(getCtx))
  scheduler.register(payoutStepper(getCtx))
  scheduler.register(callbacks)
  callbacks.attach(ctx)

  const hung = new HungRequests()
  const sleeps = new Set<() => void>()
  const runtime = {
    hung,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          sleeps.delete(done)
          resolve()
        }
        const timer = setTimeout(done, ms)
        sleeps.add(done)
      }),
  }
  const hooks = {
    reset() {
      callbacks.clear()
      faults.remove()
      ctx.state = SandboxState.initial(config)
      callbacks.resume()
      ctx.changed()
    },
  }
  const server = createSandboxServer(getCtx, runtime, hooks)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address
  const url = (options.publicUrl ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${address.port}`).replace(
    /\/+$/,
    ""
  )
  ctx.baseUrl = url
  // work that fell due while the sandbox was down (loaded state) runs now
  scheduler.runDue()

  let stopped: Promise<void> | null = null
  return {
    url,
    apiUrl: `${url}/gateway/v1/`,
    config,
    get state() {
      return ctx.state
    },
    clock,
    faults,
    context: ctx,
    advanceClock(ms: number) {
      clock.advance(ms)
      scheduler.runDue()
      ctx.changed()
    },
    idle: () => callbacks.idle(),
    stop() {
      stopped ??= (async () => {
        scheduler.stop()
        for (const wake of [...sleeps]) {
          wake()
        }
        hung.releaseAll()
        await callbacks.stop()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await persistence?.flush()
      })()
      return stopped
    },
  }
}

export { SandboxClock } from "./clock"
export {
  defaultSandboxConfig,
  DEFAULT_CONFIG_INPUT,
  DEFAULT_SECRET_KEY,
  DEFAULT_SHOP_ID,
} from "./config/default-config"
export {
  loadSandboxConfigFile,
  maskSecret,
  parseSandboxConfig,
  SandboxConfigError,
  type PaywayConfig,
  type SandboxConfig,
  type SandboxConfigInput,
  type ShopConfig,
} from "./config/sandbox-config"
export type { FaultRule, FaultRuleInput } from "./faults/fault-rules"
export type { DeliveryRecord, InvoiceRecord, PayoutRecord, RefundRecord } from "./domain/records"
export {
  AMOUNT_DIGITS_MODES,
  NOW_CHECK_MODES,
  NOW_TOLERANCE_MS,
  type AmountDigitsMode,
  type NowCheckMode,
  type SandboxLogger,
} from "./context"
