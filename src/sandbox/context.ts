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

export interface SandboxTimings {
  /** Allowed distance of `now` from the sandbox clock; null disables the check. */
  nowToleranceMs: number | null
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
