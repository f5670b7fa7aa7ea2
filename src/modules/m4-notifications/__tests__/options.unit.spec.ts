import { parsePayoutsOptions } from "../../m4-payouts/utils/options"
import { parseNotificationsOptions } from "../utils/options"

describe("notifications module options", () => {
  it("defaults to the documented schedule", () => {
    const options = parseNotificationsOptions({})
    expect(options.reconciliation).toMatchObject({
      enabled: true,
      scheduleMs: [60_000, 300_000, 900_000, 3_600_000],
      holdWarnAfterMs: 4 * 86_400_000,
      holdExpiryAction: "none",
    })
  })

  it("takes the plugin's shared options (credentials for the payouts module) without complaint, and the payouts module takes its siblings'", () => {
    const plugin = {
      shopId: 1520,
      secretKey: "s",
      apiUrl: "http://127.0.0.1:8787/gateway/v1/",
      reconciliation: { enabled: false },
    }
    expect(parseNotificationsOptions(plugin).reconciliation.enabled).toBe(false)
    expect(parsePayoutsOptions(plugin).shopId).toBe(1520)
  })

  it("names a bad option and stops", () => {
    expect(() => parseNotificationsOptions({ reconciliation: { holdExpiryAction: "refund" } })).toThrow(
      /holdExpiryAction/
    )
    expect(() => parseNotificationsOptions({ typo: 1 })).toThrow(/typo/)
  })
})
