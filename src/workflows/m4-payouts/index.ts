export * from "./preview-m4-payout"
