/**
 * The README followed by a merchant, for real: a fresh store made like `create-medusa-app`'s, its
 * packages installed from the npm registry, then the README's steps in order — `npm install` of the
 * packed tarball, its medusa-config.ts and sandbox .env, `npx medusa db:migrate`, `npx m4-sandbox`,
 * `npm run dev`, the providers enabled in the region — and a payment through the sandbox whose
 * notification arrives and completes the order. Only the ports differ from the README's (free ports
 * instead of 9000 and 8787). Also checked here, because only a real install shows it: one copy of
 * zod (and of every other dependency of the plugin) in the store, and npm's install-scripts warning
 * naming only what the README says it names.
 *
 * Needs the npm registry (the packages come from npm's cache when `npm ci` filled it: about 1.5 min).
 */
import axios from "axios"
import { ChildProcess, spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { packPlugin } from "../helpers/packed-package"
import { createDatabase, dropDatabase, killGroup, runCommand } from "../helpers/m4-store-process"
import { shopperOnPayPage, Storefront } from "../helpers/storefront"
import { freePort, pollUntil, waitFor } from "../helpers/wait"
import { commandsOf, packageReadme, readmeBlock } from "./readme-blocks"

jest.setTimeout(600_000)

const ROOT = path.resolve(__dirname, "../..")
const STEP_1 = "### 1. Install the package"
const CONFIG = "### 2. `medusa-config.ts`"
const ENV = "### 3. `.env`"
const MIGRATE = "### 4. Migrate"
const START = "### 5. Start the store, then enable the providers in your regions"
const SANDBOX = "### 6. Try a payment with the sandbox"
/** npm 11's skipped install scripts in a create-medusa-app store, as the README lists them */
const README_INSTALL_SCRIPTS = ["@medusajs/telemetry", "@swc/core", "esbuild", "msgpackr-extract", "protobufjs"]
const ADMIN = { email: "admin@my-shop.test", password: "a-merchant-password" }

const medusaVersion = JSON.parse(
  fs.readFileSync(path.join(ROOT, "node_modules/@medusajs/framework/package.json"), "utf8")
).version as string
const dbName = `m4_merchant_${process.pid}_${Date.now().toString(36)}`
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "m4-merchant-"))
const store = path.join(scratch, "my-medusa-store")
const running: { name: string; child: ChildProcess; out: () => string }[] = []
const timings: string[] = []
let lap = Date.now()
const took = (what: string) => {
  timings.push(`  ${what}: ${((Date.now() - lap) / 1000).toFixed(1)} s`)
  lap = Date.now()
}

afterAll(async () => {
  console.log(`merchant-store timings:\n${timings.join("\n")}`)
  for (const { child } of running) killGroup(child, "SIGTERM")
  await Promise.all(
    running.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          const timer = setTimeout(() => {
            killGroup(child, "SIGKILL")
            resolve()
          }, 10_000)
          child.once("exit", () => {
            clearTimeout(timer)
            resolve()
          })
        })
    )
  )
  await dropDatabase(dbName).catch(() => undefined)
  fs.rmSync(scratch, { recursive: true, force: true })
}, 60_000)

/** A merchant's shell: no settings of this project's tests; npm answers from its cache when it can. */
function merchantEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "", LOG_LEVEL: "info", ...extra }
  for (const key of Object.keys(env)) {
    if (/^(DB_|M4_|DATABASE_URL$|STOREFRONT_URL$|JEST_WORKER_ID$|NODE_ENV$|PORT$)/.test(key) && !(key in extra)) {
      delete env[key]
    }
  }
  return {
    ...env,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  }
}

/** Runs one README command line (`npm …` / `npx …`) in the store, to completion. */
function run(commandLine: string, env = merchantEnv(), timeoutMs = 300_000): Promise<string> {
  const [cmd, ...args] = commandLine.split(/\s+/)
  return runCommand(cmd, args, { cwd: store, env, timeoutMs })
}

