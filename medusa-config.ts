import { defineConfig, loadEnv, Modules } from "@medusajs/framework/utils"

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

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS ?? "http://localhost:8000,http://localhost:9000",
      adminCors: process.env.ADMIN_CORS ?? "http://localhost:9000",
      authCors: process.env.AUTH_CORS ?? "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET ?? "supersecret",
      cookieSecret: process.env.COOKIE_SECRET ?? "supersecret",
    },
  },
  admin: {
    disable: process.env.MEDUSA_ADMIN_DISABLED === "true",
  },
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            // single-step: invoice/create, captured when the shopper pays → pp_m4_m4
            resolve: "./src/providers/m4",
            id: "m4",
            options: {
              shopId,
              secretKey,
              apiUrl,
              payway: process.env.M4_PAYWAY ?? "card_invoice_usd",
              mode: "single_step",
              storeUrl,
              successUrl: `${storefrontUrl}/checkout/return?cart_id={cart_id}&result=success`,
              failUrl: `${storefrontUrl}/checkout/return?cart_id={cart_id}&result=fail`,
              timeoutMs: Number(process.env.M4_TIMEOUT_MS ?? 15000),
            },
          },
        ],
      },
    },
  ],
})
