import { Select, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { formatDay, formatMoney } from "../../shared/display-names"
import { DayTotal, PeriodTotal } from "../lib/api"

const HEIGHT = 120
const WIDTH = 640
const MAX_DAYS = 92

/** Every day from `first` to `last` ("YYYY-MM-DD"), at most MAX_DAYS: a quiet day is a bar of nothing, not a gap. */
function daysBetween(first: string, last: string): string[] {
  const days: string[] = []
  const at = new Date(`${first}T00:00:00Z`)
  const end = new Date(`${last}T00:00:00Z`)
  while (at <= end && days.length < MAX_DAYS) {
    days.push(at.toISOString().slice(0, 10))
    at.setUTCDate(at.getUTCDate() + 1)
  }
  return days
}

// for the bars' heights only: the figures shown are the exact strings
const size = (amount: string) => Math.max(0, Number(amount) || 0)

/**
 * Totals per day for the ledger's period: a small chart (per day, the net credited and M4's fee
 * stacked up to the gross, grey where M4 has not reported the net yet; refunds below the line)
 * and the figures for the period and per day.
 */
export const DayTotals = ({
  days,
  period,
  range,
}: {
  days: DayTotal[]
  period: PeriodTotal[]
  range: { from?: string; to?: string }
}) => {
  const currencies = useMemo(() => [...new Set(days.map((d) => d.currency))].sort(), [days])
  const [picked, setPicked] = useState<string | undefined>()
  const currency = picked && currencies.includes(picked) ? picked : currencies[0]
  const [focus, setFocus] = useState<string | null>(null)

  const ofCurrency = days.filter((d) => d.currency === currency)
  const byDay = new Map(ofCurrency.map((d) => [d.day, d]))
  const first = range.from ?? ofCurrency[0]?.day
  const last = range.to ?? ofCurrency[ofCurrency.length - 1]?.day
  const axis = first && last ? daysBetween(first, last) : []
  const top = Math.max(1, ...ofCurrency.map((d) => size(d.gross)))
  const bottom = Math.max(0, ...ofCurrency.map((d) => size(d.refunds)))
  // the line sits where the largest refund fits below it
  const zero = bottom ? (HEIGHT * top) / (top + bottom) : HEIGHT
  const scale = zero / top
  const slot = axis.length ? WIDTH / axis.length : WIDTH
  const money = (v: string) => formatMoney(v, currency)
  const totals = period.find((p) => p.currency === currency) ?? { gross: "0", fees: "0", net: "0", refunds: "0" }
  const shown = focus ? byDay.get(focus) : undefined

  if (!currency) {
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="m4-day-totals-empty">
        No M4 money moved in this period.
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="m4-day-totals">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4" data-testid="m4-period-totals">
          {(
            [
              ["Gross", totals.gross],
              ["M4 fees", totals.fees],
              ["Net credited", totals.net],
              ["Refunds", totals.refunds],
            ] as const
          ).map(([label, value]) => (
            <div key={label} className="flex flex-col">
              <Text size="xsmall" className="text-ui-fg-subtle">
                {label}
              </Text>
              <Text size="small" weight="plus" data-testid={`m4-period-${label.split(" ")[0].toLowerCase()}`}>
                {money(value)}
              </Text>
            </div>
          ))}
        </div>
        {currencies.length > 1 && (
          <div className="w-[120px]">
            <Select size="small" value={currency} onValueChange={setPicked}>
              <Select.Trigger aria-label="Currency">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {currencies.map((c) => (
                  <Select.Item key={c} value={c}>
                    {c}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        )}
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-[120px] w-full"
        preserveAspectRatio="none"
        role="img"
        aria-label={`Net credited, M4 fees and refunds per day in ${currency}`}
        onMouseLeave={() => setFocus(null)}
      >
        <line x1={0} x2={WIDTH} y1={zero} y2={zero} style={{ stroke: "var(--border-base)" }} strokeWidth={1} />
        {axis.map((day, i) => {
          const d = byDay.get(day)
          const gross = d ? size(d.gross) * scale : 0
          const net = d ? size(d.net) * scale : 0
          const fee = d ? size(d.fees) * scale : 0
          const refund = d ? size(d.refunds) * scale : 0
          // what M4 took but has not split into fee and net yet (no net reported)
          const unsplit = Math.max(0, gross - net - fee)
          const x = i * slot + slot * 0.15
          const w = Math.max(1, slot * 0.7)
          return (
            <g key={day} onMouseEnter={() => setFocus(day)}>
              <rect x={i * slot} y={0} width={slot} height={HEIGHT} fill="transparent" />
              <rect x={x} y={zero - net} width={w} height={net} style={{ fill: "var(--tag-green-icon)" }} />
              <rect x={x} y={zero - net - fee} width={w} height={fee} style={{ fill: "var(--tag-orange-icon)" }} />
              <rect
                x={x}
                y={zero - net - fee - unsplit}
                width={w}
                height={unsplit}
                style={{ fill: "var(--tag-neutral-icon)" }}
              />
              <rect x={x} y={zero} width={w} height={refund} style={{ fill: "var(--tag-red-icon)" }} />
              <title>
                {`${formatDay(day)}: gross ${money(d?.gross ?? "0")}, fees ${money(d?.fees ?? "0")}, net ${money(d?.net ?? "0")}, refunds ${money(d?.refunds ?? "0")}`}
              </title>
            </g>
          )
        })}
      </svg>
      <div className="flex items-center justify-between">
        <Text size="xsmall" className="text-ui-fg-subtle">
          {axis.length ? formatDay(axis[0]) : ""}
        </Text>
        <Text size="xsmall" className="text-ui-fg-subtle" aria-live="polite">
          {shown
            ? `${formatDay(shown.day)} — gross ${money(shown.gross)} · fees ${money(shown.fees)} · net ${money(shown.net)} · refunds ${money(shown.refunds)}`
            : focus
              ? `${formatDay(focus)} — nothing moved`
              : "Green: net credited · orange: M4 fees · grey: fee not reported yet · red: refunds"}
        </Text>
        <Text size="xsmall" className="text-ui-fg-subtle">
          {axis.length ? formatDay(axis[axis.length - 1]) : ""}
        </Text>
      </div>
      <details>
        <summary className="txt-compact-small text-ui-fg-subtle cursor-pointer">Totals per day</summary>
        <table className="txt-compact-small mt-2 w-full" data-testid="m4-day-totals-table">
          <thead>
            <tr className="text-ui-fg-subtle text-left">
              <th className="py-1 font-normal">Day</th>
              <th className="py-1 text-right font-normal">Gross</th>
              <th className="py-1 text-right font-normal">M4 fees</th>
              <th className="py-1 text-right font-normal">Net credited</th>
              <th className="py-1 text-right font-normal">Refunds</th>
            </tr>
          </thead>
          <tbody>
            {[...ofCurrency].reverse().map((d) => (
              <tr key={d.day} className="border-ui-border-base border-t" data-testid={`m4-day-${d.day}`}>
                <td className="py-1">{formatDay(d.day)}</td>
                <td className="py-1 text-right">{money(d.gross)}</td>
                <td className="py-1 text-right">{money(d.fees)}</td>
                <td className="py-1 text-right">{money(d.net)}</td>
                <td className="py-1 text-right">{money(d.refunds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  )
}
