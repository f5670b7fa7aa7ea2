import type { AxiosInstance } from "axios"

/** The Admin API calls the provider tests make, as a merchant's dashboard would. */
export class AdminApi {
  constructor(
    private readonly api: AxiosInstance,
    private readonly headers: Record<string, string>
  ) {}

  async orders() {
    return (await this.api.get("/admin/orders?fields=id,status,metadata", { headers: this.headers })).data.orders
  }

  async order(id: string) {
    const fields = [
      "id",
      "status",
      "metadata",
      "*payment_collections",
      "*payment_collections.payments",
      "*payment_collections.payments.captures",
      "*payment_collections.payments.refunds",
    ].join(",")
    return (await this.api.get(`/admin/orders/${id}?fields=${fields}`, { headers: this.headers })).data.order
  }

  /** Everything the books comparison reads, each field requested by name. */
  async orderBooks(id: string) {
    const fields = [
      "id",
      "total",
      "currency_code",
      "payment_status",
      "summary",
      "credit_line_total",
      "*credit_lines",
      "*payment_collections",
      "*payment_collections.payments",
      "*payment_collections.payments.captures",
      "*payment_collections.payments.refunds",
    ].join(",")
    return (await this.api.get(`/admin/orders/${id}?fields=${fields}`, { headers: this.headers })).data.order
  }

  /** The order's M4 money from the plugin's ledger (as the order's M4 panel reads it). */
  async m4(orderId: string) {
    return (await this.api.get(`/admin/m4/orders/${orderId}/notifications`, { headers: this.headers })).data
  }

  async payment(orderId: string) {
    return (await this.order(orderId)).payment_collections[0].payments[0]
  }

  async capture(paymentId: string) {
    return this.api.post(`/admin/payments/${paymentId}/capture`, {}, { headers: this.headers })
  }

  async refund(paymentId: string, amount?: number) {
    return this.api.post(`/admin/payments/${paymentId}/refund`, amount === undefined ? {} : { amount }, {
      headers: this.headers,
    })
  }

  async cancelOrder(orderId: string) {
    return this.api.post(`/admin/orders/${orderId}/cancel`, {}, { headers: this.headers })
  }
}
