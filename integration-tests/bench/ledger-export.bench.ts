import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createAdminUser } from "../helpers/admin-auth"
import { useM4Sandbox } from "../helpers/m4-test-env"

/**
 * `npm run bench:ledger` (not part of `npm test`): the M4 Payments page's CSV of a busy month —
 * BENCH_LEDGER_ROWS payments (300,000 by default: 10,000 a day) — streamed from PostgreSQL on the
 * real store: rows per second and how much the process's heap grows while it downloads. The export
 * reads keyset chunks of 500 rows on the (created_at, id) index and waits for the client to take
 * each one, so the heap grows by about one chunk, not by the file.
 *
 * Measured (2 cores shared, embedded PostgreSQL): 300,000 rows, 33.8 MB of CSV in 8 s; heap
 * +16 MB, RSS +8 MB (the client reading it runs in the same process). Before the per-table keyset
 * on (created_at, id) — one ORDER BY over the union of payments and refunds — 96 s to 263 s, each
 * chunk sorting the whole ledger.
 */
jest.setTimeout(15 * 60 * 1000)

const ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 300_000)
const NEVER = "0 0 0 * * *"
useM4Sandbox({ env: { M4_RECONCILE_CRON: NEVER, M4_ATTENTION_CRON: NEVER } })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it(`exports ${ROWS} ledger rows as CSV`, async () => {
      const { headers } = await createAdminUser(getContainer())
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      // a month of paid payments, one every ~9 s
      await pg.raw(
        `insert into "m4_invoice" ("id", "shop_order_id", "provider_id", "mode", "amount", "currency_code", "payway",
           "state", "m4_status", "paid_amount", "net_amount", "settlement", "payer_price", "payer_currency", "invoice_id",
           "created_at", "updated_at")
         select 'm4inv_bench' || g, 'sess_bench' || g, 'pp_m4_m4', 'single_step', '24.99', 'usd', 'card_invoice_usd',
                'paid', 4, '24.99', '24.07', 'booked', '24.99', 'USD', (41000000 + g)::text,
                now() - (g::bigint * 30 * 86400 / ?::bigint) * interval '1 second', now()
           from generate_series(1, ?) g`,
        [ROWS, ROWS]
      )
      await pg.raw(`analyze "m4_invoice"`)

      const before = process.memoryUsage()
      let peakHeap = before.heapUsed
      let peakRss = before.rss
      const sampler = setInterval(() => {
        const now = process.memoryUsage()
        peakHeap = Math.max(peakHeap, now.heapUsed)
        peakRss = Math.max(peakRss, now.rss)
      }, 50)
      const started = Date.now()
      const res = await api.get("/admin/m4/ledger/export?tz=UTC", { headers, responseType: "stream" })
      let lines = 0
      let bytes = 0
      await new Promise<void>((resolve, reject) => {
        res.data.on("data", (chunk: Buffer) => {
          bytes += chunk.length
          for (const byte of chunk) if (byte === 10) lines++
        })
        res.data.on("end", () => resolve())
        res.data.on("error", reject)
      })
      clearInterval(sampler)
      const seconds = (Date.now() - started) / 1000
      const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
      console.log(
        [
          `ledger export: ${ROWS} rows, ${mb(bytes)} of CSV in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s)`,
          `heap ${mb(before.heapUsed)} → peak ${mb(peakHeap)} (+${mb(peakHeap - before.heapUsed)})`,
          `rss ${mb(before.rss)} → peak ${mb(peakRss)} (+${mb(peakRss - before.rss)})`,
        ].join("\n")
      )
      expect(lines).toBe(ROWS + 1)
    })
  },
})
