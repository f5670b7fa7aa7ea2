import fs from "node:fs"
import path from "node:path"
import axios from "axios"
import type { Browser, Locator, Page } from "playwright-core"
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
import { Storefront, shopperOnPayPage } from "../helpers/storefront"
import { waitFor } from "../helpers/wait"
import { AdminApi } from "../helpers/admin-api"
import { expectBooksMatchM4 } from "../helpers/books"

/**
 * Browser tests in real Chromium against the real store: built admin (`medusa build`) served by
 * `medusa start` in a child process, on its own database, talking to the M4 sandbox — the M4
 * Payouts page and the M4 Payments page (the merchant's desk) with the order's M4 panel.
 * medusaIntegrationTestRunner disables the admin, hence the child process.
 */
jest.setTimeout(6 * 60 * 1000)

const EMAIL = "admin@m4.test"
const PASSWORD = "m4-e2e-password"

let sandbox: RunningSandbox | undefined
let store: StoreProcess | undefined
let browser: Browser | undefined
let appDir: string | undefined
let databaseUrl: string | undefined
let seed: {
  publishable_key: string
  region_id: string
  variant_id: string
  notification_id: string
  returned_invoice_id: string
}
const dbName = `m4_e2e_${process.pid}_${Date.now().toString(36)}`

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, payoutStepMs: 300, seed: 1520, nowCheck: "strict" })
  appDir = await prepareAppCopy()
  // the desk's seed runs in the app copy (medusa exec), so it uses the ledger's own statements
  fs.copyFileSync(
    path.join(__dirname, "../fixtures/app-scripts/seed-m4-desk.ts"),
    path.join(appDir, "src/scripts/seed-m4-desk.ts")
  )
  const seedFile = path.join(appDir, "desk-seed.json")
  databaseUrl = await createDatabase(dbName)
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
    M4_DESK_SEED_FILE: seedFile,
    M4_STORE_URL: url,
    ADMIN_CORS: url,
    AUTH_CORS: url,
    STORE_CORS: url,
  }
  // the admin build does not need the database: run it alongside migrations, user creation and the seed
  await Promise.all([
    runMedusa(["build"], { cwd: appDir, env, timeoutMs: 240_000 }),
    runMedusa(["db:migrate"], { cwd: appDir, env, timeoutMs: 180_000 })
      .then(() => runMedusa(["user", "-e", EMAIL, "-p", PASSWORD], { cwd: appDir!, env, timeoutMs: 90_000 }))
      .then(() => runMedusa(["exec", "./src/scripts/seed-m4-desk.ts"], { cwd: appDir!, env, timeoutMs: 120_000 })),
  ])
  seed = JSON.parse(fs.readFileSync(seedFile, "utf8"))
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
  const page = await browser!.newPage({ viewport: { width: 1440, height: 1800 } })
  page.setDefaultTimeout(30_000)
  try {
    await login(page)

    // the sidebar entry of the route extension
    await page.getByRole("link", { name: "M4 Payouts" }).first().click()
    await page.waitForURL(/\/app\/m4-payouts$/)
    await expectText(page.getByTestId("m4-payouts-header"), "M4 Payouts")
    // digit grouping, the currency's minor units
    await expectText(page.getByTestId("m4-balance-USD"), "10,000.00")

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
    // the status in the merchant's words, not the plugin's token
    expect(await list.textContent()).not.toMatch(/pending_verification|needs_attention|processing/)
    await saveScreenshot(page, "payouts-admin-list")
    await list.getByRole("link").first().click()
    await page.waitForURL(/\/app\/m4-payouts\/m4po_/)

    // the polling job settles it within ~30 s; "Refresh status" asks M4 right away
    const status = page.getByTestId("m4-payout-detail-status")
    const deadline = Date.now() + 60_000
    while ((await status.getAttribute("data-status")) !== "success") {
      if (Date.now() > deadline) {
        throw new Error(`payout did not reach success; status ${await status.textContent()}`)
      }
      // each poll waits for the refresh round-trip, not for a fixed time
      await Promise.all([
        page.waitForResponse((r) => r.url().includes("/refresh") && r.request().method() === "POST"),
        page.getByRole("button", { name: "Refresh status" }).click(),
      ])
    }
    await expectText(page.getByTestId("m4-payout-history"), "Paid out")
    await expectText(status, "Paid out")
    // masked on the detail page too, and "created by" names the admin (no name set: the e-mail)
    const detail = page.getByTestId("m4-payout-detail")
    await expectText(detail, "************1111")
    expect(await detail.textContent()).not.toContain("4111111111111111")
    await expectText(detail, EMAIL)
    await saveScreenshot(page, "payouts-admin-detail")
    expect(store!.logTail()).not.toContain("4111111111111111")

    const atSandbox = [...sandbox!.state.payouts.values()]
    // the seed's payout that needs attention was made in the database, not at M4
    expect(atSandbox).toHaveLength(1)
    expect(atSandbox[0].status).toBe(5)
  } catch (e) {
    await saveScreenshot(page, "payouts-admin-failure").catch(() => undefined)
    throw new Error(`${(e as Error).message}\n--- store log ---\n${store?.logTail()}`)
  } finally {
    await page.close()
  }
})

