import { createHmac, hkdfSync } from "node:crypto"

/**
 * What the merchant tools module keeps of a recipient account once withdraw/create has it: a mask for
 * people and a keyed hash for the idempotent-retry comparison, never the account itself (a card
 * number at rest puts the store's database in PCI DSS scope). withdraw/create takes the account
 * from the request that asks for it (the first one, or a client retry with the same key).
 */

/** A card number (PAN): 13 to 19 digits. */
const PAN = /^\d{13,19}$/

/**
 * The account as stored: a card number keeps its first 6 and last 4 digits (PCI DSS's most),
 * anything else (phone, wallet id…) its last 4 only, 4 characters or fewer nothing.
 * `4111111111111111` → `411111******1111`, `+79001234567` → `********4567`.
 */
export function maskForStorage(account: string): string {
  const value = account.trim()
  if (value.length <= 4) {
    return "*".repeat(value.length)
  }
  if (PAN.test(value)) {
    return value.slice(0, 6) + "*".repeat(value.length - 10) + value.slice(-4)
  }
  return "*".repeat(value.length - 4) + value.slice(-4)
}

/** Every run of 10 or more digits in a text (an M4 message, a note, an account detail) masked as above. */
export function maskAccountNumbers(text: string): string {
  return text.replace(/\d{10,}/g, (digits) => maskForStorage(digits))
}

/**
 * HMAC-SHA256 of the account under a key derived (HKDF) from the shop's M4 secret key: the
 * store has it already, it is never in the database, and the hash means nothing without it
 * (a plain hash of a card number is reversed by trying the few billion numbers of a BIN).
 * Changing the secret key makes a retry of an earlier payout with the same idempotency key
 * look like another account: it is refused (400), never paid twice.
 */
export function accountHasher(secretKey: string): (account: string) => string {
  const key = Buffer.from(hkdfSync("sha256", secretKey, "", "medusa-payment-m4 payout account v1", 32))
  return (account) => createHmac("sha256", key).update(account.trim(), "utf8").digest("hex")
}
