import fs from "node:fs"
import path from "node:path"
import { defineMikroOrmCliConfig } from "@medusajs/framework/utils"
import { MikroORM } from "@medusajs/framework/mikro-orm/postgresql"
import { loadModuleModels, moduleDirs, moduleServiceName } from "./module-models"

/**
 * Each module's MikroORM snapshot (`migrations/.snapshot-medusa-<module>.json`) must describe its
 * models exactly: `medusa plugin:db:generate` diffs the models against the snapshot, not against a
 * database, so a stale snapshot makes the next generated migration redo changes that handwritten
 * migrations already applied. This asks MikroORM the question plugin:db:generate asks, with the
 * same config and no database (the snapshot is the "from" schema).
 * On failure: run `npx medusa plugin:db:generate` (DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD of any
 * PostgreSQL), keep the updated snapshot, and delete the generated migration if it only repeats
 * what the existing migrations do (migrations-match-models.spec.ts checks those).
 */
describe("module migration snapshots", () => {
  it("finds the plugin's modules", () => {
    expect(moduleDirs.map((dir) => path.basename(dir))).toEqual(
      expect.arrayContaining(["m4-ledger", "m4-merchant-tools"])
    )
  })

  it.each(moduleDirs.map((dir) => [path.basename(dir), dir]))(
    "%s: the snapshot matches the models (plugin:db:generate would generate nothing)",
    async (_name, moduleDir) => {
      const migrationsPath = path.join(moduleDir, "migrations")
      const config = defineMikroOrmCliConfig(await moduleServiceName(moduleDir), {
        entities: await loadModuleModels(moduleDir),
        migrations: { path: migrationsPath },
      } as any)
      expect(fs.existsSync(path.join(migrationsPath, `${config.migrations!.snapshotName}.json`))).toBe(true)

      const orm = await MikroORM.init({ ...config, connect: false })
      try {
        // the statements plugin:db:generate would put in a new migration (Migrator.createMigration's diff)
        const diff = await (orm.getMigrator() as any).getSchemaDiff(false, false)
        expect(diff.up.filter(Boolean)).toEqual([])
      } finally {
        await orm.close(true)
      }
    }
  )
})