/** Starts a long-running README command (its own process group, output kept). */
function start(name: string, commandLine: string, env: NodeJS.ProcessEnv) {
  const [cmd, ...args] = commandLine.split(/\s+/)
  const child = spawn(cmd, args, { cwd: store, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  child.stdout!.on("data", (c) => (out = (out + c).slice(-200_000)))
  child.stderr!.on("data", (c) => (out = (out + c).slice(-200_000)))
  const proc = { name, child, out: () => out }
  running.push(proc)
  return proc
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? "it exited" : null)

/** The files create-medusa-app gives a store (Medusa at this project's version), and its seed as a script. */
function createMedusaAppFiles() {
  fs.mkdirSync(path.join(store, "src/scripts"), { recursive: true })
  fs.writeFileSync(
    path.join(store, "package.json"),
    JSON.stringify(
      {
        name: "my-medusa-store",
        version: "0.0.1",
        private: true,
        scripts: { build: "medusa build", start: "medusa start", dev: "medusa develop" },
        dependencies: {
          "@medusajs/admin-sdk": medusaVersion,
          "@medusajs/cli": medusaVersion,
          "@medusajs/framework": medusaVersion,
          "@medusajs/medusa": medusaVersion,
        },
        devDependencies: {
          "@swc/core": "^1.7.28",
          "@types/node": "^20.12.11",
          "@types/react": "^18.3.2",
          "@types/react-dom": "^18.2.25",
          "prop-types": "^15.8.1",
          react: "^18.3.1",
          "react-dom": "^18.3.1",
          "ts-node": "^10.9.2",
          typescript: "^5.6.2",
          vite: "^5.4.14",
        },
      },
      null,
      2
    )
  )
  fs.writeFileSync(
    path.join(store, "tsconfig.json"),
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
        resolveJsonModule: true,
      },
      "ts-node": { swc: true },
      include: ["**/*", ".medusa/types/*"],
      exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
    })
  )
  // what create-medusa-app's seed gives: a region (with Medusa's system provider only), a product,
  // shipping and a publishable key; written with the plugin's own seed helper for brevity
  fs.writeFileSync(
    path.join(store, "src/scripts/seed.ts"),
    `import type { ExecArgs } from "@medusajs/framework/types"
import fs from "node:fs"
import { seedM4Store } from "medusa-payment-m4/scripts/lib/seed-m4-store"

export default async function seed({ container }: ExecArgs) {
  const seeded = await seedM4Store(container, {
    regions: [{ name: "US", currency_code: "usd", countries: ["us"], payment_providers: ["pp_system_default"] }],
    products: [{ title: "T-shirt", handle: "t-shirt", prices: { usd: "19.99" } }],
    shipping: { usd: "5" },
  })
  fs.writeFileSync(process.env.SEED_OUT!, JSON.stringify(seeded))
}
`
  )
}

/** Every version of `name` in the store's installed tree. */
async function installedVersions(name: string): Promise<string[]> {
  const json = await run(`npm ls ${name} --all --json`).catch((e: Error) => e.message.slice(e.message.indexOf("{")))
  const versions = new Set<string>()
  const walk = (node: { dependencies?: Record<string, { version?: string }> }) => {
    for (const [dep, child] of Object.entries(node.dependencies ?? {})) {
      if (dep === name && child.version) versions.add(child.version)
      walk(child)
    }
  }
  walk(JSON.parse(json.slice(json.indexOf("{"))))
  return [...versions]
}

