import fs from "node:fs"

/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`) as text: CPU time by owner (the plugin's own
 * code, Medusa, MikroORM/knex, pg, other packages, Node itself, GC) and the top functions by
 * self and by total time. Run alone: `npx ts-node --transpile-only
 * integration-tests/bench/lib/cpu-profile-summary.ts <file.cpuprofile> [per-unit count]`.
 */
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Who owns the code at `url`: the plugin's compiled sources sit in the app's `.medusa/server/src`. */
export function ownerOf(url: string, fn: string): string {
  if (fn === "(garbage collector)") return "gc"
  if (fn === "(idle)") return "idle"
  if (fn === "(program)" || fn === "(root)") return "program"
  if (
    /\.medusa\/server\/src\/|\/src\/(api|modules|providers|workflows|subscribers|m4|jobs|lib)\//.test(url) &&
    !url.includes("node_modules")
  )
    return "plugin"
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg) {
    if (pkg.startsWith("@medusajs/")) return "medusa"
    if (pkg.startsWith("@mikro-orm/") || pkg === "knex") return "orm (mikro-orm, knex)"
    if (pkg === "pg" || pkg.startsWith("pg-")) return "pg driver"
    if (pkg === "awilix") return "awilix (container)"
    if (pkg === "express" || pkg === "body-parser" || pkg === "router" || pkg === "morgan" || pkg === "raw-body")
      return "express"
    if (pkg === "ioredis" || pkg === "bullmq") return "redis (ioredis, bullmq)"
    return "other packages"
  }
  if (url.startsWith("node:") || url === "") return "node (runtime, native)"
  return "other"
}

export type ProfileSummary = {
  durationMs: number
  busyMs: number
  byOwner: { owner: string; ms: number; share: number }[]
  topSelf: { fn: string; owner: string; ms: number }[]
  topTotalPlugin: { fn: string; ms: number }[]
  text: string
}

/**
 * `cpuMs`: the CPU time the process really got in the profiled window; when given, each owner's
 * share of the profile's busy time is turned into CPU time (per unit too).
 */
export function summariseProfile(
  file: string,
  opts: { units?: number; unitName?: string; top?: number; cpuMs?: number } = {}
): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile
  const byId = new Map<number, Node>()
  const parent = new Map<number, number>()
  for (const n of profile.nodes) byId.set(n.id, n)
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const key = (n: Node) => {
    const f = n.callFrame
    const short = f.url
      .replace(/^.*node_modules\//, "")
      .replace(/^.*\.medusa\/server\//, "")
      .replace(/^file:\/\//, "")
    return `${f.functionName || "(anonymous)"} ${short}:${f.lineNumber + 1}`
  }
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  const owners = new Map<string, number>()
  const ownerOfKey = new Map<string, string>()
  let busy = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000
    const node = byId.get(profile.samples[i])!
    const k = key(node)
    const owner = ownerOf(node.callFrame.url, node.callFrame.functionName)
    ownerOfKey.set(k, owner)
    self.set(k, (self.get(k) ?? 0) + ms)
    owners.set(owner, (owners.get(owner) ?? 0) + ms)
    if (owner !== "idle") busy += ms
    // total: once per distinct function on the stack
    const seen = new Set<string>()
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!
      if (ownerOf(n.callFrame.url, n.callFrame.functionName) !== "plugin") continue
      const kk = key(n)
      if (seen.has(kk)) continue
      seen.add(kk)
      total.set(kk, (total.get(kk) ?? 0) + ms)
    }
  }
  const top = opts.top ?? 25
  const durationMs = (profile.endTime - profile.startTime) / 1000
  const byOwner = [...owners.entries()]
    .filter(([o]) => o !== "idle")
    .map(([owner, ms]) => ({ owner, ms, share: ms / busy }))
    .sort((a, b) => b.ms - a.ms)
  const topSelf = [...self.entries()]
    .filter(([k]) => ownerOfKey.get(k) !== "idle")
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ fn, owner: ownerOfKey.get(fn)!, ms }))
  const topTotalPlugin = [...total.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([fn, ms]) => ({ fn, ms }))
  // sample times are wall time while the thread is busy; with the real CPU time, scale to it
  const scale = opts.cpuMs ? opts.cpuMs / busy : 1
  const per = (ms: number) =>
    opts.units
      ? `  ${(((ms * scale) / opts.units) * 1000).toFixed(0).padStart(6)} µs CPU/${opts.unitName ?? "unit"}`
      : ""
  const lines = [
    `profile ${durationMs.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms` +
      (opts.cpuMs ? `, real CPU time ${opts.cpuMs.toFixed(0)} ms (samples scaled by ${scale.toFixed(2)})` : "") +
      (opts.units ? `, ${opts.units} ${opts.unitName ?? "units"}` : ""),
    "CPU by owner (self time; sampled ms, share, CPU per unit):",
    ...byOwner.map(
      (o) =>
        `  ${o.owner.padEnd(26)} ${o.ms.toFixed(0).padStart(7)} ms ${(o.share * 100).toFixed(1).padStart(5)} %${per(o.ms)}`
    ),
    `top ${top} functions by self time:`,
    ...topSelf.map((t) => `  ${t.ms.toFixed(0).padStart(7)} ms  ${t.owner.padEnd(12).slice(0, 12)} ${t.fn}`),
    "plugin functions by total time (self + callees, sync parts):",
    ...topTotalPlugin.map((t) => `  ${t.ms.toFixed(0).padStart(7)} ms${per(t.ms)}  ${t.fn}`),
  ]
  return { durationMs, busyMs: busy, byOwner, topSelf, topTotalPlugin, text: lines.join("\n") }
}

if (require.main === module) {
  const [file, units, cpuMs] = process.argv.slice(2)
  console.log(
    summariseProfile(file, {
      units: units ? Number(units) : undefined,
      cpuMs: cpuMs ? Number(cpuMs) : undefined,
      unitName: "notification",
    }).text
  )
}
