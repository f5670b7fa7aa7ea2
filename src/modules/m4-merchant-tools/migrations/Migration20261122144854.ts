import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261122144854 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "m4_payout" drop constraint if exists "m4_payout_idempotency_key_unique";`)
    this.addSql(`alter table if exists "m4_payout" drop constraint if exists "m4_payout_shop_payment_id_unique";`)
    this.addSql(
      `create table if not exists "m4_payout" ("id" text not null, "shop_payment_id" text not null, "idempotency_key" text null, "payway" text not null, "account" text not null, "account_details" jsonb null, "amount" text not null, "amount_type" text check ("amount_type" in ('ps_amount', 'shop_amount')) not null, "shop_currency" text not null, "description" text null, "payee_receive" text null, "ps_currency" text null, "shop_write_off" text null, "recipient_name" text null, "m4_payout_id" text null, "m4_status" integer null, "status" text check ("status" in ('creating', 'pending_verification', 'processing', 'success', 'rejected', 'failed', 'needs_attention')) not null default 'creating', "error_code" integer null, "error_message" text null, "created_by" text null, "next_check_at" timestamptz null, "unknown_since" timestamptz null, "check_count" integer not null default 0, "last_checked_at" timestamptz null, "final_at" timestamptz null, "lease_owner" text null, "lease_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_payout_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payout_deleted_at" ON "m4_payout" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_payout_shop_payment_id_unique" ON "m4_payout" ("shop_payment_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_payout_idempotency_key_unique" ON "m4_payout" ("idempotency_key") WHERE idempotency_key IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payout_status_next_check_at" ON "m4_payout" ("status", "next_check_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "m4_payout_event" ("id" text not null, "status" text not null, "m4_status" integer null, "note" text null, "error_code" integer null, "payout_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_payout_event_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payout_event_payout_id" ON "m4_payout_event" ("payout_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payout_event_deleted_at" ON "m4_payout_event" ("deleted_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "m4_payout_event" add constraint "m4_payout_event_payout_id_foreign" foreign key ("payout_id") references "m4_payout" ("id") on update cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "m4_payout_event" drop constraint if exists "m4_payout_event_payout_id_foreign";`
    )

    this.addSql(`drop table if exists "m4_payout" cascade;`)

    this.addSql(`drop table if exists "m4_payout_event" cascade;`)
  }
}
