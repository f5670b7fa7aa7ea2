import { parseM4Date, verifyCallback } from "../../m4"
import {
  callbackUrlWithType,
  invoiceCallbackFields,
  nestedJsonText,
  refundCallbackFields,
  renderSignedCallback,
} from "../callbacks/callback-renderer"
import { InvoiceRecord, RefundRecord } from "../domain/records"
import { PY_CALLBACK_BODY, PY_RESPONSE, pyFloat, pyJson } from "../python-json"

const SECRET = "sandbox-secret-key"

/** docs/m4-protocol.md §9.1, one line, exact. */
const VECTOR_9_1 =
  '{"status": "hold", "payment_id": 41000017, "shop_order_id": "order_01JTESTVECTOR", "shop_id": 1520, "ps_data": "{\\"ps_payer_account\\": \\"424242XXXXXX4242\\", \\"required_3ds\\": false}", "ps_currency": 840, "payway": "card_invoice_usd[mock_server,success_with_callback]", "description": "Order \\u2116190", "created": "2026-05-24T16:35:42", "updated": "2026-05-24T16:36:10", "processed": null, "shop_currency": 840, "shop_amount": 6.0, "shop_refund": 5.7, "client_price": 6.0, "error_code": 0, "addons": "{\\"callback_url\\": \\"https://shop.example.com/hooks/payment/m4_m4?type=invoice\\", \\"description\\": \\"Order \\u2116190\\", \\"hold_required\\": true}", "sign": "d80a819bdcb133d2cf23ca28ddcb01da54c50058e1302fe5bf01cd7c826d3d11"}'

const VECTOR_9_2 =
  '{"shop_refund_id": "refund_01JTESTVECTOR", "status": "SUCCESS", "invoice_id": 41000017, "amount": "100.00", "currency": "USD", "error_code": 0, "created_at": "2026-05-24T16:50:00", "processed_at": "2026-05-24T16:50:07", "addons": "", "sign": "0e2d7c9307492262ea3597658502b4e8e253b11f337c1c7f70ecfb8259184e33"}'

const m4Ms = (text: string) => (parseM4Date(text) as Date).getTime()

function vectorInvoice(overrides: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id: 41000017,
    shop_id: 1520,
    shop_order_id: "order_01JTESTVECTOR",
    amount: "6.00",
    currency: 840,
    ps_currency: 840,
    ps_amount: "6.00",
    exchange_rate: "1",
    payway: "card_invoice_usd[mock_server,success_with_callback]",
    base_payway: "card_invoice_usd",
    scenario: "success_with_callback",
    description: "Order №190",
    hold_required: true,
    status: 8,
    payer_price: "6.00",
    fee: "0.30",
    shop_fee: "0.30",
    shop_refund: "5.70",
    refunded: "0",
    created_at: m4Ms("2026-05-24T16:35:42"),
    updated_at: m4Ms("2026-05-24T16:36:10"),
    processed_at: null,
    held_at: m4Ms("2026-05-24T16:36:10"),
    session_id: "s",
    pay_method: "GET",
    callback_url: "https://shop.example.com/hooks/payment/m4_m4?type=invoice",
    callback_rejected_url: null,
    success_url: null,
    failed_url: null,
    addons: { callback_url: "https://shop.example.com/hooks/payment/m4_m4?type=invoice", description: "Order №190" },
    addon_values: {},
    ps_payer_account: "424242XXXXXX4242",
    error_code: 0,
    ...overrides,
  }
}

describe("callback renderer", () => {
  it("writes docs/m4-protocol.md §9.1 byte for byte from the same inputs", () => {
    const rendered = renderSignedCallback(invoiceCallbackFields(vectorInvoice(), "hold"), SECRET, "json")
    expect(rendered.body).toBe(VECTOR_9_1)
    expect(rendered.sign).toBe("d80a819bdcb133d2cf23ca28ddcb01da54c50058e1302fe5bf01cd7c826d3d11")
  })

  it("writes docs/m4-protocol.md §9.2 byte for byte from the same inputs", () => {
    const refund: RefundRecord = {
      id: 7001,
      shop_id: 1520,
      invoice_id: 41000017,
      shop_refund_id: "refund_01JTESTVECTOR",
      amount: "100.00",
      currency: 840,
      status: "SUCCESS",
      error_code: 0,
      created_at: m4Ms("2026-05-24T16:50:00"),
      processed_at: m4Ms("2026-05-24T16:50:07"),
      due_at: 0,
      will_fail: false,
    }
    expect(renderSignedCallback(refundCallbackFields(refund), SECRET, "json").body).toBe(VECTOR_9_2)
  })

  it("writes nested JSON text Python-style and floats as Python repr", () => {
    expect(nestedJsonText({ b: 1, a: "№", c: { y: true, x: null } })).toBe(
      '{"a": "№", "b": 1, "c": {"x": null, "y": true}}'
    )
    expect(pyJson({ b: pyFloat("5.70"), a: pyFloat("0"), c: pyFloat("100000.00") }, PY_RESPONSE)).toBe(
      '{"a":0.0,"b":5.7,"c":100000.0}'
    )
    expect(pyJson({ t: "é\n\u0001😀" }, PY_CALLBACK_BODY)).toBe('{"t": "\\u00e9\\n\\u0001\\ud83d\\ude00"}')
  })

  it.each([
    ["json", "6.00", "5.70", "Order №190"],
    ["form", "6.00", "5.70", "Order №190"],
    ["json", "0.00", "0.00", "Заказ №7 — «тест»"],
    ["form", "0.00", "0.00", "Заказ №7 — «тест»"],
    ["json", "1234.50", "1203.64", "plain & simple = yes?"],
    ["form", "1234.50", "1203.64", "plain & simple = yes?"],
  ] as const)(
    "%s callback with amount %s verifies with the project's verifier",
    (format, amount, credit, description) => {
      const invoice = vectorInvoice({
        amount,
        payer_price: amount,
        shop_refund: credit,
        description,
        status: 4,
        processed_at: Date.now(),
      })
      const rendered = renderSignedCallback(invoiceCallbackFields(invoice, "success"), SECRET, format)
      const verified = verifyCallback(rendered.body, SECRET, { contentType: rendered.contentType })
      expect(verified).toMatchObject({ ok: true, type: "invoice" })
      if (verified.ok && verified.type === "invoice") {
        expect(verified.callback.description).toBe(description)
        expect(Number(verified.callback.shop_amount_text)).toBe(Number(amount))
      }
      expect(verifyCallback(rendered.body, "other-secret", { contentType: rendered.contentType }).ok).toBe(false)
    }
  )

  it("appends ?type= respecting an existing query string", () => {
    expect(callbackUrlWithType("https://s.example/hook", "invoice")).toBe("https://s.example/hook?type=invoice")
    expect(callbackUrlWithType("https://s.example/hook?a=1", "refund")).toBe("https://s.example/hook?a=1&type=refund")
    expect(callbackUrlWithType("https://s.example/hook?type=invoice", "invoice")).toBe(
      "https://s.example/hook?type=invoice"
    )
    expect(callbackUrlWithType("https://s.example/hook?", "invoice")).toBe("https://s.example/hook?type=invoice")
  })
})
