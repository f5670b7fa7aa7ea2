import type { ProviderLoaderOptions } from "@medusajs/framework/types"
import reportNotificationUrl from "../loaders/report-notification-url"
import { localHostKind, notificationReachability } from "../utils/notification-reachability"

describe("hosts M4 cannot reach from the internet", () => {
  it.each([
    ["localhost", "localhost"],
    ["shop.localhost", "localhost"],
    ["127.0.0.1", "localhost"],
    ["127.8.0.3", "localhost"],
    ["0.0.0.0", "localhost"],
    ["[::1]", "localhost"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["172.31.255.254", "a private address"],
    ["192.168.1.10", "a private address"],
    ["100.64.0.7", "a private address"],
    ["169.254.10.1", "a private address"],
    ["[fd12:3456::1]", "a private address"],
    ["[fe80::1]", "a private address"],
    ["[::ffff:192.168.0.1]", "a private address"],
    ["medusa", "a local network name"],
    ["shop.local", "a local network name"],
    ["api.internal", "a local network name"],
    ["router.home.arpa", "a local network name"],
  ])("%s is %s", (host, kind) => {
    expect(localHostKind(host)).toBe(kind)
  })

  it.each(["api.my-shop.com", "SHOP.EXAMPLE.COM.", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2001:4860:4860::8888]"])(
    "%s may be public",
    (host) => {
      expect(localHostKind(host)).toBeUndefined()
    }
  )
})

describe("can M4 deliver notifications to the store", () => {
  const realM4 = "https://api.m4solutions.io/gateway/v1/"
  const sandbox = "http://127.0.0.1:8787/gateway/v1/"

  it("not from M4 on the internet to a store on localhost or a private address", () => {
    expect(notificationReachability("http://localhost:9000", realM4)).toEqual({ reason: "localhost" })
    expect(notificationReachability("http://192.168.1.20:9000", realM4)).toEqual({ reason: "a private address" })
    // URLs normalise addresses (hex IPv4-mapped IPv6, a number for an IPv4): still recognised
    expect(notificationReachability("http://[::ffff:192.168.0.1]:9000", realM4)).toEqual({
      reason: "a private address",
    })
    expect(notificationReachability("http://[::ffff:127.0.0.1]:9000", realM4)).toEqual({ reason: "localhost" })
    expect(notificationReachability("http://2130706433:9000", realM4)).toEqual({ reason: "localhost" })
  })

  it("yes from the sandbox on the same machine or network, and to a public store from anywhere", () => {
    expect(notificationReachability("http://localhost:9000", sandbox)).toEqual({})
    expect(notificationReachability("http://192.168.1.20:9000", "http://m4-sandbox:8787/gateway/v1/")).toEqual({})
    expect(notificationReachability("https://api.my-shop.com", realM4)).toEqual({})
    expect(notificationReachability("https://api.my-shop.com", sandbox)).toEqual({})
  })
})

describe("the startup report of each M4 provider", () => {
  const options = (extra: Record<string, unknown>) => ({
    id: "m4",
    shopId: 1520,
    secretKey: "the-secret-key",
    payway: "card_invoice_usd",
    storeUrl: "http://localhost:9000",
    apiUrl: "http://127.0.0.1:8787/gateway/v1/",
    ...extra,
  })
  async function report(opts: Record<string, unknown>) {
    const lines: { level: string; message: string }[] = []
    const logger = {
      info: (message: string) => lines.push({ level: "info", message }),
      warn: (message: string) => lines.push({ level: "warn", message }),
    }
    await reportNotificationUrl({
      options: opts,
      logger,
      container: {},
      moduleOptions: {},
    } as unknown as ProviderLoaderOptions)
    return lines
  }

  it("says once where M4 will send the provider's notifications, and nothing more when M4 can reach it", async () => {
    expect(await report(options({}))).toEqual([
      {
        level: "info",
        message:
          "medusa-payment-m4: pp_m4_m4: M4 will send its notifications to http://localhost:9000/hooks/payment/m4_m4",
      },
    ])
  })

  it("warns, naming storeUrl, when the store is local and the gateway is M4 on the internet", async () => {
    const lines = await report(options({ id: "hold", apiUrl: undefined, storeUrl: "http://10.0.0.5:9000/" }))
    expect(lines.map((l) => l.level)).toEqual(["info", "warn"])
    expect(lines[0].message).toContain(
      "pp_m4_hold: M4 will send its notifications to http://10.0.0.5:9000/hooks/payment/m4_hold"
    )
    expect(lines[1].message).toBe(
      'medusa-payment-m4: pp_m4_hold: option "storeUrl" (http://10.0.0.5:9000/) is a private address, which M4 at ' +
        'https://api.m4solutions.io/gateway/v1/ cannot reach: its notifications will not arrive. Set "storeUrl" to this ' +
        "server's public URL (M4_STORE_URL in the README's config)."
    )
  })

  it("never logs the secret key, nor a password written into a URL", async () => {
    const lines = await report(options({ apiUrl: undefined, storeUrl: "http://admin:hunter2@localhost:9000" }))
    const text = JSON.stringify(lines)
    expect(lines).toHaveLength(2)
    expect(text).not.toContain("the-secret-key")
    expect(text).not.toContain("hunter2")
  })

  it("stops startup on bad options like the provider itself, naming the option", async () => {
    await expect(report(options({ storeUrl: "localhost:9000" }))).rejects.toThrow(/storeUrl/)
  })
})
