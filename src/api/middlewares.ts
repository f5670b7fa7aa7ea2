import { defineMiddlewares, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { ingestM4Notification } from "./hooks/payment/ingest-m4-notification"
import { serializePaymentSessions } from "./store/payment-collections/serialize-payment-sessions"
import { serializeOrderPayments } from "./admin/payments/serialize-order-payments"
import { serializeOrderCancel } from "./admin/orders/serialize-order-cancel"
import {
  GetAttentionSchema,
  GetLedgerFilterSchema,
  GetLedgerSchema,
  GetPayoutsSchema,
  PostAttentionResolveSchema,
  PostPayoutPreviewSchema,
  PostPayoutSchema,
} from "./admin/m4/validators"
import { GetStoreM4PaymentMethodsSchema } from "./store/m4/validators"
import { limitPaymentMethods } from "./rate-limits/limit-payment-methods"
import { limitPaymentSessions } from "./rate-limits/limit-payment-sessions"

/**
 * Validators of the plugin's routes. /admin routes are authenticated by Medusa (admin session or
 * bearer token); /store routes require the x-publishable-api-key header.
 */
export default defineMiddlewares({
  routes: [
    {
      // M4 notifications are verified, stored and acknowledged here, before Medusa's own route
      method: ["POST"],
      matcher: "/hooks/payment/:provider",
      bodyParser: { preserveRawBody: true },
      middlewares: [ingestM4Notification],
    },
    {
      // one refund or capture at a time per order, and never beside the plugin's own settlement of it
      method: ["POST"],
      matcher: "/admin/payments/:id/refund",
      middlewares: [serializeOrderPayments],
    },
    {
      method: ["POST"],
      matcher: "/admin/payments/:id/capture",
      middlewares: [serializeOrderPayments],
    },
    {
      method: ["POST"],
      matcher: "/admin/orders/:id/cancel",
      middlewares: [serializeOrderCancel],
    },
    {
      method: ["POST"],
      matcher: "/admin/m4/payouts/preview",
      middlewares: [validateAndTransformBody(PostPayoutPreviewSchema)],
    },
    {
      method: ["POST"],
      matcher: "/admin/m4/payouts",
      middlewares: [validateAndTransformBody(PostPayoutSchema)],
    },
    {
      method: ["GET"],
      matcher: "/admin/m4/payouts",
      middlewares: [validateAndTransformQuery(GetPayoutsSchema, {})],
    },
    // the M4 payments page: what needs the merchant, the ledger, its totals and its CSV
    {
      method: ["GET"],
      matcher: "/admin/m4/attention",
      middlewares: [validateAndTransformQuery(GetAttentionSchema, {})],
    },
    {
      method: ["POST"],
      matcher: "/admin/m4/attention/resolve",
      middlewares: [validateAndTransformBody(PostAttentionResolveSchema)],
    },
    {
      method: ["GET"],
      matcher: "/admin/m4/ledger",
      middlewares: [validateAndTransformQuery(GetLedgerSchema, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/m4/ledger/totals",
      middlewares: [validateAndTransformQuery(GetLedgerFilterSchema, {})],
    },
    {
      method: ["GET"],
      matcher: "/admin/m4/ledger/export",
      middlewares: [validateAndTransformQuery(GetLedgerFilterSchema, {})],
    },
    {
      method: ["GET"],
      matcher: "/store/m4/payment-methods",
      // limited first: a malformed request counts too (rateLimits option, src/modules/m4-rate-limits)
      middlewares: [limitPaymentMethods, validateAndTransformQuery(GetStoreM4PaymentMethodsSchema, {})],
    },
    {
      // Medusa's own route; a new M4 session may be a new M4 invoice: limited (a refused request
      // never waits for the lock), then one at a time per payment collection (one live invoice per cart)
      method: ["POST"],
      matcher: "/store/payment-collections/:id/payment-sessions",
      middlewares: [limitPaymentSessions, serializePaymentSessions],
    },
  ],
})
