import path from "node:path"
import { defineMikroOrmCliConfig } from "@medusajs/framework/utils"
import { MikroORM } from "@medusajs/framework/mikro-orm/postgresql"
import { Client } from "pg"
import { loadModuleModels, moduleServiceName } from "../../__tests__/module-models"
import { maskForStorage } from "../utils/account-at-rest"

/**
 * The migration that ends card numbers at rest rewrites the payouts recorded before it: each
 * account becomes its mask (the same rule as the module's, in SQL) and long digit runs leave
 * details, error messages and history notes. Real PostgreSQL from the jest global setup.
 */
const server = {
  host: process.env.DB_HOST ?? "localhost",
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USERNAME ?? "postgres",
  password: process.env.DB_PASSWORD ?? "",
}
const moduleDir = path.join(__dirname, "..")

async function onServer(sql: string) {
  const client = new Client({ ...server, database: process.env.DB_TEMP_NAME ?? "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const ACCOUNTS = ["4111111111111111", "4111111111111", "+79001234567", "79001234567", "1234", "wallet-user@example.com"]

it("masks the accounts, details, messages and notes of payouts recorded before it", async () => {
  const dbName = `m4_payout_accounts_${process.pid}_${Date.now().toString(36)}`
  await onServer(`create database "${dbName}"`)
  try {
    const orm = await MikroORM.init(
      defineMikroOrmCliConfig(await moduleServiceName(moduleDir), {
        entities: await loadModuleModels(moduleDir),
        ...server,
        dbName,
        migrations: { path: path.join(moduleDir, "migrations"), silent: true, snapshot: false },
      } as any)
    )
    try {
      const migrator = orm.getMigrator()
      await migrator.up({ to: "Migration20261122144854" })
      const db = orm.em.getConnection()
      for (const [i, account] of ACCOUNTS.entries()) {
        await db.execute(
          `insert into m4_payout (id, shop_payment_id, payway, account, account_details, amount, amount_type, shop_currency, error_message)
           values (?, ?, 'card_payout_usd', ?, ?, '1.00', 'shop_amount', 'USD', ?)`,
          [
            `m4po_${i}`,
            `m4pay_${i}`,
            account,
            JSON.stringify({ card_holder: "Ada", card_copy: account, cvv_free_note: 5500005555555559 }),
            `M4 error 9: card ${account} refused`,
          ]
        )
        await db.execute(`insert into m4_payout_event (id, status, note, payout_id) values (?, 'failed', ?, ?)`, [
          `m4poev_${i}`,
          `withdraw/create refused for ${account}`,
          `m4po_${i}`,
        ])
      }
      await migrator.up()

      const rows = await db.execute(`select * from m4_payout order by id`)
      expect(rows.map((r) => r.account_mask)).toEqual(ACCOUNTS.map(maskForStorage))
      expect(rows.every((r) => r.account_hash === null)).toBe(true)
      expect(rows.every((r) => !("account" in r))).toBe(true)
      const everything = JSON.stringify([rows, await db.execute(`select * from m4_payout_event`)])
      expect(everything).not.toMatch(/\d{10,}/)
      expect(everything).not.toContain("4111111111111111")
      expect(rows[0].account_details).toMatchObject({ card_holder: "Ada", card_copy: "******1111" })
      expect(rows[0].error_message).toBe("M4 error 9: card ******1111 refused")
    } finally {
      await orm.close(true)
    }
  } finally {
    await onServer(`drop database if exists "${dbName}"`)
  }
})
