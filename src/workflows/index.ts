export * from "./settle-m4-payment"
export * from "./m4-payouts"
