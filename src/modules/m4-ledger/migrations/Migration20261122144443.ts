import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261122144443 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "m4_notification" drop constraint if exists "m4_notification_fingerprint_unique";`
    )
    this.addSql(
      `create table if not exists "m4_notification" ("id" text not null, "fingerprint" text not null, "provider_id" text not null, "kind" text check ("kind" in ('invoice', 'refund')) not null, "invoice_id" text null, "session_id" text null, "shop_refund_id" text null, "payment_id" text null, "order_id" text null, "status" text not null, "amount" text null, "currency" text null, "payload" jsonb not null, "received_at" timestamptz not null, "last_received_at" timestamptz not null, "duplicate_count" integer not null default 0, "outcome" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_notification_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_deleted_at" ON "m4_notification" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_notification_fingerprint_unique" ON "m4_notification" ("fingerprint") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_invoice_id" ON "m4_notification" ("invoice_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_session_id" ON "m4_notification" ("session_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_payment_id" ON "m4_notification" ("payment_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_order_id" ON "m4_notification" ("order_id") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "m4_notification" cascade;`)
  }
}
