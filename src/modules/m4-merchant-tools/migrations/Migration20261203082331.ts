import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * No card number at rest: `account` becomes `account_mask` and every stored account is rewritten
 * to its mask (utils/account-at-rest.ts maskForStorage, the same rule in SQL); `account_hash`
 * (the keyed hash for idempotent retries) stays null for these rows, which are compared by mask.
 * Long digit runs (10 or more) in account details, error messages and history notes are masked
 * down to their last 4 digits. Irreversible by design: `down` restores the columns, not the numbers.
 */
export class Migration20261203082331 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table if exists "m4_payout" add column if not exists "account_hash" text null;`)
    this.addSql(`alter table if exists "m4_payout" rename column "account" to "account_mask";`)
    this.addSql(
      `update "m4_payout" set "account_mask" = case
         when length("account_mask") <= 4 then repeat('*', length("account_mask"))
         when "account_mask" ~ '^[0-9]{13,19}$'
           then left("account_mask", 6) || repeat('*', length("account_mask") - 10) || right("account_mask", 4)
         else repeat('*', length("account_mask") - 4) || right("account_mask", 4)
       end;`
    )
    this.addSql(
      `update "m4_payout" set "account_details" = (
         select jsonb_object_agg(d.key, case
           when jsonb_typeof(d.value) in ('string', 'number')
             then to_jsonb(regexp_replace(d.value #>> '{}', '[0-9]{6,}([0-9]{4})', '******\\1', 'g'))
           else d.value end)
         from jsonb_each("account_details") d)
       where jsonb_typeof("account_details") = 'object' and "account_details" <> '{}'::jsonb;`
    )
    this.addSql(
      `update "m4_payout" set "error_message" = regexp_replace("error_message", '[0-9]{6,}([0-9]{4})', '******\\1', 'g')
       where "error_message" ~ '[0-9]{10,}';`
    )
    this.addSql(
      `update "m4_payout_event" set "note" = regexp_replace("note", '[0-9]{6,}([0-9]{4})', '******\\1', 'g')
       where "note" ~ '[0-9]{10,}';`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "m4_payout" drop column if exists "account_hash";`)
    this.addSql(`alter table if exists "m4_payout" rename column "account_mask" to "account";`)
  }
}
