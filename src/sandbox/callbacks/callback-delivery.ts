/**
 * Callback delivery (DECISION a): a callback counts as delivered only on HTTP 200 within the
 * timeout; otherwise it is retried after each delay of the retry schedule, then marked failed.
 * Every attempt is recorded (time, HTTP status or error) for `/_sandbox/deliveries`.
 * Callback faults (drop / duplicate / delay / reorder) are applied when a callback is queued.
 */
import http from "node:http"
import https from "node:https"
import type { SandboxContext } from "../context"
import { DeliveryRecord } from "../domain/records"
import { CALLBACK_FAULTS } from "../faults/fault-rules"
import { DueWork } from "../scheduler"

export interface CallbackMessage {
  type: "invoice" | "refund"
  ref_id: number
  event: string
  shop_id: number
  url: string
  contentType: string
  body: string
}

interface PostResult {
  status?: number
  error?: string
}

export class CallbackDelivery implements DueWork {
  private ctx!: SandboxContext
  private readonly pending = new Set<number>()
  private readonly inFlight = new Map<number, http.ClientRequest>()
  private held: number[] = []
  private readonly httpAgent = new http.Agent({ keepAlive: false })
  private readonly httpsAgent = new https.Agent({ keepAlive: false })
  private stopped = false
  private readonly settling = new Set<Promise<void>>()

  attach(ctx: SandboxContext): void {
    this.ctx = ctx
    this.resume()
  }

  /** Picks up pending and held deliveries from (re)loaded state. */
  resume(): void {
    this.pending.clear()
    this.held = []
    for (const delivery of this.ctx.state.deliveries.values()) {
      if (delivery.status === "pending" || delivery.status === "held") {
        delivery.status = "pending"
        delivery.next_attempt_at ??= this.ctx.clock.nowMs()
        this.pending.add(delivery.id)
      }
    }
  }

  /** Queues a callback, applying the callback faults that match its type. */
  enqueue(message: CallbackMessage): DeliveryRecord[] {
    const faults = this.ctx.faults.take(CALLBACK_FAULTS, message.type)
    const now = this.ctx.clock.nowMs()
    const dropped = faults.some((f) => f.type === "drop_callbacks")
    const delay = faults.filter((f) => f.type === "delay_callbacks").reduce((sum, f) => sum + (f.ms ?? 1000), 0)
    const extra = faults.filter((f) => f.type === "duplicate_callbacks").reduce((sum, f) => sum + (f.n ?? 1), 0)
    const reorder = faults.find((f) => f.type === "reorder_callbacks")

    const records: DeliveryRecord[] = []
    for (let copy = 0; copy <= (dropped ? 0 : extra); copy++) {
      const record: DeliveryRecord = {
        id: this.ctx.state.nextId("delivery"),
        type: message.type,
        ref_id: message.ref_id,
        event: message.event,
        shop_id: message.shop_id,
        url: message.url,
        content_type: message.contentType,
        body: message.body,
        status: dropped ? "dropped" : reorder ? "held" : "pending",
        attempts: [],
        next_attempt_at: dropped || reorder ? null : now + delay,
        created_at: now,
        duplicate_of: copy === 0 ? null : records[0].id,
        replay_of: null,
      }
      this.ctx.state.addDelivery(record)
      records.push(record)
      if (record.status === "pending") {
        this.pending.add(record.id)
      } else if (record.status === "held") {
        this.held.push(record.id)
      }
    }
    if (reorder && reorder.remaining === 0) {
      this.releaseHeld()
    }
    this.ctx.changed()
    return records
  }

  /** Sends held-back callbacks newest first, one after another. */
  releaseHeld(): number {
    const order = [...this.held].reverse()
    this.held = []
    const run = (async () => {
      for (const id of order) {
        const record = this.ctx.state.deliveries.get(id)
        if (!record || this.stopped) {
          continue
        }
        record.status = "pending"
        record.next_attempt_at = this.ctx.clock.nowMs()
        this.pending.add(id)
        await this.attempt(record)
      }
    })()
    this.track(run)
    return order.length
  }

