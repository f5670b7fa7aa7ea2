#!/usr/bin/env node
"use strict"
/**
 * Runs the M4 sandbox: the compiled build when present (.medusa/server), else the TypeScript
 * sources through ts-node (transpile only).
 */
const path = require("node:path")
const fs = require("node:fs")

const compiled = path.join(__dirname, "../.medusa/server/src/sandbox/cli.js")
let cli
if (fs.existsSync(compiled)) {
  cli = require(compiled)
} else {
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  cli = require("../src/sandbox/cli.ts")
}
cli.main().catch((e) => {
  console.error(e && e.name === "SandboxConfigError" ? e.message : e)
  process.exit(1)
})
