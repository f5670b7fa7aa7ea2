/**
 * medusa-payment-m4/m4 — the M4 protocol layer, usable from plain Node without Medusa:
 * request signing, the typed M4 client, the callback verifier, statuses and currency helpers.
 */
export * from "./signing/signed-fields"
export * from "./signing/hash"
export * from "./signing/raw-fields"
export * from "./signing/request-signature"
export * from "./signing/callback-signature"
export * from "./money/currencies"
export * from "./money/amount"
export * from "./time/now"
export * from "./statuses"
export * from "./client/outcome"
export * from "./client/schemas"
export * from "./client/inputs"
export * from "./client/interpret-response"
export * from "./client/m4-client"
export * from "./callbacks/callback-schemas"
export * from "./callbacks/verify-callback"
