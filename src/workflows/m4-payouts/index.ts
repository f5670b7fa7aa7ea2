export * from "./preview-m4-payout"
export * from "./create-m4-payout"
export * from "./sync-m4-payout"
export * from "./poll-due-m4-payouts"
