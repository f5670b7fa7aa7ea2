import path from "node:path"
import { defineMikroOrmCliConfig } from "@medusajs/framework/utils"
import { MikroORM } from "@medusajs/framework/mikro-orm/postgresql"
import { Client } from "pg"
import { loadModuleModels, moduleDirs, moduleServiceName } from "./module-models"

/**
 * The handwritten migrations must build exactly the schema the models describe (columns, types,
 * nullability, defaults, indexes): each module's migrations run on an empty database, then
 * MikroORM compares that database with the models. The jest global setup provides the server
 * (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD); each module gets its own throwaway database.
 */
const server = {
  host: process.env.DB_HOST ?? "localhost",
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USERNAME ?? "postgres",
  password: process.env.DB_PASSWORD ?? "",
}

async function onServer<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...server, database: process.env.DB_TEMP_NAME ?? "postgres" })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

describe("module migrations", () => {
  it.each(moduleDirs.map((dir) => [path.basename(dir), dir]))(
    "%s: its migrations on an empty database give exactly the models' schema",
    async (name, moduleDir) => {
      const dbName = `m4_migcheck_${name.replace(/\W/g, "_")}_${process.pid}_${Date.now().toString(36)}`
      await onServer((c) => c.query(`create database "${dbName}"`))
      try {
        const config = defineMikroOrmCliConfig(await moduleServiceName(moduleDir), {
          entities: await loadModuleModels(moduleDir),
          ...server,
          dbName,
          // snapshot: false, or running the migrations rewrites the committed snapshot from the database
          migrations: { path: path.join(moduleDir, "migrations"), silent: true, snapshot: false },
        } as any)
        const orm = await MikroORM.init(config)
        try {
          const applied = await orm.getMigrator().up()
          expect(applied.length).toBeGreaterThan(0)
          const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })
          // the migrations table is the only table the models do not describe
          const statements = diff
            .split(/;\n/)
            .map((s) => s.trim())
            .filter((s) => s && !s.includes("mikro_orm_migrations"))
          expect(statements).toEqual([])
        } finally {
          await orm.close(true)
        }
      } finally {
        await onServer((c) => c.query(`drop database if exists "${dbName}"`))
      }
    }
  )
})
