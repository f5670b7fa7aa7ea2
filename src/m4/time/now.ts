/**
 * `now` as this project sends it (DECISION d): ISO 8601 UTC with milliseconds and `Z`,
 * e.g. `2026-05-24T13:35:42.123Z`. It is signed as the exact string sent.
 */
export function formatNow(date: Date = new Date()): string {
  return date.toISOString()
}

/** M4 reads a timestamp without a zone as UTC+03:00 (docs/m4-protocol.md §2.5). */
export const M4_DEFAULT_OFFSET = "+03:00"

/** Parses an M4 timestamp (`2023-07-25T13:48:42`, `2024-01-01 12:00:00.123456`, `…Z`); null when unreadable. */
export function parseM4Date(value: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim())
  if (!match) {
    return null
  }
  const [, day, time, fraction = "", zone] = match
  const millis = fraction ? fraction.slice(0, 4).padEnd(4, "0") : ""
  // Date only reads "+03:00", not "+0300"
  const offset = zone && zone !== "Z" && !zone.includes(":") ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone
  const date = new Date(`${day}T${time}${millis}${offset ?? M4_DEFAULT_OFFSET}`)
  return Number.isNaN(date.getTime()) ? null : date
}

/** Formats a date the way M4 prints response timestamps: no zone, UTC+3 wall clock. */
export function formatM4Timestamp(date: Date): string {
  return new Date(date.getTime() + 3 * 3600_000).toISOString().slice(0, 19)
}
