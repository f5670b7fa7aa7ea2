import { parseLedgerOptions } from "../../m4-ledger/utils/options"
import { parsePayoutsOptions } from "../../m4-merchant-tools/utils/options"
import M4RateLimitsService from "../service"
import { parseRateLimitsOptions } from "../utils/options"

describe("rateLimits options", () => {
  it("defaults to limits a shopper never meets", () => {
    expect(parseRateLimitsOptions({})).toEqual({
      enabled: true,
      paymentMethods: { perCart: 30, perClient: 120, windowSeconds: 60 },
      paymentSessions: { perCollection: 10, perClient: 60, windowSeconds: 60 },
    })
  })

  it("takes only its key of the plugin options, and the plugin's other modules let it pass", () => {
    const plugin = {
      shopId: 1520,
      secretKey: "s",
      reconciliation: { enabled: false },
      rateLimits: { paymentSessions: { perCollection: 3 } },
    }
    expect(parseRateLimitsOptions(plugin).paymentSessions).toEqual({
      perCollection: 3,
      perClient: 60,
      windowSeconds: 60,
    })
    expect(() => parseLedgerOptions(plugin)).not.toThrow()
    expect(() => parsePayoutsOptions(plugin)).not.toThrow()
  })

  it("names a bad option and stops", () => {
    expect(() => parseRateLimitsOptions({ rateLimits: { paymentMethods: { perCart: 0 } } })).toThrow(
      /option "paymentMethods\.perCart" must be at least 1/
    )
    expect(() => parseRateLimitsOptions({ rateLimits: { paymentSessions: { perCart: 5 } } })).toThrow(/"perCart"/)
    expect(() => parseRateLimitsOptions({ rateLimits: { enabled: "yes" } })).toThrow(/option "enabled"/)
  })
})

describe("M4RateLimitsService (in memory)", () => {
  const service = (rateLimits: object) => new M4RateLimitsService({}, { rateLimits })

  it("allows up to the limit per subject, then answers with the seconds until the window ends", async () => {
    const limits = service({ paymentSessions: { perCollection: 2, perClient: 100, windowSeconds: 30 } })
    const one = { subject: "paycol_1", client: "10.0.0.1" }
    expect(await limits.consume("paymentSessions", one)).toEqual({ allowed: true })
    expect(await limits.consume("paymentSessions", one)).toEqual({ allowed: true })
    const third = await limits.consume("paymentSessions", one)
    expect(third.allowed).toBe(false)
    expect(!third.allowed && third.retryAfterSeconds).toBeGreaterThanOrEqual(29)
    expect(!third.allowed && third.retryAfterSeconds).toBeLessThanOrEqual(30)
    // another collection from the same client is not affected
    expect(await limits.consume("paymentSessions", { subject: "paycol_2", client: "10.0.0.1" })).toEqual({
      allowed: true,
    })
  })

  it("limits a client across subjects, and each route on its own", async () => {
    const limits = service({ paymentMethods: { perCart: 100, perClient: 3 } })
    for (const cart of ["a", "b", "c"]) {
      expect((await limits.consume("paymentMethods", { subject: cart, client: "10.0.0.2" })).allowed).toBe(true)
    }
    expect((await limits.consume("paymentMethods", { subject: "d", client: "10.0.0.2" })).allowed).toBe(false)
    expect((await limits.consume("paymentMethods", { subject: "d", client: "10.0.0.3" })).allowed).toBe(true)
    expect((await limits.consume("paymentSessions", { subject: "d", client: "10.0.0.2" })).allowed).toBe(true)
  })

  it("counts nothing when disabled", async () => {
    const limits = service({ enabled: false, paymentMethods: { perCart: 1 } })
    for (let i = 0; i < 5; i++) {
      expect(await limits.consume("paymentMethods", { subject: "a", client: "x" })).toEqual({ allowed: true })
    }
  })
})
