/**
 * README "Install into a store", as a merchant follows it: the packed plugin in a separate Medusa
 * application whose medusa-config.ts and .env are the README's code blocks verbatim, then
 * `medusa db:migrate` and a boot (`medusa exec`) that must see the M4 providers registered, the
 * plugin's modules loaded and its tables created.
 */
import fs from "node:fs"
import path from "node:path"
import { packIntoScratchProject } from "../helpers/packed-package"
import { createDatabase, dropDatabase, runMedusa } from "../helpers/m4-store-process"

jest.setTimeout(300_000)

const dbName = `m4_install_${process.pid}_${Date.now().toString(36)}`
let scratch: string | undefined

afterAll(async () => {
  await dropDatabase(dbName).catch(() => undefined)
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

/** The first fenced block of `lang` between two README headings. */
function block(readme: string, from: string, to: string, lang: string): string {
  const section = readme.slice(readme.indexOf(from), readme.indexOf(to))
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)\\n```").exec(section)
  if (!match) throw new Error(`README: no ${lang} block between "${from}" and "${to}"`)
  return match[1]
}

it("the README's medusa-config.ts and .env boot a store with the packed plugin: migrations, providers, modules", async () => {
  const packed = packIntoScratchProject("install")
  scratch = packed.scratch
  const app = packed.project
  const readme = fs.readFileSync(path.join(packed.packageDir, "README.md"), "utf8")
  fs.writeFileSync(
    path.join(app, "medusa-config.ts"),
    block(readme, "### 2. `medusa-config.ts`", "### 3. `.env`", "ts") + "\n"
  )
  const databaseUrl = await createDatabase(dbName)
  fs.writeFileSync(
    path.join(app, ".env"),
    block(readme, "### 3. `.env`", "### 4. Migrate", "bash") +
      // what create-medusa-app writes besides
      `\nDATABASE_URL=${databaseUrl}\nSTORE_CORS=http://localhost:8000\nADMIN_CORS=http://localhost:9000\nAUTH_CORS=http://localhost:8000,http://localhost:9000\n`
  )
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
  fs.writeFileSync(
    path.join(app, "src/scripts/check-m4.ts"),
    `import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import fs from "node:fs"

export default async function ({ container }: ExecArgs) {
  const providers = await container.resolve(Modules.PAYMENT).listPaymentProviders({})
  const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const tables = await pg.raw("select table_name from information_schema.tables where table_name like 'm4_%' order by 1")
  fs.writeFileSync(process.env.M4_CHECK_OUT!, JSON.stringify({
    providers: providers.map((p: { id: string; is_enabled: boolean }) => ({ id: p.id, is_enabled: p.is_enabled })),
    tables: tables.rows.map((r: { table_name: string }) => r.table_name),
    payouts: container.hasRegistration("m4Payouts"),
    ledger: container.hasRegistration("m4Ledger"),
  }))
}
`
  )
  const out = path.join(scratch, "check.json")
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "", NODE_ENV: "development", M4_CHECK_OUT: out }
  for (const key of [
    "DATABASE_URL",
    "DB_HOST",
    "DB_PORT",
    "DB_USERNAME",
    "DB_PASSWORD",
    "DB_TEMP_NAME",
    "JEST_WORKER_ID",
  ])
    delete env[key]

  await runMedusa(["db:migrate"], { cwd: app, env, timeoutMs: 180_000 })
  await runMedusa(["exec", "./src/scripts/check-m4.ts"], { cwd: app, env, timeoutMs: 120_000 })
  const check = JSON.parse(fs.readFileSync(out, "utf8"))
  expect(check.providers).toEqual(
    expect.arrayContaining([
      { id: "pp_m4_m4", is_enabled: true },
      { id: "pp_m4_hold", is_enabled: true },
    ])
  )
  expect(check.tables).toEqual(expect.arrayContaining(["m4_notification", "m4_payout", "m4_payout_event"]))
  expect(check).toMatchObject({ payouts: true, ledger: true })
})