it("the M4 payments page: what needs the merchant and its actions, the ledger with M4's fees, totals, the CSV, the order panel", async () => {
  // real money through the store and the sandbox: a paid order refunded in part, a refund M4
  // refuses, and a hold made 4½ days ago (dated back: M4 releases holds after 5 days)
  const shop = new Storefront(axios.create({ baseURL: store!.url }), seed.publishable_key)
  const paid = await checkout(shop, "pp_m4_m4")
  const held = await checkout(shop, "pp_m4_hold")
  const admin = await adminApi()
  const payment = (await admin.get(`/admin/orders/${paid.id}?fields=*payment_collections.payments`)).data.order
    .payment_collections[0].payments[0]
  expect((await admin.post(`/admin/payments/${payment.id}/refund`, { amount: 5 })).status).toBe(200)
  await sandboxFault({ type: "fail_refunds", count: 1 })
  await admin.post(`/admin/payments/${payment.id}/refund`, { amount: 3 }).catch(() => undefined)
  await sql(
    `update "m4_invoice" set "created_at" = now() - interval '108 hours' where "payment_collection_id" in
       (select "payment_collection_id" from "order_payment_collection" where "order_id" = $1)`,
    [held.id]
  )
  await waitFor(
    async () => {
      const { rows } = (await admin.get("/admin/m4/ledger")).data
      const refunds = rows.filter((r: { type: string }) => r.type === "refund").map((r: { status: string }) => r.status)
      return refunds.sort().join() === "refund_refused,refunded"
    },
    { what: "M4's answers on both refunds", timeoutMs: 60_000 }
  )
  // the refund M4 refused is not in the order's books; the hold is the held order's authorization
  await booksAgree(paid.id, paid.cartId)
  await booksAgree(held.id, held.cartId)

  // tall enough for the whole page in one screenshot (the dashboard scrolls inside its own frame)
  const page = await browser!.newPage({ viewport: { width: 1440, height: 2400 }, acceptDownloads: true })
  page.setDefaultTimeout(30_000)
  try {
    await login(page)
    await page.getByRole("link", { name: "M4 Payments" }).first().click()
    await page.waitForURL(/\/app\/m4-payments$/)
    await expectText(page.getByTestId("m4-payments-header"), "M4 Payments")

    // needs attention: each item in the merchant's words, with the action that settles it
    const attention = page.getByTestId("m4-attention")
    for (const title of [
      "M4 notification not applied",
      "M4 payment returned to the shopper",
      "M4 refused a refund",
      "M4 hold expires soon",
      "M4 has not confirmed a payment",
      "M4 payout needs a look",
    ]) {
      await expectText(attention, title)
    }
    await expectText(page.getByTestId("m4-attention-count"), "6 items")
    await expectText(page.getByTestId("m4-attention-money_returned"), "1,234.50 USD")
    expect(await attention.textContent()).not.toMatch(/\b[a-z]+_[a-z_]+\b/)
    const ledger = page.getByTestId("m4-ledger")
    await expectText(ledger, "Bank card")
    await saveScreenshot(page, "m4-payments-page")

    // retry the notification: back to the sweep, off the list
    await itemRow(page, "notification_failed").getByRole("button", { name: "Retry now" }).click()
    await waitFor(async () => (await page.getByTestId("m4-attention-notification_failed").count()) === 0, {
      what: "the retried notification to leave the list",
    })
    // the automatic return: seen, off the list
    await itemRow(page, "money_returned").getByRole("button", { name: "Mark as seen" }).click()
    await waitFor(async () => (await page.getByTestId("m4-attention-money_returned").count()) === 0, {
      what: "the return to leave the list",
    })
    await expectText(page.getByTestId("m4-attention-count"), "4 items")

    // the ledger: M4's method name, amounts, M4's fee and the net credited, statuses in words
    await expectText(ledger, "24.99 USD")
    await expectText(ledger, "Refunded")
    await expectText(ledger, "Refund refused by M4")
    await expectText(ledger, "Held (authorized)")
    await expectText(ledger, "Returned to the shopper")
    await expectText(ledger, "−5.00 USD")
    const atM4 = [...sandbox!.state.invoices.values()].find((i) => i.amount === "24.99" && i.status === 4)!
    const fee = (Math.round(Number(atM4.amount) * 100) - Math.round(Number(atM4.shop_refund) * 100)) / 100
    await expectText(ledger, `${fee.toFixed(2)} USD`)
    // the period: the paid order and the payment returned in full; refunds include the return
    await expectText(page.getByTestId("m4-period-gross"), "1,259.49 USD")
    await expectText(page.getByTestId("m4-period-refunds"), "1,239.50 USD")
    await saveScreenshot(page, "m4-payments-actions-done")

    // filter by status in the DataTable's filter menu
    await page.getByTestId("m4-ledger-filter").getByRole("button").click()
    await page.getByRole("menuitem", { name: "Status" }).click()
    await page
      .locator("[data-radix-popper-content-wrapper]")
      .getByRole("button", { name: "Refund refused by M4" })
      .click()
    await page.keyboard.press("Escape")
    // the status choices close (the screenshot is taken once they are gone)
    await page
      .locator("[data-radix-popper-content-wrapper]")
      .filter({ hasText: "Refund in progress at M4" })
      .waitFor({ state: "detached" })
    await expectText(ledger, "1 of 1 results")
    // the rows of the ledger's table (the last table: the totals per day come first)
    const rows = ledger.locator("table").last().locator("tbody tr")
    expect(await rows.count()).toBe(1)
    await expectText(rows, "Refund refused by M4")
    await saveScreenshot(page, "m4-payments-filtered")

    // the CSV of that view: streamed by the server, the merchant's words, plain exact amounts
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("m4-ledger-export").click()])
    expect(download.suggestedFilename()).toMatch(/^m4-ledger_\d{4}-\d{2}-\d{2}_to_\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "")
    const lines = csv.trim().split("\r\n")
    expect(lines[0]).toMatch(/^Date \([^)]+\),Type,Order,Order ID,M4 invoice,Method,Amount,M4 fee,Net credited,/)
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(",Refund,")
    expect(lines[1]).toContain(",3.00,")
    expect(lines[1]).toContain("Refund refused by M4")

    // the hold: "Capture or release" opens its order
    await itemRow(page, "hold_expiring").getByRole("link", { name: "Capture or release" }).click()
    await page.waitForURL(new RegExp(`/app/orders/${held.id}`))

    // the paid order's M4 panel: M4's fee, the net credited, M4's confirmation
    await page.goto(`${store!.url}/app/orders/${paid.id}`)
    const panel = page.getByTestId("m4-order-panel")
    await expectText(panel, "Bank card")
    await expectText(page.getByTestId("m4-invoice-fee"), `${fee.toFixed(2)} USD`)
    await expectText(page.getByTestId("m4-invoice-net"), `${Number(atM4.shop_refund).toFixed(2)} USD`)
    await expectText(page.getByTestId("m4-invoice-confirmed"), "Confirmed by M4 at")
    await expectText(panel, "Refund refused by M4")
    expect(await panel.textContent()).not.toMatch(/\b[a-z]+_[a-z_]+\b|SUCCESS|FAILED/)
    await panel.scrollIntoViewIfNeeded()
    await saveScreenshot(page, "m4-order-panel")
  } catch (e) {
    await saveScreenshot(page, "m4-payments-failure").catch(() => undefined)
    throw new Error(`${(e as Error).message}\n--- store log ---\n${store?.logTail()}`)
  } finally {
    await page.close()
  }
})

