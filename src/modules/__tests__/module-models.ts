import fs from "node:fs"
import path from "node:path"
import { DmlEntity } from "@medusajs/framework/utils"

/** The plugin's modules and their models, found the way `medusa plugin:db:generate` finds them. */
const modulesDir = path.join(__dirname, "..")

export const moduleDirs = fs
  .readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(modulesDir, entry.name, "models")))
  .map((entry) => path.join(modulesDir, entry.name))

export async function loadModuleModels(moduleDir: string) {
  const modelsDir = path.join(moduleDir, "models")
  const files = fs.readdirSync(modelsDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "index.ts")
  const models: unknown[] = []
  for (const file of files) {
    const exports = await import(path.join(modelsDir, file))
    models.push(...Object.values(exports).filter((value) => DmlEntity.isDmlEntity(value)))
  }
  return models
}

/** The name the snapshot is named after (`.snapshot-medusa-<kebab service name>.json`). */
export async function moduleServiceName(moduleDir: string): Promise<string> {
  const moduleExport = await import(path.join(moduleDir, "index.ts"))
  return moduleExport.default.service.prototype.__joinerConfig().serviceName
}
