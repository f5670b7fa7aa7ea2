/**
 * Preloaded into a store process by the topology benchmark (`NODE_OPTIONS=--require …`) when
 * BENCH_PROFILE_DIR is set: CPU-profiles only the measured phase, not boot or set-up. The bench
 * creates `<dir>/start` to begin and `<dir>/stop` to end; each process then writes
 * `<dir>/<role>-<pid>.cpuprofile` (role: MEDUSA_WORKER_MODE, else "shared") and
 * `<dir>/<role>-<pid>.cpu.json`: the CPU time the process really got in that window
 * (process.cpuUsage). The profile's sample times are wall time while JS runs, which a loaded
 * machine stretches; its shares are what counts, the CPU time scales them.
 */
const fs = require("node:fs")
const path = require("node:path")
const inspector = require("node:inspector")

const dir = process.env.BENCH_PROFILE_DIR
if (dir) {
  const role = process.env.MEDUSA_WORKER_MODE || "shared"
  const session = new inspector.Session()
  session.connect()
  let state = "waiting"
  let cpuAtStart
  const timer = setInterval(() => {
    if (state === "waiting" && fs.existsSync(path.join(dir, "start"))) {
      state = "running"
      cpuAtStart = process.cpuUsage()
      session.post("Profiler.enable", () =>
        session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start"))
      )
    } else if (state === "running" && fs.existsSync(path.join(dir, "stop"))) {
      state = "done"
      clearInterval(timer)
      const cpu = process.cpuUsage(cpuAtStart)
      fs.writeFileSync(
        path.join(dir, `${role}-${process.pid}.cpu.json`),
        JSON.stringify({ user_us: cpu.user, system_us: cpu.system })
      )
      session.post("Profiler.stop", (err, result) => {
        if (!err) fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile))
        session.disconnect()
      })
    }
  }, 100)
  timer.unref()
}
