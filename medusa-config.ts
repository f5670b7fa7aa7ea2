import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

/**
 * The development and test store. The plugin's own `src/` is this project, so its
 * subscribers, routes, jobs and modules load without a build; the provider is
 * registered from `./src/providers/m4`. A store that installs the package uses
 * `resolve: "medusa-payment-m4/providers/m4"` instead (see README).
 */
const storeUrl = process.env.M4_STORE_URL ?? `http://localhost:${process.env.PORT ?? 9000}`
const apiUrl = process.env.M4_API_URL ?? "http://127.0.0.1:8787/gateway/v1/"
const shopId = process.env.M4_SHOP_ID ?? "1520"
const secretKey = process.env.M4_SECRET_KEY ?? "sandbox-secret-key"
const storefrontUrl = process.env.M4_STOREFRONT_URL ?? storeUrl
const orderBeforePayment = process.env.M4_ORDER_BEFORE_PAYMENT === "true"
const msList = (value: string | undefined) => (value ? value.split(",").map((v) => Number(v.trim())) : undefined)
const reconcileSchedule = msList(process.env.M4_RECONCILE_SCHEDULE_MS)
const notificationRetries = msList(process.env.M4_NOTIFICATION_RETRY_MS)

// Production topology (README "Production: servers, a worker and Redis"): with REDIS_URL the event
// bus, workflow engine, locking and caching live in Redis so several instances share them;
// MEDUSA_WORKER_MODE picks what an instance runs: `server` (HTTP only), `worker` (subscribers,
// scheduled jobs, workflow retries) or `shared` (both: one process, the default).
const redisUrl = process.env.REDIS_URL
const workerMode = (process.env.MEDUSA_WORKER_MODE ?? "shared") as "shared" | "server" | "worker"
if (!["shared", "server", "worker"].includes(workerMode)) {
  throw new Error(`MEDUSA_WORKER_MODE must be shared, server or worker, got "${workerMode}"`)
}
// option shapes: @medusajs/utils define-config.js (Medusa's own Redis set-up) and each module's types
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } },
          ],
        },
      },
      {
        resolve: "@medusajs/medusa/caching",
        options: {
          providers: [
            { resolve: "@medusajs/medusa/caching-redis", id: "caching-redis", is_default: true, options: { redisUrl } },
          ],
        },
      },
    ]
  : []

// The sandbox's default payways (src/sandbox/config/default-config.ts), one per currency.
// M4_CARD_PAYWAYS (JSON, e.g. {"usd":"card_invoice_eur"}) replaces entries: a store currency
// paid through another currency's payway (cross-currency invoices, M4 converts).
const cardPayways: Record<string, string> = {
  usd: "card_invoice_usd",
  eur: "card_invoice_eur",
  jpy: "card_invoice_jpy",
  kwd: "card_invoice_kwd",
  ...(process.env.M4_CARD_PAYWAYS ? JSON.parse(process.env.M4_CARD_PAYWAYS) : {}),
}

