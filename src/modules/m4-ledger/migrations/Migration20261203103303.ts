import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The M4 payments page: the merchant's side of "needs attention" items (m4_attention: told about,
 * marked resolved), the ledger by date in its keyset order (created_at, id), and partial indexes on
 * the few rows that may need the merchant, so the page and the alert job never scan a busy shop's
 * whole ledger.
 */
export class Migration20261203103303 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "m4_attention" drop constraint if exists "m4_attention_key_unique";`)
    this.addSql(
      `create table if not exists "m4_attention" ("id" text not null, "key" text not null, "kind" text not null, "alerted_at" timestamptz null, "resolved_at" timestamptz null, "resolved_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_attention_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_attention_deleted_at" ON "m4_attention" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_attention_key_unique" ON "m4_attention" ("key") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_created_at_id" ON "m4_invoice" ("created_at", "id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_attention" ON "m4_invoice" ("created_at") WHERE (settlement IN ('returning', 'returned', 'return_failed', 'flagged') OR state IN ('issuing', 'held')) AND deleted_at IS NULL;`
    )

    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_unconfirmed" ON "m4_notification" ("received_at") WHERE outcome IN ('not_final_yet', 'no_invoice_at_m4') AND deleted_at IS NULL;`
    )

    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_created_at_id" ON "m4_refund" ("created_at", "id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_attention" ON "m4_refund" ("created_at") WHERE state IN ('requested', 'waiting', 'failed') AND deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "m4_attention" cascade;`)

    this.addSql(`drop index if exists "IDX_m4_invoice_created_at_id";`)
    this.addSql(`drop index if exists "IDX_m4_invoice_attention";`)

    this.addSql(`drop index if exists "IDX_m4_notification_unconfirmed";`)

    this.addSql(`drop index if exists "IDX_m4_refund_created_at_id";`)
    this.addSql(`drop index if exists "IDX_m4_refund_attention";`)
  }
}
