#!/usr/bin/env node
/**
 * Applies docs/storefront.md to a copy of Medusa's dtc-starter storefront, exactly as written:
 * the guide's `<!-- m4:copy FROM -> TO -->` markers copy the package's files, and each
 * `<!-- m4:edit FILE -->` marker is followed by two code blocks, the starter's text to find and what
 * replaces it. A find that is missing (or found twice) stops with an error and changes nothing;
 * an edit already applied is skipped, so running it twice is harmless.
 *
 *   node scripts/apply-storefront-integration.mjs path/to/storefront
 */
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const GUIDE = path.join(PACKAGE_ROOT, "docs/storefront.md")

/** The guide's steps in order: { kind: "copy", from, to } | { kind: "edit", file, find, replace }. */
export function parseGuide(markdown) {
  const steps = []
  const marker = /<!--\s*m4:(copy|edit)\s+(.+?)\s*-->/g
  let match
  while ((match = marker.exec(markdown))) {
    if (match[1] === "copy") {
      const [from, to] = match[2].split("->").map((s) => s.trim())
      steps.push({ kind: "copy", from, to })
      continue
    }
    const blocks = []
    const fence = /```[^\n]*\n([\s\S]*?)\n```/g
    fence.lastIndex = marker.lastIndex
    for (let i = 0; i < 2; i++) {
      const block = fence.exec(markdown)
      if (!block) throw new Error(`guide: the edit of ${match[2]} needs two code blocks (find, replace)`)
      blocks.push(block[1])
    }
    steps.push({ kind: "edit", file: match[2], find: blocks[0], replace: blocks[1] })
  }
  return steps
}

function occurrences(text, part) {
  let count = 0
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + 1)) count++
  return count
}

export function applyIntegration(storefrontDir, { guide = GUIDE, packageRoot = PACKAGE_ROOT, log = console.log } = {}) {
  const root = path.resolve(storefrontDir)
  if (!fs.existsSync(path.join(root, "src/modules/checkout/components/payment-button/index.tsx"))) {
    throw new Error(
      `${root} does not look like the dtc-starter storefront (no src/modules/checkout/components/payment-button)`
    )
  }
  const steps = parseGuide(fs.readFileSync(guide, "utf8"))
  // check every edit first, so a starter that changed is refused before anything is written
  const files = new Map()
  const read = (file) => {
    if (!files.has(file)) files.set(file, fs.readFileSync(path.join(root, file), "utf8"))
    return files.get(file)
  }
  const planned = []
  for (const step of steps.filter((s) => s.kind === "edit")) {
    let text = read(step.file)
    if (text.includes(step.replace)) {
      log(`already applied: ${step.file}: ${step.find.trim().split("\n")[0]}`)
      continue
    }
    const found = occurrences(text, step.find)
    if (found !== 1) {
      throw new Error(`${step.file}: expected the guide's text once, found it ${found} times:\n${step.find}`)
    }
    text = text.replace(step.find, () => step.replace)
    files.set(step.file, text)
    planned.push(step)
  }
  for (const step of steps.filter((s) => s.kind === "copy")) {
    fs.cpSync(path.join(packageRoot, step.from), path.join(root, step.to), { recursive: true })
    log(`copied ${step.from} → ${step.to}`)
  }
  for (const [file, text] of files) fs.writeFileSync(path.join(root, file), text)
  for (const step of planned) log(`edited ${step.file}: ${step.find.trim().split("\n")[0]}`)
  return { copied: steps.filter((s) => s.kind === "copy").length, edited: planned.length }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2]
  if (!target) {
    console.error("usage: node scripts/apply-storefront-integration.mjs path/to/storefront")
    process.exit(2)
  }
  try {
    const { copied, edited } = applyIntegration(target)
    console.log(`M4 storefront integration applied to ${path.resolve(target)} (${copied} copy step, ${edited} edits)`)
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
}