async function login(page: Page) {
  await page.goto(`${store!.url}/app/login`)
  await page.fill('input[name="email"]', EMAIL)
  await page.fill('input[name="password"]', PASSWORD)
  await page.click('button[type="submit"]')
  await page.waitForURL((u) => !u.pathname.includes("/login"))
}

/** The row of a needs-attention item (its actions sit in the same table row). */
function itemRow(page: Page, kind: string): Locator {
  return page.locator("tr", { has: page.getByTestId(`m4-attention-${kind}`) })
}

/** A cart paid on M4's page and completed: the order. */
async function checkout(shop: Storefront, providerId: string) {
  const cart = await shop.readyCart({ region_id: seed.region_id, variant_id: seed.variant_id, country_code: "us" })
  const session = await shop.initiatePayment(cart.id, providerId)
  await shopperOnPayPage(session.data.redirect, "pay")
  const { data } = await shop.complete(cart.id)
  expect(data.type).toBe("order")
  return { ...(data.order as { id: string; display_id: number }), cartId: cart.id }
}

/** The Admin API as the merchant's admin user (a bearer token from e-mail and password). */
async function adminApi() {
  const { data } = await axios.post(`${store!.url}/auth/user/emailpass`, { email: EMAIL, password: PASSWORD })
  return axios.create({ baseURL: store!.url, headers: { authorization: `Bearer ${data.token}` } })
}

/** The order's books equal M4's (refunds M4 settles a moment later: polled until they agree). */
async function booksAgree(orderId: string, cartId: string) {
  const { data } = await axios.post(`${store!.url}/auth/user/emailpass`, { email: EMAIL, password: PASSWORD })
  const admin = new AdminApi(axios.create({ baseURL: store!.url }), { authorization: `Bearer ${data.token}` })
  let last: unknown
  await waitFor(
    async () => {
      try {
        await expectBooksMatchM4({ admin, m4: { sandbox } as never, orderId, cartId })
        return true
      } catch (e) {
        last = e
        return false
      }
    },
    { what: `the books of ${orderId} to equal M4's`, timeoutMs: 30_000 }
  ).catch(() => {
    throw last
  })
}

async function sandboxFault(rule: Record<string, unknown>) {
  const res = await fetch(`${sandbox!.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(rule),
  })
  expect(res.ok).toBe(true)
}

async function sql(text: string, params: unknown[]) {
  const { Client } = (await import("pg")).default ?? (await import("pg"))
  const client = new Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(text, params)
  } finally {
    await client.end()
  }
}

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
