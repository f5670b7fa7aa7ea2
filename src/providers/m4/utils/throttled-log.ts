/**
 * At most one log line per kind of event per window; the next line says how many were held back.
 * A flood of forged or unknown notifications (each one a prompt to log) then costs a few lines a
 * minute, not one each, and an operator still sees that it happens and how often.
 */
export class ThrottledLog {
  readonly #windows = new Map<string, { until: number; held: number }>()

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKinds = 1_000
  ) {}

  /** The line to log now for this kind of event, or undefined when one was logged within the window. */
  line(kind: string, message: string, now = Date.now()): string | undefined {
    const window = this.#windows.get(kind)
    if (window && window.until > now) {
      window.held++
      return undefined
    }
    if (!window && this.#windows.size >= this.maxKinds) {
      this.#windows.delete(this.#windows.keys().next().value as string)
    }
    this.#windows.set(kind, { until: now + this.windowMs, held: 0 })
    const held = window?.held ?? 0
    return held ? `${message} (and ${held} more like it in the last ${Math.round(this.windowMs / 1000)} s)` : message
  }
}
