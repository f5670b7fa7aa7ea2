export * from "./settle-m4-payment"
export * from "./process-m4-notification"
export * from "./reconcile-m4-payments"
export * from "./m4-payouts"
