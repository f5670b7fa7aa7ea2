import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

const ROOT = path.resolve(__dirname, "../..")

/** `npm pack` of the built plugin into `destination`: the tarball's path and the files it holds. */
export function packPlugin(destination: string): { tarball: string; files: string[] } {
  if (!fs.existsSync(path.join(ROOT, ".medusa/server/src/m4/index.d.ts"))) {
    throw new Error("the plugin is not built with its declarations: run `npm run build` first (CI does)")
  }
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  })
  const [packed] = JSON.parse(out.slice(out.indexOf("[")))
  return {
    tarball: path.join(destination, packed.filename),
    files: (packed.files as { path: string }[]).map((f) => f.path),
  }
}

/**
 * `npm pack` of the built plugin, unpacked into `<scratch>/store/node_modules/medusa-payment-m4`
 * of a scratch project whose other dependencies are the project's own (symlinked).
 */
export function packIntoScratchProject(label: string): {
  scratch: string
  project: string
  packageDir: string
  files: string[]
} {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `m4-${label}-`))
  const packed = packPlugin(scratch)
  const project = path.join(scratch, "store")
  const packageDir = path.join(project, "node_modules/medusa-payment-m4")
  fs.mkdirSync(packageDir, { recursive: true })
  execFileSync("tar", ["xzf", packed.tarball, "-C", packageDir, "--strip-components=1"])
  for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry === "medusa-payment-m4") continue
    fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(project, "node_modules", entry))
  }
  return { scratch, project, packageDir, files: packed.files }
}
