/**
 * README "Install into a store", its configuration read literally: the packed plugin in a separate
 * Medusa application whose medusa-config.ts and .env are the README's code blocks verbatim, then
 * `medusa db:migrate` and boots (`medusa exec`) that must see the M4 providers registered, the
 * plugin's modules loaded with the credentials given once, its tables created, and each provider's
 * startup line saying where M4 will send notifications — with the warning the README promises when
 * M4 could not reach that URL. The application's other packages are the project's own (linked):
 * merchant-store.spec.ts installs the tarball for real and takes a payment.
 */
import fs from "node:fs"
import path from "node:path"
import ts from "typescript"
import { packIntoScratchProject } from "../helpers/packed-package"
import { createDatabase, dropDatabase, runMedusa } from "../helpers/m4-store-process"
import { commandsOf, packageReadme, readmeBlock, readmeFences, RUN_BY_TESTS } from "./readme-blocks"

jest.setTimeout(300_000)

const CONFIG = "### 2. `medusa-config.ts`"
const ENV = "### 3. `.env`"
const MIGRATE = "### 4. Migrate"

const dbName = `m4_install_${process.pid}_${Date.now().toString(36)}`
let scratch: string | undefined

afterAll(async () => {
  await dropDatabase(dbName).catch(() => undefined)
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

/** What create-medusa-app writes into .env besides the README's lines. */
const createMedusaAppEnv = (databaseUrl: string) =>
  `\nDATABASE_URL=${databaseUrl}\nSTORE_CORS=http://localhost:8000\nADMIN_CORS=http://localhost:9000\nAUTH_CORS=http://localhost:8000,http://localhost:9000\n`

const CHECK_SCRIPT = `import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import fs from "node:fs"

export default async function ({ container }: ExecArgs) {
  const providers = await container.resolve(Modules.PAYMENT).listPaymentProviders({})
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const tables = await pg.raw("select table_name from information_schema.tables where table_name like 'm4_%' order by 1")
  const payouts = container.resolve("m4MerchantTools") as unknown as Record<string, unknown>
  fs.writeFileSync(process.env.M4_CHECK_OUT!, JSON.stringify({
    providers: providers.map((p: { id: string; is_enabled: boolean }) => ({ id: p.id, is_enabled: p.is_enabled })),
    tables: tables.rows.map((r: { table_name: string }) => r.table_name),
    payouts: container.hasRegistration("m4MerchantTools"),
    ledger: container.hasRegistration("m4Ledger"),
    payoutsShopId: (payouts.options_ as { shopId?: number } | undefined)?.shopId ?? null,
  }))
}
`

it("the README's dashboard names are what Medusa's dashboard shows for each provider id", () => {
  // the dashboard's own formatProvider (region forms and lists), from the installed Medusa's sources
  const source = fs.readFileSync(
    path.resolve(__dirname, "../../node_modules/@medusajs/dashboard/src/lib/format-provider.ts"),
    "utf8"
  )
  const exported: { formatProvider?: (id: string) => string } = {}
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText
  new Function("exports", js)(exported)
  const formatProvider = exported.formatProvider!
  const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8")
  for (const [id, shown] of [
    ["m4", "M4 (M4)"],
    ["hold", "M4 (HOLD)"],
  ]) {
    expect(formatProvider(`pp_m4_${id}`)).toBe(shown)
    expect(readme).toContain(`| \`${id}\` | \`pp_m4_${id}\` | **${shown}** |`)
  }
  // "cut at its first _": why the README asks for letters, digits and - in an id
  expect(formatProvider("pp_m4_card_eur")).toBe("M4 (CARD)")
  expect(formatProvider("pp_m4_card-eur")).toBe("M4 (CARD-EUR)")
})

it("every code block of the README is run by a test", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8")
  const found = readmeFences(readme).map(({ heading, lang, index }) => `${heading} | ${lang} #${index}`)
  const run = RUN_BY_TESTS.map(({ heading, lang, index }) => `${heading} | ${lang} #${index}`)
  expect(found.sort()).toEqual(run.sort())
})

describe("the README's medusa-config.ts and .env in a store with the packed plugin", () => {
  let app: string
  let env: NodeJS.ProcessEnv
  let readme: string
  let databaseUrl: string
  let out: string

  beforeAll(async () => {
    const packed = packIntoScratchProject("install")
    scratch = packed.scratch
    app = packed.project
    readme = packageReadme(packed.packageDir)
    fs.writeFileSync(path.join(app, "medusa-config.ts"), readmeBlock(readme, CONFIG, "ts") + "\n")
    databaseUrl = await createDatabase(dbName)
    // the files create-medusa-app gives an application (dependencies are the project's own, linked)
    fs.writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "my-medusa-store",
        private: true,
        dependencies: {
          "@medusajs/admin-sdk": "2.21.2",
          "@medusajs/cli": "2.21.2",
          "@medusajs/framework": "2.21.2",
          "@medusajs/medusa": "2.21.2",
          "medusa-payment-m4": "file:./medusa-payment-m4-0.1.0.tgz",
        },
      })
    )
    fs.writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2021",
          esModuleInterop: true,
          module: "Node16",
          moduleResolution: "Node16",
          emitDecoratorMetadata: true,
          experimentalDecorators: true,
          skipLibCheck: true,
          jsx: "react-jsx",
          outDir: "./.medusa/server",
          rootDir: "./",
        },
        "ts-node": { swc: true },
        include: ["**/*"],
        exclude: ["node_modules", ".medusa"],
      })
    )
    fs.mkdirSync(path.join(app, "src/scripts"), { recursive: true })
    fs.writeFileSync(path.join(app, "src/scripts/check-m4.ts"), CHECK_SCRIPT)
    out = path.join(scratch, "check.json")
    // a merchant's shell: Medusa's default log level, no test database or M4 settings of this project
    env = { ...process.env, NODE_OPTIONS: "", NODE_ENV: "development", LOG_LEVEL: "info", M4_CHECK_OUT: out }
    for (const key of Object.keys(env)) {
      if (/^(DB_|M4_(?!CHECK_OUT)|DATABASE_URL$|STOREFRONT_URL$|JEST_WORKER_ID$)/.test(key)) delete env[key]
    }
  })

  /** Boots the application with the given .env lines (and create-medusa-app's); returns the check and the log. */
  async function boot(envLines: string) {
    fs.writeFileSync(path.join(app, ".env"), envLines + createMedusaAppEnv(databaseUrl))
    fs.rmSync(out, { force: true })
    const log = await runMedusa(["exec", "./src/scripts/check-m4.ts"], { cwd: app, env, timeoutMs: 120_000 })
    return { check: JSON.parse(fs.readFileSync(out, "utf8")), log }
  }

  it("the sandbox try: migrations, both providers, the plugin's modules with the credentials given once, no warning", async () => {
    const sandboxEnv = readmeBlock(readme, ENV, "bash", 0)
    fs.writeFileSync(path.join(app, ".env"), sandboxEnv + createMedusaAppEnv(databaseUrl))
    expect(commandsOf(readmeBlock(readme, MIGRATE, "bash"))).toEqual(["npx medusa db:migrate"])
    await runMedusa(["db:migrate"], { cwd: app, env, timeoutMs: 180_000 })

    const { check, log } = await boot(sandboxEnv)
    expect(check.providers).toEqual(
      expect.arrayContaining([
        { id: "pp_m4_m4", is_enabled: true },
        { id: "pp_m4_hold", is_enabled: true },
      ])
    )
    expect(check.tables).toEqual(
      expect.arrayContaining(["m4_notification", "m4_invoice", "m4_refund", "m4_payout", "m4_payout_event"])
    )
    // the merchant tools module got the shop from the plugin entry: no module entry of its own in the README
    expect(check).toMatchObject({ payouts: true, ledger: true, payoutsShopId: 1520 })
    expect(log).toContain("pp_m4_m4: M4 will send its notifications to http://localhost:9000/hooks/payment/m4_m4")
    expect(log).toContain("pp_m4_hold: M4 will send its notifications to http://localhost:9000/hooks/payment/m4_hold")
    expect(log).not.toContain("cannot reach")
  })

  it("for real payments: the production .env boots, and its public store URL is where M4 will send notifications", async () => {
    const { check, log } = await boot(readmeBlock(readme, ENV, "bash", 1))
    expect(check.providers).toEqual(expect.arrayContaining([{ id: "pp_m4_m4", is_enabled: true }]))
    expect(check.payoutsShopId).toBe(4821)
    expect(log).toContain("pp_m4_m4: M4 will send its notifications to https://api.my-shop.com/hooks/payment/m4_m4")
    expect(log).not.toContain("cannot reach")
  })

  it("the sandbox's localhost store URL with M4 itself (M4_API_URL removed): each provider warns, naming storeUrl", async () => {
    const withoutApiUrl = readmeBlock(readme, ENV, "bash", 0)
      .split("\n")
      .filter((line) => !line.startsWith("M4_API_URL="))
      .join("\n")
    const { log } = await boot(withoutApiUrl)
    for (const provider of ["pp_m4_m4", "pp_m4_hold"]) {
      expect(log).toContain(
        `${provider}: option "storeUrl" (http://localhost:9000/) is localhost, which M4 at https://api.m4solutions.io/gateway/v1/ cannot reach`
      )
    }
  })
})
