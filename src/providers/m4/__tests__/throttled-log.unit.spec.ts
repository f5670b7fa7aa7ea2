import { ThrottledLog } from "../utils/throttled-log"

describe("throttled log", () => {
  it("logs one line per kind per window, then says how many were held back", () => {
    const log = new ThrottledLog(60_000)
    expect(log.line("unknown", "first", 0)).toBe("first")
    expect(log.line("unknown", "second", 1_000)).toBeUndefined()
    expect(log.line("unknown", "third", 2_000)).toBeUndefined()
    expect(log.line("other", "another kind", 2_000)).toBe("another kind")
    expect(log.line("unknown", "after the window", 61_000)).toBe(
      "after the window (and 2 more like it in the last 60 s)"
    )
  })

  it("keeps a bounded number of kinds", () => {
    const log = new ThrottledLog(60_000, 2)
    log.line("a", "a", 0)
    log.line("b", "b", 0)
    log.line("c", "c", 0) // forgets a
    expect(log.line("a", "a again", 1)).toBe("a again")
  })
})
