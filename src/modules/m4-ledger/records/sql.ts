/** The ledger's statements share the plugin's one SQL runner and lease helper (src/db/lease.ts). */
export { knexRunner, leaseRows } from "../../../db/lease"
export type { SqlRunner } from "../../../db/lease"

export const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
export const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string))
