/**
 * The `now` check (docs/m4-protocol.md DECISION d as revised for issue 15). By default the sandbox accepts
 * what the real gateway was seen to accept: public clients send local time without a zone
 * (Python `str(datetime.now())`, Ruby `%Y-%m-%dT%H:%M:%S`), and a recorded request with `now`
 * 7 days stale got `result: true`. Strict mode keeps the ±5 minute window for testing a client
 * that must send the exact current time.
 */
import { NOW_TOLERANCE_MS, RunningSandbox, startSandbox } from "../index"
import { control, postSigned, startTestSandbox } from "./helpers/sandbox-fixture"

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Wall-clock time of a machine at `offsetHours` from UTC, without a zone, Python `str(datetime.now())` style. */
const pythonLocal = (offsetHours: number, at = Date.now()) =>
  new Date(at + offsetHours * HOUR).toISOString().replace("T", " ").replace("Z", "000")
/** Ruby `Time.now.strftime("%Y-%m-%dT%H:%M:%S")` on a machine at `offsetHours`. */
const rubyLocal = (offsetHours: number, at = Date.now()) => new Date(at + offsetHours * HOUR).toISOString().slice(0, 19)

const balance = (sandbox: RunningSandbox, now: string) =>
  postSigned(sandbox, "shop_balance", { now }).then((a) => a.json)

describe("now check", () => {
  describe("default (lenient): what the real gateway accepts", () => {
    let sandbox: RunningSandbox
    beforeAll(async () => {
      sandbox = await startTestSandbox()
    })
    afterAll(() => sandbox.stop())

    it("is the default mode, ±30 days", async () => {
      expect(sandbox.context.timings).toMatchObject({ nowCheck: "lenient", nowToleranceMs: 30 * DAY })
      expect(NOW_TOLERANCE_MS).toEqual({ lenient: 30 * DAY, strict: 5 * 60_000, off: null })
      expect((await control(sandbox, "GET", "config")).now_check).toEqual({ mode: "lenient", tolerance_ms: 30 * DAY })
    })

    it.each([
      ["Python str(datetime.now()) on a UTC-7 machine", pythonLocal(-7)],
      ["Ruby %Y-%m-%dT%H:%M:%S on a UTC+9 machine", rubyLocal(9)],
      ["Ruby local time on a UTC+14 machine", rubyLocal(14)],
      ["zone-less local time 7 days stale (as recorded)", rubyLocal(5, Date.now() - 7 * DAY)],
      ["UTC with Z, 29 days stale", new Date(Date.now() - 29 * DAY).toISOString()],
      ["the project's own exact UTC time", new Date().toISOString()],
    ])("accepts %s", async (_what, now) => {
      expect(await balance(sandbox, now)).toMatchObject({ result: true, error_code: 0 })
    })

    it("still refuses a `now` more than 30 days away, or unreadable, with error 10", async () => {
      const stale = await balance(sandbox, new Date(Date.now() - 31 * DAY).toISOString())
      expect(stale).toMatchObject({ result: false, error_code: 10 })
      expect(stale.message).toMatch(
        /^Incorrect values for parameters: now="request time is out of the allowed window of 2592000 s/
      )
      expect(await balance(sandbox, "next tuesday")).toEqual({
        data: null,
        error_code: 10,
        message: 'Incorrect values for parameters: now="invalid datetime format"',
        result: false,
      })
    })
  })

  describe("strict: the exact current time (±5 min, no zone = UTC+3)", () => {
    let sandbox: RunningSandbox
    beforeAll(async () => {
      sandbox = await startTestSandbox({ nowCheck: "strict" })
    })
    afterAll(() => sandbox.stop())

    it.each([
      ["Python local time on a UTC-7 machine", pythonLocal(-7)],
      ["zone-less local time 7 days stale", rubyLocal(3, Date.now() - 7 * DAY)],
      ["UTC 6 minutes stale", new Date(Date.now() - 6 * 60_000).toISOString()],
    ])("refuses %s with error 10", async (_what, now) => {
      const answer = await balance(sandbox, now)
      expect(answer).toMatchObject({ result: false, error_code: 10 })
      expect(answer.message).toMatch(
        /^Incorrect values for parameters: now="request time is out of the allowed window of 300 s/
      )
    })

    it("accepts exact UTC and zone-less UTC+3 wall time", async () => {
      expect(await balance(sandbox, new Date().toISOString())).toMatchObject({ result: true })
      expect(await balance(sandbox, rubyLocal(3))).toMatchObject({ result: true })
    })
  })

  it("off: only the format is checked; an explicit window overrides the mode; a bad mode is refused", async () => {
    const off = await startTestSandbox({ nowCheck: "off" })
    const narrow = await startTestSandbox({ nowCheck: "lenient", nowToleranceMs: 60_000 })
    try {
      expect(await balance(off, "2019-01-01T00:00:00")).toMatchObject({ result: true })
      expect(await balance(off, "2019-13-01T00:00:00")).toMatchObject({ error_code: 10 })
      expect(await balance(narrow, new Date(Date.now() - 2 * 60_000).toISOString())).toMatchObject({ error_code: 10 })
    } finally {
      await off.stop()
      await narrow.stop()
    }
    await expect(startSandbox({ port: 0, nowCheck: "loose" as never })).rejects.toThrow(
      /nowCheck must be one of lenient, strict, off/
    )
  })
})
