import { availableParallelism } from "node:os"
import { parsePayoutsOptions } from "../../m4-merchant-tools/utils/options"
import { defaultProcessingConcurrency, parseLedgerOptions } from "../utils/options"

describe("ledger module options", () => {
  it("defaults to the documented schedule", () => {
    const options = parseLedgerOptions({})
    expect(options.reconciliation).toMatchObject({
      enabled: true,
      scheduleMs: [60_000, 300_000, 900_000, 3_600_000],
      holdWarnAfterMs: 4 * 86_400_000,
      holdExpiryAction: "none",
    })
  })

  it("takes the plugin's shared options (credentials for the merchant tools module) without complaint, and the merchant tools module takes its siblings'", () => {
    const plugin = {
      shopId: 1520,
      secretKey: "s",
      apiUrl: "http://127.0.0.1:8787/gateway/v1/",
      reconciliation: { enabled: false },
    }
    expect(parseLedgerOptions(plugin).reconciliation.enabled).toBe(false)
    expect(parsePayoutsOptions(plugin).shopId).toBe(1520)
  })

  it("names a bad option and stops", () => {
    expect(() => parseLedgerOptions({ reconciliation: { holdExpiryAction: "refund" } })).toThrow(/holdExpiryAction/)
    expect(() => parseLedgerOptions({ typo: 1 })).toThrow(/typo/)
  })
})

describe("processingConcurrency's default", () => {
  it("is sized for the machine: 8 per core, at least 8, at most 64", () => {
    expect(defaultProcessingConcurrency(1)).toBe(8)
    expect(defaultProcessingConcurrency(2)).toBe(16)
    expect(defaultProcessingConcurrency(4)).toBe(32)
    expect(defaultProcessingConcurrency(32)).toBe(64)
    expect(parseLedgerOptions({}).processingConcurrency).toBe(defaultProcessingConcurrency(availableParallelism()))
    expect(parseLedgerOptions({ processingConcurrency: 3 }).processingConcurrency).toBe(3)
    expect(() => parseLedgerOptions({ processingConcurrency: 0 })).toThrow(/processingConcurrency/)
  })
})
