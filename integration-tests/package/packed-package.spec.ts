/**
 * The package as a merchant gets it: `npm pack` of the built plugin (CI runs `npm run build` first),
 * unpacked into a scratch TypeScript project. Every documented entry type-checks from the tarball
 * (no TS7016 "could not find a declaration file"), a wrong use is still a type error, and every
 * relative link of the packaged README and guide points at a file that ships.
 */
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { packIntoScratchProject } from "../helpers/packed-package"

jest.setTimeout(180_000)

const ROOT = path.resolve(__dirname, "../..")
let scratch: string
let packageDir: string
let packedFiles: string[]

beforeAll(() => {
  const packed = packIntoScratchProject("packed")
  scratch = packed.scratch
  packageDir = packed.packageDir
  packedFiles = packed.files
  const consumer = packed.project
  fs.writeFileSync(
    path.join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2021",
        module: "Node16",
        moduleResolution: "Node16",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        esModuleInterop: true,
      },
      files: ["uses.ts", "misuse.ts"],
    })
  )
  fs.writeFileSync(
    path.join(consumer, "uses.ts"),
    `import { formatAmount, M4Client, verifyCallback } from "medusa-payment-m4/m4"
import { startSandbox, type RunningSandbox } from "medusa-payment-m4/sandbox"
import * as workflows from "medusa-payment-m4/workflows"
import m4Provider from "medusa-payment-m4/providers/m4"

export const amount: string = formatAmount("12.5", "USD")
export const client = new M4Client({ shopId: 1520, secretKey: "sandbox-secret-key", baseUrl: "http://127.0.0.1:8787/gateway/v1/" })
export const verify: typeof verifyCallback = verifyCallback
export async function sandbox(): Promise<string> {
  const running: RunningSandbox = await startSandbox({ port: 0 })
  return running.apiUrl
}
export const provider = m4Provider
export const workflowNames: string[] = Object.keys(workflows)
`
  )
  // a wrong use must still be caught: the types are real, not \`any\`
  fs.writeFileSync(
    path.join(consumer, "misuse.ts"),
    `import { formatAmount } from "medusa-payment-m4/m4"
export const wrong: number = formatAmount("12.5", "USD")
`
  )
})

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true })
})

it("every documented entry type-checks from the tarball, and a misuse is a type error", () => {
  const tsc = spawnSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], {
    cwd: path.join(scratch, "store"),
    encoding: "utf8",
  })
  const output = `${tsc.stdout}${tsc.stderr}`
  const errors = output.split("\n").filter((l) => /error TS\d+/.test(l))
  expect(errors.filter((l) => l.startsWith("uses.ts"))).toEqual([])
  expect(output).not.toContain("TS7016")
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(/^misuse\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'/)
})

it("ships the declarations next to the code the exports name", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"))
  for (const entry of ["./m4", "./sandbox", "./workflows"]) {
    const target = pkg.exports[entry]
    expect(fs.existsSync(path.join(packageDir, target.types))).toBe(true)
    expect(fs.existsSync(path.join(packageDir, target.default))).toBe(true)
  }
  expect(fs.existsSync(path.join(packageDir, ".medusa/server/src/providers/m4/index.d.ts"))).toBe(true)
})

it("the packaged README and docs/ link only to files that ship (or to absolute URLs)", () => {
  const shipped = new Set(packedFiles)
  const docs = packedFiles.filter((f) => /^docs\/[^/]+\.md$/.test(f))
  expect(docs).toEqual(expect.arrayContaining(["docs/storefront.md", "docs/architecture.md", "docs/production.md"]))
  for (const doc of ["README.md", ...docs]) {
    expect(shipped.has(doc)).toBe(true)
    const text = fs.readFileSync(path.join(packageDir, doc), "utf8")
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1])
    if (doc === "README.md" || doc === "docs/storefront.md") expect(links.length).toBeGreaterThan(0)
    for (const link of links) {
      if (/^(https?:|mailto:|#)/.test(link)) continue
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), link.split("#")[0]))
      const ok = shipped.has(target) || packedFiles.some((f) => f.startsWith(`${target.replace(/\/$/, "")}/`))
      if (!ok) throw new Error(`${doc} links to ${link}, which is not in the package`)
    }
  }
  // the storefront integration and the script that applies it ship too
  expect(shipped.has("scripts/apply-storefront-integration.mjs")).toBe(true)
  expect(shipped.has("storefront/dtc-starter/src/app/api/m4/return/route.ts")).toBe(true)
})
