/**
 * The sandbox's clock. Every timestamp the sandbox prints or compares (invoice times, the `now`
 * window, hold limits, payout steps, retry times) comes from here, so tests can move time forward
 * with `advance` instead of sleeping.
 */
export class SandboxClock {
  private offsetMs: number

  constructor(
    private readonly base: () => number = Date.now,
    offsetMs = 0
  ) {
    this.offsetMs = offsetMs
  }

  nowMs(): number {
    return this.base() + this.offsetMs
  }

  now(): Date {
    return new Date(this.nowMs())
  }

  /** Moves time forward (never backwards: due work must not un-happen). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`advance_ms must be a non-negative number, got ${ms}`)
    }
    this.offsetMs += ms
  }

  get offset(): number {
    return this.offsetMs
  }

  setOffset(ms: number): void {
    this.offsetMs = ms
  }
}