/** Package names of npm's "install scripts not yet covered by allowScripts" lines. */
const skippedScripts = (output: string) =>
  [...output.matchAll(/^(?:npm warn install-scripts)?\s+(@?[\w./-]+)@\d[^\s]* \((?:preinstall|install|postinstall)/gm)]
    .map((m) => m[1])
    .sort()

it("a fresh store follows the README: install, config, migrate, sandbox, start, enable, and a payment whose notification arrives", async () => {
  const storePort = await freePort()
  const sandboxPort = await freePort()
  const packed = packPlugin(scratch)
  createMedusaAppFiles()
  const databaseUrl = await createDatabase(dbName)

  // the existing application (create-medusa-app ran `npm install`)
  lap = Date.now()
  await run("npm install", merchantEnv(), 480_000)
  took("the store's own npm install")

  // 1. Install the package: in the clone, CI runs `npm ci` and `npm run build`, packPlugin `npm pack`
  const readme = packageReadme(ROOT)
  const [inClone, inStore] = commandsOf(readmeBlock(readme, STEP_1, "bash"))
  expect(inClone).toBe("npm ci && npm run build && npm pack")
  expect(inStore).toBe(`npm install /path/to/${path.basename(packed.tarball)}`)
  const installed = await run(inStore.replace(/\/path\/to\/\S+/, packed.tarball))
  took("npm install of the tarball")

  // one copy of what Medusa already has: nothing private under the plugin, one zod in the store
  expect(fs.existsSync(path.join(store, "node_modules/medusa-payment-m4/node_modules"))).toBe(false)
  expect(await installedVersions("zod")).toHaveLength(1)
  // npm 11 lists the dependencies whose install scripts it skipped: Medusa's and the starter's, as the README says
  const skipped = skippedScripts(installed)
  if (installed.includes("not yet covered by allowScripts")) {
    expect([...new Set(skipped)]).toEqual(README_INSTALL_SCRIPTS)
  }
  const ours = ["medusa-payment-m4", "zod", "axios", "bignumber.js", "lossless-json", "currency-codes"]
  const reviewable = skippedScripts(await run("npm install-scripts ls"))
  expect(reviewable.length).toBeGreaterThan(0)
  expect(reviewable.filter((name) => ours.includes(name))).toEqual([])

  took("npm ls, npm install-scripts ls")

  // 2. and 3.: the README's files, at this test's ports; create-medusa-app's own .env lines besides
  fs.writeFileSync(path.join(store, "medusa-config.ts"), readmeBlock(readme, CONFIG, "ts") + "\n")
  const dotEnv = readmeBlock(readme, ENV, "bash", 0)
  expect(dotEnv).toContain("http://localhost:9000")
  expect(dotEnv).toContain("http://127.0.0.1:8787/")
  fs.writeFileSync(
    path.join(store, ".env"),
    dotEnv.replace("http://localhost:9000", `http://localhost:${storePort}`).replace(":8787/", `:${sandboxPort}/`) +
      `\nDATABASE_URL=${databaseUrl}\nSTORE_CORS=http://localhost:8000\nADMIN_CORS=http://localhost:${storePort}\n` +
      `AUTH_CORS=http://localhost:8000,http://localhost:${storePort}\nJWT_SECRET=supersecret\nCOOKIE_SECRET=supersecret\n`
  )

  // 4. Migrate
  const [migrate] = commandsOf(readmeBlock(readme, MIGRATE, "bash"))
  await run(migrate)
  took("npx medusa db:migrate")
  // what create-medusa-app did besides: an admin user and the seed
  await run(`npx medusa user -e ${ADMIN.email} -p ${ADMIN.password}`)
  const seedOut = path.join(scratch, "seed.json")
  await run("npx medusa exec ./src/scripts/seed.ts", merchantEnv({ SEED_OUT: seedOut }))
  const seeded = JSON.parse(fs.readFileSync(seedOut, "utf8"))
  took("admin user and seed")

  // 6. the sandbox, installed with the package (started first here: the store is ready to pay at once)
  const [sandboxCommand] = commandsOf(readmeBlock(readme, SANDBOX, "bash"))
  expect(sandboxCommand).toBe("npx m4-sandbox")
  const sandbox = start("sandbox", sandboxCommand, merchantEnv({ M4_SANDBOX_PORT: String(sandboxPort) }))
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  await waitFor(() => fetch(`${sandboxUrl}/_sandbox/config`).then((r) => r.ok), {
    timeoutMs: 60_000,
    what: "the sandbox",
    abort: () => exited(sandbox.child) && `the sandbox exited:\n${sandbox.out().slice(-2000)}`,
  })

  // 5. Start the store
  const [devCommand] = commandsOf(readmeBlock(readme, START, "bash"))
  expect(devCommand).toBe("npm run dev")
  const dev = start("store", devCommand, merchantEnv({ PORT: String(storePort) }))
  const storeUrl = `http://localhost:${storePort}`
  await waitFor(() => fetch(`${storeUrl}/health`).then((r) => r.ok), {
    timeoutMs: 240_000,
    what: "the store's /health",
    abort: () => exited(dev.child) && `npm run dev exited:\n${dev.out().slice(-3000)}`,
  })
  took("sandbox up, npm run dev healthy")
  for (const id of ["m4", "hold"]) {
    expect(dev.out()).toContain(
      `pp_m4_${id}: M4 will send its notifications to http://localhost:${storePort}/hooks/payment/m4_${id}`
    )
  }
  expect(dev.out()).not.toContain("cannot reach")

  // 5. then enable the providers in the region, as the dashboard's region form does
  const api = axios.create({ baseURL: storeUrl, validateStatus: () => true })
  const shop = new Storefront(api, seeded.publishable_key)
  const regionId = seeded.regions.US.id
  const listed = async () =>
    (await shop.get(`/store/payment-providers?region_id=${regionId}`)).data.payment_providers.map(
      (p: { id: string }) => p.id
    )
  expect(await listed()).not.toContain("pp_m4_m4")
  const login = await api.post("/auth/user/emailpass", ADMIN)
  expect(login.status).toBe(200)
  const admin = { authorization: `Bearer ${login.data.token}` }
  const enabled = await api.post(
    `/admin/regions/${regionId}`,
    { payment_providers: ["pp_system_default", "pp_m4_m4", "pp_m4_hold"] },
    { headers: admin }
  )
  expect(enabled.status).toBe(200)
  expect(await listed()).toEqual(expect.arrayContaining(["pp_m4_m4", "pp_m4_hold"]))

  // a shopper pays with "M4 (M4)" on the sandbox's page; the storefront never completes the cart:
  // the sandbox's notification must do it
  const cart = await shop.readyCart({
    region_id: regionId,
    variant_id: seeded.products[0].variant_id,
    country_code: "us",
  })
  const session = await shop.initiatePayment(cart.id, "pp_m4_m4")
  expect(session.status).toBe("pending")
  const paid = await shopperOnPayPage(session.data.redirect, "pay")
  expect(paid.location).toBe(`http://localhost:8000/api/m4/return?cart_id=${cart.id}`)

  const delivery = await waitFor(
    async () => {
      const deliveries = await (
        await fetch(`${sandboxUrl}/_sandbox/deliveries?ref_id=${session.data.invoice_id}`)
      ).json()
      return deliveries.find((d: { status: string }) => d.status === "delivered")
    },
    { timeoutMs: 60_000, what: "the sandbox's notification to be delivered" }
  )
  expect(delivery.url).toMatch(new RegExp(`^http://localhost:${storePort}/hooks/payment/m4_m4`))
  expect(delivery.attempts.at(-1).http_status).toBe(200)

  const order = await pollUntil(
    async () => {
      const { data } = await api.get(`/admin/orders?fields=id,payment_status,total,*payment_collections`, {
        headers: admin,
      })
      return data.orders?.[0]
    },
    (o) => o?.payment_status === "captured",
    { timeoutMs: 60_000, what: "the order made by the notification, its payment captured" }
  )
  expect(order.total).toBe(24.99)
  expect((await shop.cart(cart.id)).completed_at).toBeTruthy()
  took("providers enabled, payment, notification, order")
})
