import { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { M4_LEDGER_MODULE } from "../../../../../modules/m4-ledger"
import type { M4LedgerModuleService } from "../../../../../modules/m4-ledger"
import { addAmounts } from "../../../../../m4"
import { atMinorUnits, serializeDayTotals } from "../../serializers"
import type { GetLedgerFilterType } from "../../validators"

/**
 * GET /admin/m4/ledger/totals — per day (in `tz`, default UTC) and currency: `gross` (what M4 took
 * from paid payments), `fees` (M4's fee), `net` (credited to the shop), `refunds` (refunds and
 * returns M4 made), and the same for the whole period per currency (`period`). Same `from` / `to` /
 * `provider_id` filters as the ledger; not the status filter (totals are what moved).
 */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as unknown as GetLedgerFilterType
  const ledger = req.scope.resolve<M4LedgerModuleService>(M4_LEDGER_MODULE)
  const days = await ledger.desk.dayTotals({ from: q.from, to: q.to, provider_id: q.provider_id }, q.tz)
  const perDay = days.map(serializeDayTotals)
  const period = new Map<string, { currency: string; gross: string; fees: string; net: string; refunds: string }>()
  for (const d of perDay) {
    const key = d.currency ?? ""
    const p = period.get(key) ?? { currency: key, gross: "0", fees: "0", net: "0", refunds: "0" }
    for (const field of ["gross", "fees", "net", "refunds"] as const) {
      p[field] = atMinorUnits(addAmounts(p[field], d[field] ?? "0"), key) ?? "0"
    }
    period.set(key, p)
  }
  res.json({ time_zone: q.tz, days: perDay, period: [...period.values()] })
}
