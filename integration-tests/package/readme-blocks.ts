/**
 * The README's fenced code blocks, found by the heading they sit under, for the specs that run
 * them as a merchant would. Every block of the README is listed in RUN_BY_TESTS with the spec
 * that runs it; install-into-store.spec.ts fails when the README gains a block nobody runs.
 */
import fs from "node:fs"
import path from "node:path"

export type Fence = { heading: string; lang: string; index: number; body: string }

/** Every fenced block with the heading above it and its position among that heading's blocks. */
export function readmeFences(readme: string): Fence[] {
  const fences: Fence[] = []
  let heading = ""
  const counts = new Map<string, number>()
  const lines = readme.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (/^#{1,6} /.test(line)) {
      heading = line
      continue
    }
    const open = /^```(\w*)\s*$/.exec(line)
    if (!open) continue
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l))
    if (end < 0) throw new Error(`README: the block under "${heading}" is not closed`)
    const index = counts.get(heading) ?? 0
    counts.set(heading, index + 1)
    fences.push({ heading, lang: open[1], index, body: lines.slice(i + 1, end).join("\n") })
    i = end
  }
  return fences
}

/** The `index`-th block under `heading` (exact heading line), which must be in `lang`. */
export function readmeBlock(readme: string, heading: string, lang: string, index = 0): string {
  const found = readmeFences(readme).find((f) => f.heading === heading && f.index === index)
  if (!found || found.lang !== lang) {
    throw new Error(`README: no ${lang} block #${index} under "${heading}"`)
  }
  return found.body
}

/** Where each README block is run (keep in step with the README). */
export const RUN_BY_TESTS: { heading: string; lang: string; index: number; spec: string }[] = [
  { heading: "### 1. Install the package", lang: "bash", index: 0, spec: "merchant-store.spec.ts" },
  {
    heading: "### 2. `medusa-config.ts`",
    lang: "ts",
    index: 0,
    spec: "install-into-store.spec.ts, merchant-store.spec.ts",
  },
  { heading: "### 3. `.env`", lang: "bash", index: 0, spec: "install-into-store.spec.ts, merchant-store.spec.ts" },
  { heading: "### 3. `.env`", lang: "bash", index: 1, spec: "install-into-store.spec.ts" },
  { heading: "### 4. Migrate", lang: "bash", index: 0, spec: "install-into-store.spec.ts, merchant-store.spec.ts" },
  {
    heading: "### 5. Start the store, then enable the providers in your regions",
    lang: "bash",
    index: 0,
    spec: "merchant-store.spec.ts",
  },
  { heading: "### 6. Try a payment with the sandbox", lang: "bash", index: 0, spec: "merchant-store.spec.ts" },
]

export function packageReadme(packageDir: string): string {
  return fs.readFileSync(path.join(packageDir, "README.md"), "utf8")
}

/** The commands of a bash block: one per line, comments and blank lines dropped. */
export function commandsOf(block: string): string[] {
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line && !line.startsWith("#"))
}

/** `KEY=value` lines of a .env block, comments dropped. */
export function envOf(block: string): Record<string, string> {
  return Object.fromEntries(
    commandsOf(block).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
  )
}
