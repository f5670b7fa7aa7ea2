import { isIP } from "node:net"
import { z } from "zod"
import { m4CredentialsShape, urlOption } from "../../../m4"

const paywayAlias = z
  .string()
  .regex(/^[A-Za-z_,[\]]{1,150}$/, "must be an M4 payway alias (letters, _ , [ ], at most 150)")

/**
 * Provider options, validated once at startup (`validateOptions`): a bad value stops
 * Medusa with a message that names the option.
 */
export const m4OptionsSchema = z
  .object({
    /**
     * This provider's registration id: the same value as the provider entry's `id` (`pp_m4_{id}`).
     * Medusa gives a provider its options but never its id, and M4 must be told where to send
     * notifications (`{storeUrl}/hooks/payment/m4_{id}`), so it is stated here and checked against
     * the entry at startup (loaders/check-registration-id).
     */
    id: z
      .string({ error: 'is required: the same value as this provider entry\'s `id` (e.g. "m4")' })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the provider entry's `id`: letters, digits, _ or -, at most 64"),
    ...m4CredentialsShape,
    /**
     * Pay-in payway: one alias (`card_invoice_usd`), or one per currency
     * (`{ usd: "card_invoice_usd", eur: "card_invoice_eur" }`): M4's payway decides the invoice currency.
     */
    payway: z.union(
      [
        paywayAlias,
        z
          .record(z.string().regex(/^[a-zA-Z]{3}$/, "keys must be ISO 4217 currency codes"), paywayAlias)
          .refine((map) => Object.keys(map).length > 0, "must name at least one currency"),
      ],
      { error: "must be an M4 payway alias (letters, _ , [ ], at most 150) or a map of currency → alias" }
    ),
    /** `single_step`: invoice/create, captured on payment. `two_step`: invoice/hold, then charge or unhold. */
    mode: z.enum(["single_step", "two_step"], { error: "must be single_step or two_step" }).default("single_step"),
    /** Public URL of this Medusa server; M4 posts notifications to `{storeUrl}/hooks/payment/m4_{id}`. */
    storeUrl: urlOption("the public http(s) URL of the Medusa server"),
    /** Where M4 sends the payer after paying; `{cart_id}` and `{session_id}` are replaced. */
    successUrl: urlOption("an http(s) URL template").optional(),
    /** Where M4 sends the payer after a failed or declined payment; same placeholders. */
    failUrl: urlOption("an http(s) URL template").optional(),
    /** The shop's name as payers know it, for the invoice description on M4's pay page. */
    shopName: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").optional(),
    /**
     * Invoice description template shown to the payer (at most 255 characters): `{shop_name}`, `{items}`
     * (the cart's items), `{cart_id}`, `{session_id}`. Default: "{shop name}: {items}" (utils/invoice-description).
     */
    description: z.string().max(255, "must be at most 255 characters").optional(),
    /**
     * How long the payer may take to pay an invoice (sent to M4 as `expires_at`); after that M4 no
     * longer lets anyone pay it, so an invoice of a replaced or abandoned session stops being payable
     * and the reconciliation stops checking it. A re-created session with the same amount, currency,
     * payway and items reuses its collection's invoice while at least half of this is left.
     */
    invoiceLifetimeMs: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(1_000, "must be at least 1000 (1 s)")
      .max(30 * 86_400_000, "must be at most 30 days")
      .default(60 * 60_000),
    /**
     * Money M4 took that no order uses (a replaced or parallel session, an order already paid by
     * another session, a canceled order): `return` releases the hold or refunds the payment in full
     * at M4 (default); `flag` only tells the merchant.
     */
    unmatchedPayments: z.enum(["return", "flag"], { error: "must be return or flag" }).default("return"),
    /** true: the order is created at once with payment awaiting (pending_authorization). */
    orderBeforePayment: z.boolean({ error: "must be true or false" }).default(false),
    /**
     * How long M4's answers for the store's payment-methods list (the shop's pay-in configuration,
     * invoice/try per payway and amount) are reused, in milliseconds; 0: never reused (concurrent
     * identical questions still share one call). A session's own invoice/try is never reused.
     */
    quoteCacheMs: z.coerce
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(0, "must be 0 or more")
      .max(600_000, "must be at most 600000 (10 minutes): M4's prices and limits change")
      .default(30_000),
    /** Accept notifications only from these addresses (M4 sends from 35.198.100.222 and 35.198.175.25, docs/m4-protocol.md §8.1). Empty: no IP check. */
    notificationIps: z
      .array(
        z.string().refine((ip) => isIP(ip) !== 0, "must list IP addresses"),
        {
          error: "must be an array of IP addresses",
        }
      )
      .default([]),
  })
  .strict()

export type M4ProviderOptions = z.output<typeof m4OptionsSchema>
