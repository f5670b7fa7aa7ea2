import { readdirSync, readFileSync } from "node:fs"
import path from "node:path"

/** Test vectors shared by the specs (docs/m4-protocol.md §2.2, §9.1, §9.2). Not a spec file: no tests here. */

/** The recorded exchanges live beside the repository, in ../shared/m4 (relative to the repo, not /work). */
export const RECORDED_DIR = path.resolve(__dirname, "../../../../shared/m4/fixtures/recorded")

export interface RecordedExchange {
  file: string
  endpoint: string
  secret_key: string
  request_body: string
  http_status: number
  response_body: string
}

export function loadRecordedExchanges(): RecordedExchange[] {
  const files = readdirSync(RECORDED_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
  return files.flatMap((file) => {
    const content = JSON.parse(readFileSync(path.join(RECORDED_DIR, file), "utf8")) as {
      exchanges: Omit<RecordedExchange, "file">[]
    }
    return content.exchanges.map((exchange) => ({ file, ...exchange }))
  })
}

export const SANDBOX_SECRET = "sandbox-secret-key"

/** Vector 9.1 as ordered [key, raw JSON text of the value] pairs; joined it is the exact raw body. */
export const INVOICE_CALLBACK_PAIRS: Array<[string, string]> = [
  ["status", `"hold"`],
  ["payment_id", "41000017"],
  ["shop_order_id", `"order_01JTESTVECTOR"`],
  ["shop_id", "1520"],
  ["ps_data", String.raw`"{\"ps_payer_account\": \"424242XXXXXX4242\", \"required_3ds\": false}"`],
  ["ps_currency", "840"],
  ["payway", `"card_invoice_usd[mock_server,success_with_callback]"`],
  ["description", String.raw`"Order \u2116190"`],
  ["created", `"2026-05-24T16:35:42"`],
  ["updated", `"2026-05-24T16:36:10"`],
  ["processed", "null"],
  ["shop_currency", "840"],
  ["shop_amount", "6.0"],
  ["shop_refund", "5.7"],
  ["client_price", "6.0"],
  ["error_code", "0"],
  [
    "addons",
    String.raw`"{\"callback_url\": \"https://shop.example.com/hooks/payment/m4_m4?type=invoice\", \"description\": \"Order \u2116190\", \"hold_required\": true}"`,
  ],
  ["sign", `"d80a819bdcb133d2cf23ca28ddcb01da54c50058e1302fe5bf01cd7c826d3d11"`],
]

/** Vector 9.1, copied byte for byte from docs/m4-protocol.md. */
export const INVOICE_CALLBACK_RAW = String.raw`{"status": "hold", "payment_id": 41000017, "shop_order_id": "order_01JTESTVECTOR", "shop_id": 1520, "ps_data": "{\"ps_payer_account\": \"424242XXXXXX4242\", \"required_3ds\": false}", "ps_currency": 840, "payway": "card_invoice_usd[mock_server,success_with_callback]", "description": "Order \u2116190", "created": "2026-05-24T16:35:42", "updated": "2026-05-24T16:36:10", "processed": null, "shop_currency": 840, "shop_amount": 6.0, "shop_refund": 5.7, "client_price": 6.0, "error_code": 0, "addons": "{\"callback_url\": \"https://shop.example.com/hooks/payment/m4_m4?type=invoice\", \"description\": \"Order \u2116190\", \"hold_required\": true}", "sign": "d80a819bdcb133d2cf23ca28ddcb01da54c50058e1302fe5bf01cd7c826d3d11"}`

export const INVOICE_CALLBACK_STRING_TO_SIGN =
  '{"callback_url": "https://shop.example.com/hooks/payment/m4_m4?type=invoice", "description": "Order №190", "hold_required": true}:6.0:2026-05-24T16:35:42:Order №190:0:41000017:card_invoice_usd[mock_server,success_with_callback]:840:{"ps_payer_account": "424242XXXXXX4242", "required_3ds": false}:6.0:840:1520:order_01JTESTVECTOR:5.7:hold:2026-05-24T16:36:10'

/** Vector 9.2 as ordered pairs. */
export const REFUND_CALLBACK_PAIRS: Array<[string, string]> = [
  ["shop_refund_id", `"refund_01JTESTVECTOR"`],
  ["status", `"SUCCESS"`],
  ["invoice_id", "41000017"],
  ["amount", `"100.00"`],
  ["currency", `"USD"`],
  ["error_code", "0"],
  ["created_at", `"2026-05-24T16:50:00"`],
  ["processed_at", `"2026-05-24T16:50:07"`],
  ["addons", `""`],
  ["sign", `"0e2d7c9307492262ea3597658502b4e8e253b11f337c1c7f70ecfb8259184e33"`],
]

export const REFUND_CALLBACK_STRING_TO_SIGN =
  "100.00:2026-05-24T16:50:00:USD:0:41000017:2026-05-24T16:50:07:refund_01JTESTVECTOR:SUCCESS"

/** Joins pairs the way M4's Python server writes a body (`", "` and `": "` separators). */
export function pairsToJson(pairs: Array<[string, string]>): string {
  return `{${pairs.map(([key, value]) => `${JSON.stringify(key)}: ${value}`).join(", ")}}`
}
