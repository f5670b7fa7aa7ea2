/**
 * `npm run demo` itself, the way a person uses it: start on a fresh machine (fresh data folder,
 * non-default free ports), wait until the storefront, the admin dashboard and the M4 sandbox
 * answer, press Ctrl-C (SIGINT to the process group), and find nothing left running. Then a
 * second run on the same data folder: it reuses the database (no migrations, no seeding).
 */
import fs from "node:fs"
import path from "node:path"
import {
  DemoRun,
  fetchRetry,
  freshDemoDir,
  httpStatus,
  interruptDemo,
  killDemo,
  pidAlive,
  portOpen,
  processesMentioning,
  removeDemoDir,
  startDemo,
  waitFor,
  waitForDemo,
} from "../helpers/browser"

jest.setTimeout(420_000)

const dir = freshDemoDir("command")
const runs: DemoRun[] = []
const timings: Record<string, string> = {}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Asserts on the demo's console output, showing it when the assertion fails. */
function expectOutput(run: DemoRun, text: string, present = true) {
  if (run.output().includes(text) !== present) {
    throw new Error(
      `expected the demo output ${present ? "to contain" : "not to contain"} "${text}"; it was:\n${run.output()}`
    )
  }
}

afterAll(() => {
  for (const run of runs) killDemo(run) // only does something if a test failed half-way
  removeDemoDir(runs[runs.length - 1], "demo-command")
  console.log(
    `demo-command timings:\n${Object.entries(timings)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join("\n")}`
  )
}, 60_000)

/** fetch that says why it failed (connection refused, reset…) and what the store logged last. */
async function request(run: DemoRun, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetchRetry(url, init)
  } catch (e) {
    let storeLog = ""
    try {
      storeLog = fs
        .readFileSync(path.join(run.dir, "logs", "store.log"), "utf8")
        .split("\n")
        .slice(-30)
        .join("\n")
    } catch {
      // no store log yet: the demo failed before starting the store
    }
    throw new Error(`${(e as Error).message}\nstore.log:\n${storeLog}\ndemo output:\n${run.output().slice(-2000)}`)
  }
}

async function startAndCheck(label: string): Promise<DemoRun> {
  const run = await startDemo({ dir })
  runs.push(run)
  await waitForDemo(run)
  timings[`${label}: ready`] = seconds(run.readyMs!)

  for (const url of [run.urls.storefront, run.urls.admin, run.urls.sandbox]) {
    expectOutput(run, url)
  }
  expect(run.admin!.email).toContain("@")
  expect(run.admin!.password.length).toBeGreaterThanOrEqual(8)

  // the three URLs a person opens
  expect(await httpStatus(`${run.urls.storefront}/`)).toBe(200)
  expect(await httpStatus(`${run.urls.admin}/`)).toBe(200)
  expect(await httpStatus(`${run.urls.sandbox}/`)).toBe(200)
  // the storefront knows the store and its key
  const config = await (await request(run, `${run.urls.storefront}/config.json`)).json()
  expect(config).toMatchObject({ storeUrl: run.urls.store, publishableKey: run.publishableKey })
  // the Store API serves the seeded regions with the M4 providers
  const headers = { "x-publishable-api-key": run.publishableKey! }
  const { regions } = await (await request(run, `${run.urls.store}/store/regions`, { headers })).json()
  expect(regions.map((r: { currency_code: string }) => r.currency_code).sort()).toEqual(["eur", "usd"])
  const usd = regions.find((r: { currency_code: string }) => r.currency_code === "usd")
  const providers = await request(run, `${run.urls.store}/store/payment-providers?region_id=${usd.id}`, { headers })
  const { payment_providers } = await providers.json()
  expect(payment_providers.map((p: { id: string }) => p.id).sort()).toEqual(["pp_m4_hold", "pp_m4_m4", "pp_m4_wallet"])
  // the admin credentials it printed work
  const login = await request(run, `${run.urls.store}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(run.admin),
  })
  expect(login.status).toBe(200)
  return run
}

async function ctrlCAndCheckNothingLeft(run: DemoRun, label: string) {
  const pids = run.pids!
  const ports = [run.ports.store, run.ports.storefront, run.ports.sandbox, run.ports.db]
  expect(Object.keys(pids.groups).sort()).toEqual(["postgres", "sandbox", "store"])
  expect(pids.ports.postgres).toBe(run.ports.db)

  const started = Date.now()
  const code = await interruptDemo(run, 60_000)
  timings[`${label}: stop after SIGINT`] = seconds(Date.now() - started)
  // `npm run` ends like a shell job stopped with Ctrl-C (130) once the demo exited cleanly
  expect([0, 130]).toContain(code)
  expectOutput(run, "nothing left running")

  // the processes it started and the ports they used are gone (checked with a deadline: the
  // kernel may take a moment to reap)
  const everyPid = [pids.demo, ...Object.values(pids.groups)]
  await waitFor(async () => everyPid.every((pid) => !pidAlive(pid)), {
    timeoutMs: 10_000,
    what: `no demo process left (${everyPid.filter(pidAlive).join(", ")})`,
  })
  const open = await Promise.all(ports.map(portOpen))
  expect(ports.filter((_, i) => open[i])).toEqual([])
  // nothing that mentions the data folder (postgres -D <dir>, the sandbox's --state <dir>/…)
  expect(processesMentioning(dir).map((p) => p.cmd)).toEqual([])
  expect(fs.existsSync(path.join(dir, "pids.json"))).toBe(false)
}

describe("npm run demo", () => {
  it("starts everything on a fresh data folder, prints the URLs and credentials, and Ctrl-C leaves nothing running", async () => {
    const run = await startAndCheck("first run")
    expectOutput(run, "seeding the demo store")
    expect(fs.existsSync(path.join(dir, "pg", "PG_VERSION"))).toBe(true)
    await ctrlCAndCheckNothingLeft(run, "first run")
  })

  it("a second run reuses the data folder: no migrations, no seeding, faster", async () => {
    const run = await startAndCheck("second run")
    expectOutput(run, "database is migrated and seeded: reusing it")
    expectOutput(run, "seeding the demo store", false)
    expect(run.readyMs!).toBeLessThan(runs[0].readyMs!)
    await ctrlCAndCheckNothingLeft(run, "second run")
  })
})
