import { execFile } from "node:child_process"
import path from "node:path"
import { promisify } from "node:util"

jest.setTimeout(120 * 1000)

const dbUrl = () =>
  process.env.DATABASE_URL ??
  `postgres://${process.env.DB_USERNAME}:${process.env.DB_PASSWORD}@${process.env.DB_HOST}:${process.env.DB_PORT}/postgres`

const validOptions = {
  id: "m4",
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

type Entry = { id: string; options: Record<string, unknown> }

// the provider's own id (options.id) must be stated, and be the entry's id: it names the notification route
const idCases: [Entry[], string[]][] = [
  [[{ id: "m4", options: { ...validOptions, id: undefined } }], ['option "id"', "is required"]],
  [[{ id: "m4-eur", options: validOptions }], ['option "id" is "m4"', 'registered with id "m4-eur"']],
  [
    [
      { id: "m4", options: validOptions },
      { id: "m4-eur", options: { ...validOptions, id: "m4" } },
    ],
    ['option "id" is "m4"', 'registered with id "m4-eur"'],
  ],
]

describe("M4 provider options at startup (Medusa's real module loader, in a child process)", () => {
  let results: { ok: boolean; message?: string }[]
  const cases: Entry[][] = [
    ...badCases.map(([options]) => [{ id: "m4", options }]),
    ...idCases.map(([entries]) => entries),
  ]

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(__dirname, "../fixtures/boot-payment-module.js"), JSON.stringify(cases)],
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

  it.each(idCases.map(([, expected], i) => [i, expected] as const))(
    "id case %i: a missing or wrong options.id stops startup with the option named",
    (i, expected) => {
      const result = results[badCases.length + i]
      expect(result.ok).toBe(false)
      expect(result.message).toContain("medusa-payment-m4: invalid provider options")
      for (const text of expected) {
        expect(result.message).toContain(text)
      }
      expect(result.message).not.toContain("sandbox-secret-key")
    }
  )
})
