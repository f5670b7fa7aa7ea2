/**
 * Run-time faults (`/_sandbox/faults`). A rule applies to matching requests (or callbacks) until
 * its `count` is used up; with `rate` it applies to that share of them, decided by the seeded
 * PRNG so a run repeats exactly for the same seed.
 *
 * Request faults (endpoint = gateway method, e.g. "invoice/create"):
 *   latency_ms {ms}      answer late
 *   http_5xx {status}    answer HTTP 5xx without applying the operation
 *   hang_before          never answer, operation not applied
 *   hang_after           apply the operation, then never answer
 *   fail_refunds         refunds created while it applies end FAILED
 * Callback faults (endpoint = callback type "invoice" | "refund"):
 *   drop_callbacks        never send
 *   duplicate_callbacks {n}  send n extra copies
 *   delay_callbacks {ms}  first attempt after ms
 *   reorder_callbacks     hold callbacks back, then send them newest first (after `count`
 *                         callbacks, or when the rule is deleted / POST /_sandbox/deliveries/release)
 */
import { z } from "zod"
import { SeededRandom } from "../random"

export const REQUEST_FAULTS = ["latency_ms", "http_5xx", "hang_before", "hang_after", "fail_refunds"] as const
export const CALLBACK_FAULTS = [
  "drop_callbacks",
  "duplicate_callbacks",
  "delay_callbacks",
  "reorder_callbacks",
] as const

export const faultRuleSchema = z
  .object({
    type: z.enum([...REQUEST_FAULTS, ...CALLBACK_FAULTS]),
    endpoint: z.string().min(1).optional(),
    count: z.number().int().positive().optional(),
    rate: z.number().min(0).max(1).optional(),
    ms: z.number().int().min(0).max(3_600_000).optional(),
    status: z.number().int().min(500).max(599).optional(),
    n: z.number().int().min(1).max(100).optional(),
  })
  .strict()

export type FaultRuleInput = z.infer<typeof faultRuleSchema>

export interface FaultRule extends FaultRuleInput {
  id: number
  /** How many more times it applies (null = unlimited). */
  remaining: number | null
  applied: number
}

export type FaultType = FaultRule["type"]

/** FNV-1a, to derive a rule's own PRNG seed from the sandbox seed and the rule's definition. */
function hashText(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  }
  return hash >>> 0
}

export class FaultRegistry {
  private rules: FaultRule[] = []
  private nextId = 1
  // each rule rolls its own seeded PRNG: its pattern does not depend on other traffic or rules
  private readonly randoms = new WeakMap<FaultRule, SeededRandom>()

  constructor(private readonly seed: number) {}

  add(inputs: FaultRuleInput[]): FaultRule[] {
    const added = inputs.map((input) => {
      const rule: FaultRule = { ...input, id: this.nextId++, remaining: input.count ?? null, applied: 0 }
      this.randoms.set(rule, new SeededRandom(this.seed ^ hashText(JSON.stringify(input))))
      return rule
    })
    this.rules.push(...added)
    return added
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }))
  }

  /** Removes rules (all when no id); returns the removed ones. */
  remove(id?: number): FaultRule[] {
    const removed = this.rules.filter((r) => id === undefined || r.id === id)
    this.rules = this.rules.filter((r) => !removed.includes(r))
    return removed
  }

  has(type: FaultType): boolean {
    return this.rules.some((r) => r.type === type && r.remaining !== 0)
  }

  /**
   * The rules of the given types that apply to one event, each consumed once. Exhausted rules
   * stay listed (remaining 0) so tests can see they fired.
   */
  take(types: readonly FaultType[], target: string): FaultRule[] {
    const applied: FaultRule[] = []
    for (const rule of this.rules) {
      if (!types.includes(rule.type) || rule.remaining === 0) {
        continue
      }
      if (rule.endpoint !== undefined && rule.endpoint !== target) {
        continue
      }
      if (rule.rate !== undefined && (this.randoms.get(rule) as SeededRandom).next() >= rule.rate) {
        continue
      }
      if (rule.remaining !== null) {
        rule.remaining--
      }
      rule.applied++
      applied.push(rule)
    }
    return applied
  }
}
