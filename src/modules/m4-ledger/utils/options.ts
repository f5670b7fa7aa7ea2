import { availableParallelism } from "node:os"
import { z } from "zod"
import { parseOptionsOrThrow } from "../../../m4"
import { optionsOf } from "../../../plugin-options"

const ms = (min: number) => z.coerce.number().int().min(min, `must be at least ${min}`)

/**
 * Options of the ledger module: how stored notifications are retried and how the invoices and
 * refunds the plugin asked for are reconciled with M4. Validated at startup (a bad value names the
 * option).
 */
export const ledgerOptionsSchema = z
  .object({
    /** how long one instance owns a claimed notification or check; longer than a gateway call */
    leaseMs: ms(1000).default(60_000),
    /** retry delays of a notification whose effect could not be applied yet (M4 unreachable…) */
    retryScheduleMs: z.array(ms(100)).min(1).default([2_000, 10_000, 60_000, 300_000, 900_000, 3_600_000]),
    /**
     * notifications and reconciliation checks one instance works on at once; the rest wait their
     * turn (already stored). Most of one is waiting (M4, the database), so several per core keep
     * up with what the webhook route accepts; the default is sized for the machine
     * (`defaultProcessingConcurrency`).
     */
    processingConcurrency: z.coerce
      .number()
      .int()
      .min(1)
      .max(256)
      .default(() => defaultProcessingConcurrency(availableParallelism())),
    reconciliation: z
      .object({
        /** off: only notifications settle payments */
        enabled: z.boolean().default(true),
        /** ask M4 about an unpaid invoice this long after it was issued, then after each next delay */
        scheduleMs: z.array(ms(100)).min(1).default([60_000, 300_000, 900_000, 3_600_000]),
        /** after the schedule: every this long … */
        thenEveryMs: ms(100).default(3_600_000),
        /**
         * … until its `expires_at` (the provider's invoiceLifetimeMs) plus this grace, for a payment
         * started just before it expired; then it is no longer checked (it can no longer be paid)
         */
        unpaidGraceMs: ms(0).default(15 * 60_000),
        /** an unpaid invoice with no `expires_at` (issued before the plugin sent one) is checked until this old */
        pendingLifetimeMs: ms(1000).default(48 * 3_600_000),
        /** how often a held (authorized) two-step payment is checked */
        holdCheckEveryMs: ms(100).default(3_600_000),
        /** a hold older than this is flagged for the merchant (M4 releases holds after 5 days) */
        holdWarnAfterMs: ms(1000).default(4 * 86_400_000),
        /** what to do with such a hold besides flagging it: nothing (default), capture or release it */
        holdExpiryAction: z.enum(["none", "capture", "release"]).default("none"),
        /**
         * a refund whose create-refund answer was lost and that M4 still does not list this long after
         * it was asked for was never made: it is taken out of Medusa's books and the merchant told
         */
        unconfirmedRefundAfterMs: ms(1000).default(30 * 60_000),
        /** invoices and refunds claimed at a time (per instance); a run claims more as they finish, until none is due */
        batchSize: z.coerce.number().int().min(1).max(500).default(50),
      })
      .strict()
      .prefault({}),
  })
  .strict()

/**
 * 8 per core, at least 8 and at most 64: an application is ~15 ms of CPU around a few ms of
 * waiting for M4 and PostgreSQL, so 8 at once per core keep the core busy; more only hold leases
 * and memory while they wait for the CPU.
 */
export function defaultProcessingConcurrency(cores: number): number {
  return Math.min(64, Math.max(8, 8 * Math.max(1, Math.floor(cores))))
}

export type LedgerOptions = z.output<typeof ledgerOptionsSchema>
export type ReconciliationOptions = LedgerOptions["reconciliation"]

export function parseLedgerOptions(options: unknown): LedgerOptions {
  return parseOptionsOrThrow(ledgerOptionsSchema, optionsOf("m4Ledger", options), "m4Ledger module options")
}

/** The delay before attempt `attempt + 1` (0-based `attempt`): the schedule, then its last value. */
export function delayAt(schedule: number[], attempt: number, thenEvery?: number): number {
  return attempt < schedule.length ? schedule[attempt] : (thenEvery ?? schedule[schedule.length - 1])
}
