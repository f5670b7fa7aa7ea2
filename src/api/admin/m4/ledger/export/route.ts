import { once } from "node:events"
import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { M4_LEDGER_MODULE } from "../../../../../modules/m4-ledger"
import type { LedgerCursor, M4LedgerModuleService } from "../../../../../modules/m4-ledger"
import { m4Gateway } from "../../../../../modules/m4-merchant-tools"
import {
  csvLine,
  LEDGER_CSV_COLUMNS,
  ledgerCsvRow,
  localDateTime,
  methodNames,
  orderRefs,
  serializeLedgerRow,
} from "../../serializers"
import type { GetLedgerFilterType } from "../../validators"

/** Rows per database round trip: the most the export holds in memory at once. */
const EXPORT_CHUNK_ROWS = 500

/**
 * GET /admin/m4/ledger/export — the ledger as CSV (oldest first), same filters as the ledger,
 * dates in `tz`. Streamed: the rows are read in keyset chunks of EXPORT_CHUNK_ROWS and written as
 * they come, waiting for the client to take each chunk (backpressure), so a month of a busy shop
 * never sits in memory. The download stops when the client goes away.
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as GetLedgerFilterType
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const filter = { from: q.from, to: q.to, statuses: q.status, provider_id: q.provider_id }
  const names = await methodNames(m4Gateway(req.scope), "input")
  const when = localDateTime(q.tz)
  const day = (d: Date) => when(d).slice(0, 10)
  const range = `${q.from ? day(q.from) : "start"}_to_${day(q.to ?? new Date())}`

  res.status(200)
  res.setHeader("content-type", "text/csv; charset=utf-8")
  res.setHeader("content-disposition", `attachment; filename="m4-ledger_${range}.csv"`)
  res.setHeader("cache-control", "no-store")

  let closed = false
  res.on("close", () => (closed = true))
  const write = async (text: string) => {
    // a client gone already: its "close" has fired, so waiting for it would wait forever
    if (closed || res.destroyed) {
      return
    }
    if (!res.write(text)) {
      await Promise.race([once(res, "drain"), once(res, "close")])
    }
  }
  try {
    // a BOM, so spreadsheet programs read the file as UTF-8
    await write("\uFEFF" + csvLine(LEDGER_CSV_COLUMNS.map((c) => (c === "Date" ? `Date (${q.tz})` : c))))
    let after: LedgerCursor | null = null
    while (!closed) {
      const rows = await ledger.desk.ledgerChunk(filter, after, EXPORT_CHUNK_ROWS)
      if (!rows.length) {
        break
      }
      const orderOf = await orderRefs(req.scope, rows)
      await write(rows.map((r) => ledgerCsvRow(serializeLedgerRow(r, names, orderOf(r)), when)).join(""))
      after = rows[rows.length - 1].cursor
      if (rows.length < EXPORT_CHUNK_ROWS) {
        break
      }
    }
    res.end()
  } catch (e) {
    // the header is sent: the client sees a cut file, the log says why
    req.scope.resolve(ContainerRegistrationKeys.LOGGER).error(`M4: the ledger export stopped: ${(e as Error).message}`)
    res.destroy(e as Error)
  }
}
