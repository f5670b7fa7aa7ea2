/**
 * Works through due rows without waiting for a whole batch: `claim` takes up to `limit` rows under
 * a lease, `apply` works on one (it bounds its own parallelism, e.g. a ConcurrencyLimit, and never
 * rejects for a row it could not apply: it schedules that row's retry). No more rows are claimed
 * than `capacity()` says can start at once (free processing slots) and at most `batchSize` are
 * unfinished, so no claimed row waits behind others while its lease runs out; a new claim is made
 * as soon as half of them are done (or, with no slot free, once one is), and the sweep ends when a
 * claim finds fewer rows than it asked for (none left due) or after `budgetMs`. Answers how many
 * rows it claimed.
 */
export async function sweepDue<T>(opts: {
  batchSize: number
  budgetMs: number
  claim: (limit: number) => Promise<T[]>
  apply: (row: T) => Promise<unknown>
  capacity?: () => number
  now?: () => number
  /** how long to wait for a free slot when none of this sweep's own rows is running */
  idleWaitMs?: number
}): Promise<number> {
  const now = opts.now ?? Date.now
  const until = now() + opts.budgetMs
  const running = new Set<Promise<unknown>>()
  const refillBelow = Math.max(1, Math.ceil(opts.batchSize / 2))
  let claimed = 0
  try {
    for (;;) {
      const room = Math.min(opts.batchSize - running.size, opts.capacity?.() ?? Infinity)
      if (room <= 0) {
        // every slot is taken (by others too): wait for one, within the budget
        if (now() >= until) break
        await (running.size ? Promise.race(running) : new Promise((r) => setTimeout(r, opts.idleWaitMs ?? 100)))
        continue
      }
      const rows = await opts.claim(room)
      claimed += rows.length
      for (const row of rows) {
        const task: Promise<unknown> = opts
          .apply(row)
          .catch(() => undefined)
          .finally(() => running.delete(task))
        running.add(task)
      }
      if (rows.length < room) {
        break
      }
      while (running.size >= refillBelow) {
        await Promise.race(running)
      }
      if (now() >= until) {
        break
      }
    }
  } finally {
    await Promise.all(running)
  }
  return claimed
}
