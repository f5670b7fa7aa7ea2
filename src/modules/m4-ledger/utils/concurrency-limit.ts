/**
 * At most `limit` tasks run at once; the others wait their turn, first come first served. What
 * waits is only an id in memory: the notification itself is already stored, so a crash loses
 * nothing (the sweep finds it pending).
 */
export class ConcurrencyLimit {
  #running = 0
  readonly #waiting: (() => void)[] = []

  constructor(readonly limit: number) {}

  get waiting(): number {
    return this.#waiting.length
  }

  /** Slots a task would get at once now (none while others wait their turn). */
  get free(): number {
    return this.#waiting.length ? 0 : this.limit - this.#running
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve))
    } else {
      this.#running++
    }
    try {
      return await task()
    } finally {
      const next = this.#waiting.shift()
      // the slot passes straight to the next task: #running stays the same
      if (next) next()
      else this.#running--
    }
  }
}
