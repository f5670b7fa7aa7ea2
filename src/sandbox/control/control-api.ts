/**
 * Sandbox-only control API under /_sandbox/ (JSON in, JSON out):
 *   GET    /_sandbox/invoices[/:id]            invoices (with refunds)
 *   POST   /_sandbox/invoices/:id/pay          pay without the page
 *   POST   /_sandbox/invoices/:id/decline      decline without the page
 *   GET    /_sandbox/refunds | /_sandbox/payouts | /_sandbox/balances
 *   GET    /_sandbox/deliveries[?type=&ref_id=&status=]   callbacks with their attempts
 *   GET    /_sandbox/deliveries/:id
 *   POST   /_sandbox/deliveries/:id/replay     send the same body again (new delivery)
 *   POST   /_sandbox/deliveries/release        send held-back (reordered) callbacks now
 *   GET    /_sandbox/clock  · POST /_sandbox/clock {advance_ms}
 *   GET    /_sandbox/faults · POST /_sandbox/faults [rule…] or {rules:[…]} · DELETE /_sandbox/faults[/:id]
 *   POST   /_sandbox/reset                     back to the configured opening state
 *   GET    /_sandbox/config                    shops (secrets masked), payways, exchange rates, `now` check,
 *                                              amount digits mode
 */
import { IncomingMessage, ServerResponse } from "node:http"
import { z } from "zod"
import { formatM4Timestamp } from "../../m4"
import { maskSecret } from "../config/sandbox-config"
import type { SandboxContext } from "../context"
import { expireIfDue } from "../domain/invoice-expiry"
import { payInvoice, rejectInvoice } from "../domain/invoices"
import { InvoiceRecord } from "../domain/records"
import { SandboxState } from "../domain/sandbox-state"
import { faultRuleSchema } from "../faults/fault-rules"
import { GatewayError } from "../gateway/gateway-error"
import { parseSimpleBody, readBody, sendJson } from "../http/http-io"

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

function invoiceView(ctx: SandboxContext, invoice: InvoiceRecord) {
  return {
    ...invoice,
    pay_url: `${ctx.baseUrl}/pay/${invoice.session_id}`,
    refunds: ctx.state.refundsOfInvoice(invoice.id),
  }
}

function balancesView(state: SandboxState) {
  return Object.fromEntries(
    [...state.balances].map(([shopId, byCurrency]) => [
      String(shopId),
      Object.fromEntries([...byCurrency].map(([c, b]) => [String(c), b])),
    ])
  )
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = parseSimpleBody(await readBody(req), req.headers["content-type"])
  return "__json" in body ? body.__json : body
}

function invoiceById(ctx: SandboxContext, id: string): InvoiceRecord {
  const invoice = ctx.state.invoices.get(Number(id))
  if (!invoice) {
    throw new ControlError(404, `invoice ${id} not found`)
  }
  expireIfDue(ctx, invoice)
  return invoice
}

const clockBody = z.object({ advance_ms: z.number().int().min(0) })
const faultsBody = z.union([z.array(faultRuleSchema), z.object({ rules: z.array(faultRuleSchema) }), faultRuleSchema])

export interface ControlHooks {
  reset(): void
}

