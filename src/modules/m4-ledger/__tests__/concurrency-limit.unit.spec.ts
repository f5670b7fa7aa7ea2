import { ConcurrencyLimit } from "../utils/concurrency-limit"

describe("ConcurrencyLimit", () => {
  it("runs at most `limit` tasks at once, the rest in arrival order, and frees the slot of a task that fails", async () => {
    const limit = new ConcurrencyLimit(2)
    let running = 0
    let most = 0
    const order: number[] = []
    const release: (() => void)[] = []
    const tasks = [0, 1, 2, 3, 4].map((i) =>
      limit
        .run(async () => {
          running++
          most = Math.max(most, running)
          order.push(i)
          await new Promise<void>((r) => release.push(r))
          running--
          if (i === 1) throw new Error("task 1 failed")
          return i
        })
        .then(
          () => "fulfilled",
          () => "rejected"
        )
    )
    await new Promise((r) => setImmediate(r))
    expect(order).toEqual([0, 1])
    expect(limit.waiting).toBe(3)
    while (release.length) {
      release.shift()!()
      await new Promise((r) => setImmediate(r))
    }
    expect(await Promise.all(tasks)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"])
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(most).toBe(2)
    expect(limit.waiting).toBe(0)
  })
})
