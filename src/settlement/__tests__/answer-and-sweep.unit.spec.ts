import { INVOICE_STATUS } from "../../m4"
import { ConcurrencyLimit } from "../../modules/m4-ledger/utils/concurrency-limit"
import { decideOnAnswer } from "../utils/answer-changes-medusa"
import { sweepDue } from "../utils/sweep"

describe("decideOnAnswer: does M4's answer need the settle workflow", () => {
  it("paid, held and rejected always settle (also when the ledger held that status already)", () => {
    for (const status of [INVOICE_STATUS.PAID, INVOICE_STATUS.HELD, INVOICE_STATUS.REJECTED]) {
      expect(decideOnAnswer({ status })).toEqual({ kind: "settle" })
    }
  })

  it("a status that is not final changes nothing in Medusa", () => {
    for (const status of [
      INVOICE_STATUS.CREATED,
      INVOICE_STATUS.AWAITING_USER,
      INVOICE_STATUS.PS_CREATE_FAILED,
      INVOICE_STATUS.PS_NOTICE_FAILED,
    ]) {
      expect(decideOnAnswer({ status })).toEqual({ kind: "unchanged", outcome: "not_final_yet" })
    }
  })

  it("no invoice at M4, or no record: nothing to change", () => {
    expect(decideOnAnswer({ status: undefined })).toEqual({ kind: "unchanged", outcome: "no_invoice_at_m4" })
    expect(decideOnAnswer(undefined)).toEqual({ kind: "unchanged", outcome: "no_record" })
  })

  it("an answer about another invoice goes to the workflow, which tells the merchant", () => {
    expect(decideOnAnswer({ status: INVOICE_STATUS.CREATED, mismatch: "amount" })).toEqual({ kind: "settle" })
  })
})

describe("sweepDue", () => {
  /** `due` rows; each apply waits until the test lets it finish. */
  function backlog(due: number, limit: ConcurrencyLimit) {
    let left = due
    const claims: number[] = []
    const release: (() => void)[] = []
    let running = 0
    let most = 0
    const applied: number[] = []
    const claim = async (n: number) => {
      claims.push(n)
      const take = Math.min(n, left)
      left -= take
      return Array.from({ length: take }, (_, i) => due - left - take + i)
    }
    const apply = (row: number) =>
      limit.run(async () => {
        running++
        most = Math.max(most, running)
        await new Promise<void>((r) => release.push(r))
        running--
        applied.push(row)
      })
    return { claim, apply, claims, release, applied, most: () => most }
  }

  const tick = () => new Promise((r) => setImmediate(r))

  it("applies due rows in parallel, at most the processing limit at once, claiming more as they finish, until none is due", async () => {
    const limit = new ConcurrencyLimit(4)
    const b = backlog(25, limit)
    const done = sweepDue({ batchSize: 10, budgetMs: 60_000, claim: b.claim, apply: b.apply })
    for (let i = 0; i < 200 && b.applied.length < 25; i++) {
      await tick()
      expect(b.release.length).toBeLessThanOrEqual(4)
      b.release.splice(0).forEach((r) => r())
    }
    expect(await done).toBe(25)
    expect(b.applied.sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i))
    expect(b.most()).toBe(4)
    // the first claim fills the batch, later ones refill it; the last finds fewer than it asked for
    expect(b.claims[0]).toBe(10)
    expect(b.claims.length).toBeGreaterThan(2)
    expect(b.claims.every((n) => n <= 10)).toBe(true)
  })

  it("claims no more than the free slots, so no claimed row waits behind others (its lease would run out)", async () => {
    const limit = new ConcurrencyLimit(4)
    // another path (the notifications just received) holds 3 of the 4 slots for a while
    const others: (() => void)[] = []
    const held = [0, 1, 2].map(() => limit.run(() => new Promise<void>((r) => others.push(r))))
    const b = backlog(9, limit)
    const done = sweepDue({
      batchSize: 10,
      budgetMs: 60_000,
      claim: b.claim,
      apply: b.apply,
      capacity: () => limit.free,
      idleWaitMs: 1,
    })
    for (let i = 0; i < 2000 && b.applied.length < 9; i++) {
      await new Promise((r) => setTimeout(r, 2))
      if (i === 5) others.splice(0).forEach((r) => r())
      expect(limit.waiting).toBe(0)
      b.release.splice(0).forEach((r) => r())
    }
    await Promise.all(held)
    expect(await done).toBe(9)
    // 1 slot free: 1 claimed at a time; once the others finished, up to all 4
    expect(b.claims[0]).toBe(1)
    expect(Math.max(...b.claims)).toBeGreaterThan(1)
    expect(Math.max(...b.claims)).toBeLessThanOrEqual(4)
  })

  it("waits for every row it claimed even when one fails, and stops at its budget", async () => {
    let now = 0
    let claimed = 0
    const result = await sweepDue({
      batchSize: 2,
      budgetMs: 10,
      now: () => now,
      claim: async (n) => {
        claimed += n
        return Array.from({ length: n }, (_, i) => i)
      },
      apply: async (row) => {
        now += 6
        if (row === 0) throw new Error("one failed")
      },
    })
    // 2 claimed at t=0, both applied (one failed) by t=12: past the budget, so no second claim
    expect(result).toBe(2)
    expect(claimed).toBe(2)
  })
})