export async function handleControl(
  ctx: SandboxContext,
  hooks: ControlHooks,
  req: IncomingMessage,
  res: ServerResponse,
  path: string
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox")
  const parts = path.split("/").filter(Boolean).slice(1) // drop "_sandbox"
  const route = `${req.method} ${parts.map((p, i) => (i === 1 && /^\d+$/.test(p) ? ":id" : p)).join("/")}`
  const id = parts[1]
  try {
    switch (route) {
      case "GET invoices":
        return sendJson(
          res,
          200,
          [...ctx.state.invoices.values()].map((i) => invoiceView(ctx, i))
        )
      case "GET invoices/:id":
        return sendJson(res, 200, invoiceView(ctx, invoiceById(ctx, id)))
      case "POST invoices/:id/pay": {
        const invoice = invoiceById(ctx, id)
        payInvoice(ctx, invoice)
        return sendJson(res, 200, invoiceView(ctx, invoice))
      }
      case "POST invoices/:id/decline": {
        const invoice = invoiceById(ctx, id)
        rejectInvoice(ctx, invoice)
        return sendJson(res, 200, invoiceView(ctx, invoice))
      }
      case "GET refunds":
        return sendJson(res, 200, [...ctx.state.refunds.values()])
      case "GET payouts":
        return sendJson(res, 200, [...ctx.state.payouts.values()])
      case "GET balances":
        return sendJson(res, 200, balancesView(ctx.state))
      case "GET deliveries": {
        const type = url.searchParams.get("type")
        const refId = url.searchParams.get("ref_id")
        const status = url.searchParams.get("status")
        return sendJson(
          res,
          200,
          [...ctx.state.deliveries.values()].filter(
            (d) =>
              (!type || d.type === type) && (!refId || d.ref_id === Number(refId)) && (!status || d.status === status)
          )
        )
      }
      case "GET deliveries/:id": {
        const delivery = ctx.state.deliveries.get(Number(id))
        return delivery ? sendJson(res, 200, delivery) : sendJson(res, 404, { error: `delivery ${id} not found` })
      }
      case "POST deliveries/:id/replay": {
        const replay = ctx.callbacks.replay(Number(id))
        if (!replay) {
          throw new ControlError(404, `delivery ${id} not found`)
        }
        ctx.scheduler.runDue()
        return sendJson(res, 200, replay)
      }
      case "POST deliveries/release":
        return sendJson(res, 200, { released: ctx.callbacks.releaseHeld() })
      case "GET clock":
        return sendJson(res, 200, clockView(ctx))
      case "POST clock": {
        const body = clockBody.parse(await jsonBody(req))
        ctx.clock.advance(body.advance_ms)
        ctx.scheduler.runDue()
        ctx.changed()
        return sendJson(res, 200, clockView(ctx))
      }
      case "GET faults":
        return sendJson(res, 200, ctx.faults.list())
      case "POST faults": {
        const body = faultsBody.parse(await jsonBody(req))
        const rules = Array.isArray(body) ? body : "rules" in body ? body.rules : [body]
        return sendJson(res, 200, ctx.faults.add(rules))
      }
      case "DELETE faults":
      case "DELETE faults/:id": {
        const removed = ctx.faults.remove(id === undefined ? undefined : Number(id))
        if (removed.some((r) => r.type === "reorder_callbacks")) {
          ctx.callbacks.releaseHeld()
        }
        return sendJson(res, 200, removed)
      }
      case "POST reset":
        hooks.reset()
        return sendJson(res, 200, { reset: true })
      case "GET config":
        return sendJson(res, 200, {
          shops: ctx.config.shops.map((s) => ({ ...s, secret_key: maskSecret(s.secret_key) })),
          payways: ctx.config.payways,
          exchange_rates: ctx.config.exchange_rates,
          now_check: { mode: ctx.timings.nowCheck, tolerance_ms: ctx.timings.nowToleranceMs },
          amount_digits: ctx.timings.amountDigits,
        })
      default:
        throw new ControlError(404, `no control route ${route}`)
    }
  } catch (e) {
    if (e instanceof ControlError) {
      return sendJson(res, e.status, { error: e.message })
    }
    if (e instanceof z.ZodError) {
      return sendJson(res, 400, { error: "invalid body", issues: e.issues })
    }
    if (e instanceof GatewayError) {
      return sendJson(res, 409, { error: e.message, error_code: e.code })
    }
    if (e instanceof SyntaxError) {
      return sendJson(res, 400, { error: `invalid JSON: ${e.message}` })
    }
    throw e
  }
}

function clockView(ctx: SandboxContext) {
  return {
    now: ctx.clock.now().toISOString(),
    m4_time: formatM4Timestamp(ctx.clock.now()),
    offset_ms: ctx.clock.offset,
  }
}
