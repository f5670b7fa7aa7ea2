import { parsePayoutsOptions } from "../utils/options"

describe("the merchant tools module's options", () => {
  it("take the plugin entry's options, which Medusa hands to every module of the plugin: the notifications module's keys are left to it", () => {
    const pluginOptions = {
      shopId: "1520",
      secretKey: "sandbox-secret-key",
      retryScheduleMs: [1000],
      processingConcurrency: 8,
      reconciliation: { enabled: false },
    }
    expect(parsePayoutsOptions(pluginOptions)).toMatchObject({ shopId: 1520, pollIntervalMs: 30_000 })
  })

  it("still refuse an option nobody knows, naming it", () => {
    expect(() => parsePayoutsOptions({ shopId: 1520, secretKey: "k", pollIntervalSeconds: 5 })).toThrow(
      /pollIntervalSeconds/
    )
  })
})
