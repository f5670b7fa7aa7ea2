/**
 * One timer for all time-driven work (refunds settling, payout steps, callback retries).
 * Each source says when it is next due on the sandbox clock; advancing the clock runs due work
 * at once. stop() leaves no timer behind.
 */
import { SandboxClock } from "./clock"

export interface DueWork {
  /** Sandbox-clock ms of the earliest pending item, or null when idle. */
  nextDueAt(): number | null
  runDue(nowMs: number): void
}

export class WorkScheduler {
  private timer: NodeJS.Timeout | null = null
  private timerDueAt = Infinity
  private stopped = false
  private readonly sources: DueWork[] = []

  constructor(private readonly clock: SandboxClock) {}

  register(source: DueWork): void {
    this.sources.push(source)
  }

  /** Re-arms the timer after something became pending. Cheap when nothing is due earlier. */
  poke(): void {
    if (this.stopped) {
      return
    }
    let next = Infinity
    for (const source of this.sources) {
      const due = source.nextDueAt()
      if (due !== null && due < next) {
        next = due
      }
    }
    if (next === this.timerDueAt && this.timer) {
      return
    }
    this.clearTimer()
    if (next === Infinity) {
      return
    }
    this.timerDueAt = next
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.timerDueAt = Infinity
        this.runDue()
      },
      Math.min(2 ** 31 - 1, Math.max(0, next - this.clock.nowMs()))
    )
    this.timer.unref()
  }

  runDue(): void {
    if (this.stopped) {
      return
    }
    const now = this.clock.nowMs()
    for (const source of this.sources) {
      const due = source.nextDueAt()
      if (due !== null && due <= now) {
        source.runDue(now)
      }
    }
    this.poke()
  }

  stop(): void {
    this.stopped = true
    this.clearTimer()
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    this.timerDueAt = Infinity
  }
}
