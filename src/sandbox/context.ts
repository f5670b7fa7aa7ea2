/**
 * Everything a request handler, the pay page or the control API needs, wired once by the
 * sandbox. `state` is replaced on reset, so always read it through the context.
 */
import { SandboxClock } from "./clock"
import { SandboxConfig, ShopConfig } from "./config/sandbox-config"
import { SandboxState } from "./domain/sandbox-state"
import { FaultRegistry } from "./faults/fault-rules"
import { SeededRandom } from "./random"
import { WorkScheduler } from "./scheduler"
import type { CallbackDelivery } from "./callbacks/callback-delivery"

export interface SandboxLogger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const silentLogger: SandboxLogger = { info() {}, warn() {}, error() {} }

/**
 * How the sandbox checks `now` (docs/m4-protocol.md DECISION d, revised):
 *   lenient (default) what the real gateway was seen to accept: zone-less local times of any zone
 *                     and values days old (a recorded `now` 7 days stale got `result: true`):
 *                     anything within ±30 days of the sandbox clock
 *   strict            ±5 minutes of the sandbox clock, no zone = UTC+3: for testing a client that
 *                     must send the exact current time (this project's own client)
 *   off               only the format is checked
 */
export type NowCheckMode = "lenient" | "strict" | "off"

export const NOW_CHECK_MODES: readonly NowCheckMode[] = ["lenient", "strict", "off"]

/** The `now` window of each mode, ms (null: no freshness check). */
export const NOW_TOLERANCE_MS: Record<NowCheckMode, number | null> = {
  lenient: 30 * 86_400_000,
  strict: 5 * 60_000,
  off: null,
}

/**
 * How the sandbox reads an amount with more decimals than its currency has (docs/m4-protocol.md
 * DECISION j):
 *   lenient (default) extra decimals that are all zeros are accepted as the same value
 *                     ("6320.00" JPY = 6320, "10.000" USD = 10.00): the gateway reads amounts as
 *                     numbers, and platforms that always print two decimals send them
 *   strict            any extra decimal is error 10: for testing a client that must send exactly
 *                     the currency's digits (DECISION e; this project's own client)
 * A non-zero extra decimal ("10.001" USD) is error 10 in both: it would need rounding.
 */
export type AmountDigitsMode = "lenient" | "strict"

export const AMOUNT_DIGITS_MODES: readonly AmountDigitsMode[] = ["lenient", "strict"]

export interface SandboxTimings {
  /** The `now` check mode (what `nowToleranceMs` came from, unless it was given explicitly). */
  nowCheck: NowCheckMode
  /** Allowed distance of `now` from the sandbox clock; null disables the check. */
  nowToleranceMs: number | null
  /** Whether zeros past the currency's decimals are accepted (`amountDigits`). */
  amountDigits: AmountDigitsMode
  /** Maximum age of a hold that can still be charged. */
  holdMaxMs: number
  /** WAITING → SUCCESS/FAILED delay of a refund. */
  refundDelayMs: number
  /** Delay of each payout step (1 → 3 → 5/6). */
  payoutStepMs: number
  /** Delays between callback attempts; after the last one the delivery is `failed`. */
  callbackRetrySchedule: number[]
  /** A callback attempt not answered within this counts as failed (DECISION a: 10 s). */
  callbackTimeoutMs: number
}

export interface SandboxContext {
  config: SandboxConfig
  timings: SandboxTimings
  clock: SandboxClock
  random: SeededRandom
  state: SandboxState
  faults: FaultRegistry
  scheduler: WorkScheduler
  callbacks: CallbackDelivery
  logger: SandboxLogger
  /** Public base URL without a trailing slash (pay-page links). */
  baseUrl: string
  /** Call after any state change: persists and re-arms the scheduler. */
  changed(): void
  shop(shopId: number): ShopConfig | undefined
}
