import fs from "node:fs"
import type { Browser } from "playwright-core"
import { RunningSandbox, startSandbox } from "../../src/sandbox"
import {
  createDatabase,
  dropDatabase,
  freePort,
  prepareAppCopy,
  runMedusa,
  startBuiltStore,
  StoreProcess,
} from "../helpers/m4-store-process"
import { launchChromium, saveScreenshot } from "../helpers/browser"
import { waitFor } from "../helpers/wait"

/**
 * Browser test in real Chromium against the real store: built admin (`medusa build`) served by
 * `medusa start` in a child process, on its own database, talking to the M4 sandbox.
 * medusaIntegrationTestRunner disables the admin, hence the child process.
 */
jest.setTimeout(6 * 60 * 1000)

const EMAIL = "admin@m4.test"
const PASSWORD = "m4-e2e-password"

let sandbox: RunningSandbox | undefined
let store: StoreProcess | undefined
let browser: Browser | undefined
let appDir: string | undefined
const dbName = `m4_e2e_${process.pid}_${Date.now().toString(36)}`

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, payoutStepMs: 300, seed: 1520, nowCheck: "strict" })
  appDir = await prepareAppCopy()
  const databaseUrl = await createDatabase(dbName)
  const port = await freePort()
  const url = `http://localhost:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // "development" serves the admin through vite (slow, not the build); "production"/"staging" make the
    // session cookie Secure, which express-session never sets over plain http. Any other value serves
    // the built admin with a plain cookie.
    NODE_ENV: "e2e",
    NODE_OPTIONS: "",
    MEDUSA_DISABLE_TELEMETRY: "true",
    DATABASE_URL: databaseUrl,
    M4_API_URL: sandbox.apiUrl,
    M4_TIMEOUT_MS: "5000",
    M4_PAYOUT_POLL_INTERVAL_MS: "1000",
    M4_STORE_URL: url,
    ADMIN_CORS: url,
    AUTH_CORS: url,
    STORE_CORS: url,
  }
  // the admin build does not need the database: run it alongside migrations + user creation
  await Promise.all([
    runMedusa(["build"], { cwd: appDir, env, timeoutMs: 240_000 }),
    runMedusa(["db:migrate"], { cwd: appDir, env, timeoutMs: 180_000 }).then(() =>
      runMedusa(["user", "-e", EMAIL, "-p", PASSWORD], { cwd: appDir!, env, timeoutMs: 90_000 })
    ),
  ])
  store = await startBuiltStore({ appDir, env, port, timeoutMs: 90_000 })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close().catch(() => undefined)
  await store?.stop()
  await sandbox?.stop()
  await dropDatabase(dbName).catch(() => undefined)
  if (appDir) fs.rmSync(appDir, { recursive: true, force: true })
})

it("creates a payout on the Payouts page and sees it reach success", async () => {
  const page = await browser!.newPage()
  page.setDefaultTimeout(30_000)
  try {
    await page.goto(`${store!.url}/app/login`)
    await page.fill('input[name="email"]', EMAIL)
    await page.fill('input[name="password"]', PASSWORD)
    await page.click('button[type="submit"]')
    await page.waitForURL((u) => !u.pathname.includes("/login"))

    // the sidebar entry of the route extension
    await page.getByRole("link", { name: "M4 Payouts" }).first().click()
    await page.waitForURL(/\/app\/m4-payouts$/)
    await expectText(page.getByTestId("m4-payouts-header"), "M4 Payouts")
    await expectText(page.getByTestId("m4-balance-USD"), "10000.00")

    // a bad account shows the payway's own hint
    await page.selectOption("#m4-payway", "card_payout_usd")
    await page.fill("#m4-account", "1234")
    await page.fill("#m4-amount", "100.00")
    await page.getByRole("button", { name: "Preview fees" }).click()
    await expectText(page.getByTestId("m4-payout-error"), "Card number, 16 digits")

    // preview (fees + account check), confirm, create
    await page.fill("#m4-account", "4111111111111111")
    await page.getByRole("button", { name: "Preview fees" }).click()
    await expectText(page.getByTestId("m4-payout-preview"), "Maria Garcia")
    await expectText(page.getByTestId("m4-payout-preview"), "100.00 USD")
    await page.getByRole("button", { name: "Create payout" }).click()
    // the confirmation dialog shows the account masked
    const dialog = page.getByRole("alertdialog")
    await expectText(dialog, "************1111")
    expect(await dialog.textContent()).not.toContain("4111111111111111")
    await page.getByRole("button", { name: "Send payout" }).click()

    const list = page.getByTestId("m4-payouts-list")
    await expectText(list, "************1111")
    expect(await list.textContent()).not.toContain("4111111111111111")
    await list.getByRole("link").first().click()
    await page.waitForURL(/\/app\/m4-payouts\/m4po_/)

    // the polling job settles it within ~30 s; "Refresh status" asks M4 right away
    const status = page.getByTestId("m4-payout-detail-status")
    const deadline = Date.now() + 60_000
    while (((await status.textContent()) ?? "").trim() !== "success") {
      if (Date.now() > deadline) {
        throw new Error(`payout did not reach success; status ${await status.textContent()}`)
      }
      // each poll waits for the refresh round-trip, not for a fixed time
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/refresh") && r.request().method() === "POST"),
        page.getByRole("button", { name: "Refresh status" }).click(),
      ])
    }
    await expectText(page.getByTestId("m4-payout-history"), "success")
    // masked on the detail page too, and "created by" names the admin (no name set: the e-mail)
    const detail = page.getByTestId("m4-payout-detail")
    await expectText(detail, "************1111")
    expect(await detail.textContent()).not.toContain("4111111111111111")
    await expectText(detail, EMAIL)
    await saveScreenshot(page, "payouts-admin-detail")
    expect(store!.logTail()).not.toContain("4111111111111111")

    const atSandbox = [...sandbox!.state.payouts.values()]
    expect(atSandbox).toHaveLength(1)
    expect(atSandbox[0].status).toBe(5)
  } catch (e) {
    await saveScreenshot(page, "payouts-admin-failure").catch(() => undefined)
    throw new Error(`${(e as Error).message}\n--- store log ---\n${store?.logTail()}`)
  } finally {
    await page.close()
  }
})

async function expectText(locator: import("playwright-core").Locator, text: string, timeoutMs = 30_000) {
  await waitFor(
    async () =>
      (
        (await locator
          .first()
          .textContent({ timeout: timeoutMs })
          .catch(() => "")) ?? ""
      ).includes(text),
    { timeoutMs, what: `"${text}" in ${locator}` }
  )
}
