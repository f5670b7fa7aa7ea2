/**
 * The configuration the sandbox uses without --config: one shop and a small set of payways that
 * cover every currency precision the plugin must handle (2, 0 and 3 minor digits), a wallet
 * payway with payer add-ons (docs/m4-protocol.md §4.1) and two payout payways.
 *
 *   shop 1520, secret "sandbox-secret-key" (public test data; the docs/m4-protocol.md vectors use it),
 *   opening balances: 10000.00 USD, 10000.00 EUR, 1000000 JPY, 1000.000 KWD.
 *
 *   pay-in  card_invoice_usd (840)  1.00–100000.00, fee 2.5% + 0.30, two-step
 *           card_invoice_eur (978)  1.00–100000.00, fee 2.5% + 0.25, two-step
 *           card_invoice_jpy (392)  100–10000000,   fee 3%,           two-step
 *           card_invoice_kwd (414)  0.100–30000.000, fee 2%,          two-step
 *           wallet_invoice_usd (840) 1.00–5000.00, fee 1.5%, one-step, add-ons email + phone
 *   payout  card_payout_usd (840), card_payout_eur (978): account = 16 digits, fee 1% + fix
 *
 * Pay-in payways are listed by the pay-method names a payer sees ("Bank card", "E-wallet").
 * check_account names the holder of the test card 4111111111111111 (Maria Garcia); other valid
 * accounts answer `account_info: null`, as recorded.
 * Exchange rates for cross-currency invoices: config/default-rates.ts (USD/EUR 0.92, …).
 *
 * Append `[mock_server,<scenario>]` to any alias to script an outcome (config/scenarios.ts); the
 * method lists name some of them as their own entries (`scenarios`), like the recorded lists:
 * card_invoice_usd as the recorded card method, card_payout_usd as the recorded payout method.
 */
import { parseSandboxConfig, SandboxConfig, SandboxConfigInput } from "./sandbox-config"

export const DEFAULT_SHOP_ID = 1520
export const DEFAULT_SECRET_KEY = "sandbox-secret-key"

const CARD_MANUAL = { en: "Enter your card details on the next page", ru: "Введите данные карты на следующей странице" }

// a plain-text title, as the recorded payout list has ("title": "your account")
const cardAccountInfo = { account: { regex: "^\\d{16}$", title: "Card number, 16 digits" } }

export const DEFAULT_CONFIG_INPUT: SandboxConfigInput = {
  shops: [
    {
      shop_id: DEFAULT_SHOP_ID,
      secret_key: DEFAULT_SECRET_KEY,
      name: "Sandbox shop",
      callback_format: "json",
      balances: { "840": "10000.00", "978": "10000.00", "392": "1000000", "414": "1000.000" },
    },
  ],
  payways: [
    {
      alias: "card_invoice_usd",
      currency: 840,
      min_amount: "1.00",
      max_amount: "100000.00",
      fee_percent: "2.5",
      fee_fix: "0.30",
      two_step: true,
      scenarios: ["success_with_callback", "create_declined_with_callback", "internal_server_error", "timeout_error"],
      paymethod_name: "Bank card",
      manual: CARD_MANUAL,
    },
    {
      alias: "card_invoice_eur",
      currency: 978,
      min_amount: "1.00",
      max_amount: "100000.00",
      fee_percent: "2.5",
      fee_fix: "0.25",
      two_step: true,
      paymethod_name: "Bank card",
      manual: CARD_MANUAL,
    },
    {
      alias: "card_invoice_jpy",
      currency: 392,
      min_amount: "100",
      max_amount: "10000000",
      fee_percent: "3",
      two_step: true,
      paymethod_name: "Bank card",
      manual: CARD_MANUAL,
    },
    {
      alias: "card_invoice_kwd",
      currency: 414,
      min_amount: "0.100",
      max_amount: "30000.000",
      fee_percent: "2",
      two_step: true,
      paymethod_name: "Bank card",
      manual: CARD_MANUAL,
    },
    {
      alias: "wallet_invoice_usd",
      currency: 840,
      min_amount: "1.00",
      max_amount: "5000.00",
      fee_percent: "1.5",
      paymethod_id: 4,
      paymethod_name: "E-wallet",
      manual: {
        en: "Please enter your email we will use it to send you a billing statement",
        ru: "Пожалуйста укажите свой email, мы вышлем на него квитанцию об оплате",
      },
      add_ons_config: {
        email: {
          comment: { en: "Enter your e-mail", ru: "Введите Ваш e-mail" },
          example: "someone@example.com",
          label: { en: "E-mail", ru: "Электронная почта" },
          regex: "^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+.[a-zA-Z0-9-.]+$",
        },
        phone: {
          comment: {
            en: "Enter your phone number in international format without «+»",
            ru: "Введите номер телефона в международном формате, без «+»",
          },
          example: "79133456789",
          label: { en: "Wallet phone number:", ru: "Номер телефона кошелька:" },
          prefix: "+",
          regex: "^[0-9]{8,15}$",
        },
      },
    },
    {
      alias: "card_payout_usd",
      kind: "output",
      currency: 840,
      min_amount: "1.00",
      max_amount: "50000.00",
      fee_percent: "1",
      fee_fix: "0.50",
      scenarios: ["success", "fail", "internal_server_error", "wallet_does_not_exist", "payment_forbidden"],
      paymethod_id: 10,
      paymethod_name: "Card payouts",
      account_regex: "^\\d{16}$",
      account_info_config: cardAccountInfo,
    },
    {
      alias: "card_payout_eur",
      kind: "output",
      currency: 978,
      min_amount: "1.00",
      max_amount: "50000.00",
      fee_percent: "1",
      fee_fix: "0.50",
      paymethod_id: 10,
      paymethod_name: "Card payouts",
      account_regex: "^\\d{16}$",
      account_info_config: cardAccountInfo,
    },
  ],
  account_holders: { "4111111111111111": { first_name: "Maria", last_name: "Garcia" } },
}

export function defaultSandboxConfig(): SandboxConfig {
  return parseSandboxConfig(DEFAULT_CONFIG_INPUT, "default sandbox config")
}
