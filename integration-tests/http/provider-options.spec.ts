import { execFile } from "node:child_process"
import path from "node:path"
import { promisify } from "node:util"

jest.setTimeout(120 * 1000)

const dbUrl = () =>
  process.env.DATABASE_URL ??
  `postgres://${process.env.DB_USERNAME}:${process.env.DB_PASSWORD}@${process.env.DB_HOST}:${process.env.DB_PORT}/postgres`

const validOptions = {
  shopId: 1520,
  secretKey: "sandbox-secret-key",
  apiUrl: "http://127.0.0.1:8787/gateway/v1/",
  payway: "card_invoice_usd",
  storeUrl: "http://localhost:9000",
}

const badCases: [Record<string, unknown>, string][] = [
  [{ ...validOptions, shopId: "abc" }, 'option "shopId"'],
  [{ ...validOptions, secretKey: undefined }, 'option "secretKey"'],
  [{ ...validOptions, apiUrl: "ftp://nowhere" }, 'option "apiUrl"'],
  [{ ...validOptions, payway: "card 840" }, 'option "payway"'],
  [{ ...validOptions, mode: "three_step" }, 'option "mode"'],
  [{ ...validOptions, storeUrl: undefined }, 'option "storeUrl"'],
  [{ ...validOptions, notificationIps: ["not-an-ip"] }, 'option "notificationIps.0"'],
  [{ ...validOptions, shopid: 1 }, '"shopid"'],
]

describe("M4 provider options at startup (Medusa's real module loader, in a child process)", () => {
  let results: { ok: boolean; message?: string }[]

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(__dirname, "../fixtures/boot-payment-module.js"), JSON.stringify(badCases.map(([o]) => o))],
      { env: { ...process.env, NODE_OPTIONS: "", BOOT_DATABASE_URL: dbUrl() }, maxBuffer: 50 * 1024 * 1024 }
    )
    const line = stdout.split("\n").find((l) => l.startsWith("RESULTS "))
    results = JSON.parse(line!.slice("RESULTS ".length))
  })

  it.each(badCases.map(([options, name], i) => [i, name, options] as const))(
    "case %i: a bad %s stops startup with the option named, no secret echoed",
    (i, name) => {
      expect(results[i].ok).toBe(false)
      expect(results[i].message).toContain("medusa-payment-m4: invalid provider options")
      expect(results[i].message).toContain(name)
      expect(results[i].message).not.toContain("sandbox-secret-key")
    }
  )
})
