/**
 * Seeded PRNG (mulberry32): fault rates, session ids and made-up bank references repeat
 * exactly for the same seed, so a failing run can be replayed.
 */
export class SeededRandom {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  hex(length: number): string {
    let out = ""
    while (out.length < length) {
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, "0")
    }
    return out.slice(0, length)
  }

  digits(length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) {
      out += Math.floor(this.next() * 10)
    }
    return out
  }

  get seedState(): number {
    return this.state
  }
}