  /** Sends a delivery's body again as a new delivery (its own attempts). */
  replay(id: number): DeliveryRecord | undefined {
    const original = this.ctx.state.deliveries.get(id)
    if (!original) {
      return undefined
    }
    const now = this.ctx.clock.nowMs()
    const record: DeliveryRecord = {
      ...original,
      id: this.ctx.state.nextId("delivery"),
      status: "pending",
      attempts: [],
      next_attempt_at: now,
      created_at: now,
      duplicate_of: null,
      replay_of: original.id,
    }
    this.ctx.state.addDelivery(record)
    this.pending.add(record.id)
    this.ctx.changed()
    return record
  }

  nextDueAt(): number | null {
    let next: number | null = null
    for (const id of this.pending) {
      const due = this.ctx.state.deliveries.get(id)?.next_attempt_at
      if (due !== null && due !== undefined && !this.inFlight.has(id) && (next === null || due < next)) {
        next = due
      }
    }
    return next
  }

  runDue(nowMs: number): void {
    for (const id of [...this.pending]) {
      const record = this.ctx.state.deliveries.get(id)
      if (!record) {
        this.pending.delete(id)
        continue
      }
      if (!this.inFlight.has(id) && record.next_attempt_at !== null && record.next_attempt_at <= nowMs) {
        this.track(this.attempt(record))
      }
    }
  }

  /** Resolves when no attempt is running (tests, stop). */
  async idle(): Promise<void> {
    while (this.settling.size > 0) {
      await Promise.all([...this.settling])
    }
  }

  /** Forgets everything queued (reset). */
  clear(): void {
    for (const request of this.inFlight.values()) {
      request.destroy()
    }
    this.inFlight.clear()
    this.pending.clear()
    this.held = []
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.clear()
    await this.idle()
    this.httpAgent.destroy()
    this.httpsAgent.destroy()
  }

  private track(promise: Promise<void>): void {
    this.settling.add(promise)
    void promise.finally(() => this.settling.delete(promise))
  }

  private async attempt(record: DeliveryRecord): Promise<void> {
    if (this.inFlight.has(record.id) || this.stopped) {
      return
    }
    const at = this.ctx.clock.now().toISOString()
    const started = Date.now()
    record.next_attempt_at = null
    const result = await this.post(record)
    if (this.stopped || this.ctx.state.deliveries.get(record.id) !== record) {
      return
    }
    record.attempts.push({
      at,
      duration_ms: Date.now() - started,
      ...(result.status !== undefined ? { http_status: result.status } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
    })
    if (result.status === 200) {
      record.status = "delivered"
      this.pending.delete(record.id)
    } else {
      const retry = this.ctx.timings.callbackRetrySchedule[record.attempts.length - 1]
      if (retry === undefined) {
        record.status = "failed"
        this.pending.delete(record.id)
        this.ctx.logger.warn(`callback ${record.id} to ${record.url} failed after ${record.attempts.length} attempts`)
      } else {
        record.next_attempt_at = this.ctx.clock.nowMs() + retry
      }
    }
    this.ctx.changed()
  }

  private post(record: DeliveryRecord): Promise<PostResult> {
    return new Promise((resolve) => {
      let url: URL
      try {
        url = new URL(record.url)
      } catch {
        resolve({ error: `invalid URL ${record.url}` })
        return
      }
      const secure = url.protocol === "https:"
      const body = Buffer.from(record.body, "utf8")
      let settled = false
      const finish = (result: PostResult) => {
        if (!settled) {
          settled = true
          clearTimeout(deadline)
          this.inFlight.delete(record.id)
          resolve(result)
        }
      }
      const request = (secure ? https : http).request(
        url,
        {
          method: "POST",
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: {
            "Content-Type": record.content_type,
            "Content-Length": body.length,
            "User-Agent": "m4-sandbox",
          },
        },
        (response) => {
          response.resume()
          response.on("end", () => finish({ status: response.statusCode }))
          response.on("error", (e) => finish({ status: response.statusCode, error: e.message }))
        }
      )
      const deadline = setTimeout(() => {
        finish({ error: `no answer within ${this.ctx.timings.callbackTimeoutMs} ms` })
        request.destroy()
      }, this.ctx.timings.callbackTimeoutMs)
      request.on("error", (e) => finish({ error: e.message }))
      request.on("close", () => finish({ error: "connection closed" }))
      this.inFlight.set(record.id, request)
      request.end(body)
    })
  }
}
