import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/** Durable notification processing (state, retries, leases) and the reconciliation checks. */
export class Migration20261201120000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "m4_notification" add column if not exists "state" text check ("state" in ('pending', 'processed', 'failed')) not null default 'pending', add column if not exists "attempts" integer not null default 0, add column if not exists "next_attempt_at" timestamptz null, add column if not exists "lease_owner" text null, add column if not exists "lease_until" timestamptz null, add column if not exists "processed_at" timestamptz null, add column if not exists "last_error" text null;`
    )
    // notifications stored before this version were handled synchronously
    this.addSql(
      `update "m4_notification" set "state" = 'processed', "processed_at" = "updated_at" where "state" = 'pending' and "outcome" is not null;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_state_next_attempt_at" ON "m4_notification" ("state", "next_attempt_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `create table if not exists "m4_payment_check" ("id" text not null, "kind" text check ("kind" in ('session', 'refunds')) not null, "ref_id" text not null, "provider_id" text not null, "state" text check ("state" in ('open', 'done')) not null default 'open', "started_at" timestamptz not null, "next_check_at" timestamptz not null, "attempts" integer not null default 0, "last_checked_at" timestamptz null, "last_status" text null, "outcome" text null, "lease_owner" text null, "lease_until" timestamptz null, "flagged_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_payment_check_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payment_check_deleted_at" ON "m4_payment_check" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_payment_check_kind_ref_id_unique" ON "m4_payment_check" ("kind", "ref_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_payment_check_state_next_check_at" ON "m4_payment_check" ("state", "next_check_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "m4_payment_check" cascade;`)
    this.addSql(`drop index if exists "IDX_m4_notification_state_next_attempt_at";`)
    this.addSql(
      `alter table if exists "m4_notification" drop column if exists "state", drop column if exists "attempts", drop column if exists "next_attempt_at", drop column if exists "lease_owner", drop column if exists "lease_until", drop column if exists "processed_at", drop column if exists "last_error";`
    )
  }
}
