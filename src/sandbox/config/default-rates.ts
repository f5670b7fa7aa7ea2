/**
 * The sandbox's seeded exchange rates (used when a config has no `exchange_rates`): fixed,
 * made-up but plausible values, so tests and demos get the same payer prices on every run.
 * `"USD/EUR": "0.92"` = 1 USD buys 0.92 EUR. Both directions are listed (no derived inverse,
 * so every conversion is one exact multiplication). USD/RUB is the rate implied by the recorded
 * cross-currency exchange (invoice/try 299.45 USD on a RUB payway → payer_price 27051.71 RUB).
 * A pair not listed is refused with error 16 (InvalidCurrencyExchange).
 */
export const DEFAULT_EXCHANGE_RATES: Readonly<Record<string, string>> = {
  "USD/EUR": "0.92",
  "EUR/USD": "1.08",
  "USD/JPY": "155",
  "JPY/USD": "0.0064",
  "USD/KWD": "0.307",
  "KWD/USD": "3.25",
  "EUR/JPY": "168",
  "JPY/EUR": "0.0059",
  "EUR/KWD": "0.333",
  "KWD/EUR": "3.0",
  "JPY/KWD": "0.00198",
  "KWD/JPY": "505",
  "USD/RUB": "90.338",
  "RUB/USD": "0.011",
  "EUR/RUB": "98",
  "RUB/EUR": "0.0102",
}