const m4Common = {
  shopId,
  secretKey,
  apiUrl,
  storeUrl,
  shopName: process.env.M4_SHOP_NAME ?? "M4 Demo Store",
  // M4_SUCCESS_URL / M4_FAIL_URL: another storefront's return route (the dtc-starter's is /api/m4/return)
  successUrl: process.env.M4_SUCCESS_URL ?? `${storefrontUrl}/checkout/return?cart_id={cart_id}&result=success`,
  failUrl: process.env.M4_FAIL_URL ?? `${storefrontUrl}/checkout/return?cart_id={cart_id}&result=fail`,
  timeoutMs: Number(process.env.M4_TIMEOUT_MS ?? 15000),
  // how long a payer may take on M4's page (expires_at); unset: the provider's default (1 h)
  ...(process.env.M4_INVOICE_LIFETIME_MS ? { invoiceLifetimeMs: Number(process.env.M4_INVOICE_LIFETIME_MS) } : {}),
  // how long payment-method quotes are reused (0: asked each time); unset: the provider's default (30 s)
  ...(process.env.M4_QUOTE_CACHE_MS ? { quoteCacheMs: Number(process.env.M4_QUOTE_CACHE_MS) } : {}),
  // money no order uses: returned (default) or only flagged
  ...(process.env.M4_UNMATCHED_PAYMENTS ? { unmatchedPayments: process.env.M4_UNMATCHED_PAYMENTS } : {}),
}

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    ...(redisUrl ? { redisUrl } : {}),
    workerMode,
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000",
      authCors: process.env.AUTH_CORS ?? "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET ?? "supersecret",
      cookieSecret: process.env.COOKIE_SECRET ?? "supersecret",
    },
  },
  admin: {
    // a worker serves no HTTP routes but /health: no dashboard there
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true" || workerMode === "worker",
  },
  modules: [
    ...redisModules,
    // the plugin's own modules; a store that installs the package gets them from the plugin entry
    {
      // stored notifications (retried until applied) and the reconciliation with M4; defaults in
      // src/modules/m4-ledger/utils/options.ts
      resolve: "./src/modules/m4-ledger",
      options: {
        ...(notificationRetries ? { retryScheduleMs: notificationRetries } : {}),
        // how long a claim on a notification, invoice or refund lasts (a crashed instance's claims lapse after it)
        ...(process.env.M4_LEASE_MS ? { leaseMs: Number(process.env.M4_LEASE_MS) } : {}),
        reconciliation: {
          enabled: process.env.M4_RECONCILE !== "false",
          ...(reconcileSchedule
            ? { scheduleMs: reconcileSchedule, thenEveryMs: reconcileSchedule[reconcileSchedule.length - 1] }
            : {}),
          ...(process.env.M4_HOLD_WARN_AFTER_MS ? { holdWarnAfterMs: Number(process.env.M4_HOLD_WARN_AFTER_MS) } : {}),
          ...(process.env.M4_HOLD_CHECK_EVERY_MS
            ? { holdCheckEveryMs: Number(process.env.M4_HOLD_CHECK_EVERY_MS) }
            : {}),
          ...(process.env.M4_HOLD_EXPIRY_ACTION ? { holdExpiryAction: process.env.M4_HOLD_EXPIRY_ACTION } : {}),
          ...(process.env.M4_RECONCILE_BATCH ? { batchSize: Number(process.env.M4_RECONCILE_BATCH) } : {}),
          ...(process.env.M4_UNPAID_GRACE_MS ? { unpaidGraceMs: Number(process.env.M4_UNPAID_GRACE_MS) } : {}),
          ...(process.env.M4_UNCONFIRMED_REFUND_MS
            ? { unconfirmedRefundAfterMs: Number(process.env.M4_UNCONFIRMED_REFUND_MS) }
            : {}),
        },
      },
    },
    {
      // limits on the store routes that make the store ask M4 (payment methods, new payment
      // sessions); defaults in src/modules/m4-rate-limits/utils/options.ts. M4_RATE_LIMITS: JSON
      ...(process.env.M4_RATE_LIMITS ? { options: { rateLimits: JSON.parse(process.env.M4_RATE_LIMITS) } } : {}),
      resolve: "./src/modules/m4-rate-limits",
    },
    {
      // merchant payouts and balance tools: own M4 credentials, same env values as the provider
      resolve: "./src/modules/m4-merchant-tools",
      options: {
        shopId,
        secretKey,
        apiUrl,
        timeoutMs: Number(process.env.M4_TIMEOUT_MS ?? 15000),
        ...(process.env.M4_PAYOUT_POLL_INTERVAL_MS
          ? { pollIntervalMs: Number(process.env.M4_PAYOUT_POLL_INTERVAL_MS) }
          : {}),
      },
    },
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            // single-step card payments: invoice/create, captured when the shopper pays → pp_m4_m4
            resolve: "./src/providers/m4",
            id: "m4",
            options: { id: "m4", ...m4Common, payway: cardPayways, mode: "single_step", orderBeforePayment },
          },
          {
            // two-step card payments: invoice/hold, charged on capture, released on cancel → pp_m4_hold
            resolve: "./src/providers/m4",
            id: "hold",
            options: { id: "hold", ...m4Common, payway: cardPayways, mode: "two_step", orderBeforePayment },
          },
          {
            // a wallet payway that needs payer add-ons (e-mail, phone) → pp_m4_wallet
            resolve: "./src/providers/m4",
            id: "wallet",
            options: { id: "wallet", ...m4Common, payway: { usd: "wallet_invoice_usd" }, mode: "single_step" },
          },
        ],
      },
    },
  ],
})
