import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * The plugin's own record of money at M4 (m4_invoice, m4_refund), filled from what the store knew
 * before it existed, so an upgrade loses track of nothing: every M4 payment session with an
 * invoice, and every refund recorded in an M4 payment's data. The reconciliation checks every row
 * still open at once (`next_check_at` now). The per-session checks (m4_payment_check) are replaced
 * by the rows' own `next_check_at`; notifications keep the invoice's shop_order_id.
 */
export class Migration20261203080940 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "m4_invoice" ("id" text not null, "shop_order_id" text not null, "provider_id" text not null, "mode" text check ("mode" in ('single_step', 'two_step')) not null, "payment_collection_id" text null, "cart_id" text null, "session_id" text null, "payment_id" text null, "order_id" text null, "amount" text not null, "currency_code" text not null, "payway" text not null, "request_digest" text null, "expires_at" timestamptz null, "invoice_id" text null, "state" text check ("state" in ('issuing', 'open', 'held', 'paid', 'rejected', 'not_issued')) not null default 'issuing', "m4_status" integer null, "paid_amount" text null, "net_amount" text null, "payer_price" text null, "payer_currency" text null, "confirmed_at" timestamptz null, "settlement" text check ("settlement" in ('booked', 'returning', 'returned', 'return_failed', 'flagged')) null, "settlement_reason" text null, "session_data" jsonb null, "next_check_at" timestamptz null, "check_attempts" integer not null default 0, "last_checked_at" timestamptz null, "last_outcome" text null, "flagged_at" timestamptz null, "lease_owner" text null, "lease_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_invoice_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_deleted_at" ON "m4_invoice" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_invoice_shop_order_id_unique" ON "m4_invoice" ("shop_order_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_invoice_id" ON "m4_invoice" ("invoice_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_payment_collection_id" ON "m4_invoice" ("payment_collection_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_session_id" ON "m4_invoice" ("session_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_order_id" ON "m4_invoice" ("order_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_invoice_next_check_at" ON "m4_invoice" ("next_check_at") WHERE next_check_at IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `create table if not exists "m4_refund" ("id" text not null, "shop_refund_id" text not null, "kind" text check ("kind" in ('refund', 'return')) not null, "provider_id" text not null, "invoice_ref" text not null, "invoice_id" text not null, "payment_id" text null, "refund_id" text null, "order_id" text null, "amount" text not null, "currency_code" text not null, "state" text check ("state" in ('requested', 'waiting', 'succeeded', 'failed')) not null default 'requested', "m4_refund_id" text null, "failure_reason" text null, "confirmed_at" timestamptz null, "undone_at" timestamptz null, "next_check_at" timestamptz null, "check_attempts" integer not null default 0, "last_checked_at" timestamptz null, "last_outcome" text null, "lease_owner" text null, "lease_until" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "m4_refund_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_deleted_at" ON "m4_refund" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_m4_refund_shop_refund_id_unique" ON "m4_refund" ("shop_refund_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_invoice_ref" ON "m4_refund" ("invoice_ref") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_payment_id" ON "m4_refund" ("payment_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_order_id" ON "m4_refund" ("order_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_refund_next_check_at" ON "m4_refund" ("next_check_at") WHERE next_check_at IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(`alter table if exists "m4_notification" add column if not exists "shop_order_id" text null;`)
    this.addSql(
      `update "m4_notification" set "shop_order_id" = "session_id" where "kind" = 'invoice' and "shop_order_id" is null;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_m4_notification_shop_order_id" ON "m4_notification" ("shop_order_id") WHERE deleted_at IS NULL;`
    )
    // Medusa's own tables exist in a store (not in an empty database): fill the ledger from them.
    this.addSql(`do $$ begin
      if to_regclass('payment_session') is not null and to_regclass('payment') is not null then
        insert into "m4_invoice" ("id", "shop_order_id", "provider_id", "mode", "payment_collection_id", "cart_id",
            "session_id", "payment_id", "amount", "currency_code", "payway", "invoice_id", "state", "m4_status",
            "settlement", "next_check_at", "created_at", "updated_at")
        select 'm4inv_' || replace(gen_random_uuid()::text, '-', ''), coalesce(s.data->>'shop_order_id', s.id),
            s.provider_id, case when s.data->>'mode' = 'two_step' then 'two_step' else 'single_step' end,
            s.payment_collection_id, s.data->>'cart_id', s.id, p.id, coalesce(s.data->>'amount', s.raw_amount->>'value'),
            lower(s.currency_code), coalesce(s.data->>'payway', ''), s.data->>'invoice_id',
            case when p.captured_at is not null then 'paid' when s.status = 'authorized' then 'held'
                 when s.status in ('error', 'canceled') then 'rejected' else 'open' end,
            nullif(s.data->>'m4_status', '')::integer,
            case when p.id is not null then 'booked' end,
            case when p.captured_at is null and p.canceled_at is null and s.status not in ('error', 'canceled')
                 then now() end,
            s.created_at, now()
          from "payment_session" s left join "payment" p on p.payment_session_id = s.id and p.deleted_at is null
         where s.provider_id like 'pp_m4_%' and s.deleted_at is null and s.data->>'invoice_id' is not null
        on conflict do nothing;
        insert into "m4_refund" ("id", "shop_refund_id", "kind", "provider_id", "invoice_ref", "invoice_id",
            "payment_id", "refund_id", "amount", "currency_code", "state", "m4_refund_id", "next_check_at",
            "created_at", "updated_at")
        select 'm4ref_' || replace(gen_random_uuid()::text, '-', ''), r->>'shop_refund_id', 'refund', p.provider_id,
            i.id, i.invoice_id, p.id, r->>'shop_refund_id', r->>'amount', lower(p.currency_code),
            case r->>'status' when 'SUCCESS' then 'succeeded' when 'FAILED' then 'failed' else 'waiting' end,
            r->>'refund_id', case when coalesce(r->>'status', 'WAITING') = 'WAITING' then now() end, now(), now()
          from "payment" p
          cross join lateral jsonb_array_elements(coalesce(p.data->'m4_refunds', '[]'::jsonb)) r
          join "m4_invoice" i on i.shop_order_id = p.data->>'shop_order_id'
         where p.provider_id like 'pp_m4_%' and p.deleted_at is null and r->>'shop_refund_id' is not null
        on conflict do nothing;
      end if;
    end $$;`)
    this.addSql(`drop table if exists "m4_payment_check" cascade;`)
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "m4_invoice" cascade;`)
    this.addSql(`drop table if exists "m4_refund" cascade;`)
    this.addSql(`alter table if exists "m4_notification" drop column if exists "shop_order_id";`)
  }
}
