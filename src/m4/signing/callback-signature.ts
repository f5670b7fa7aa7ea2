import { m4Hash } from "./hash"
import { RawFields, signatureText } from "./raw-fields"

/**
 * String to sign for a callback (docs/m4-protocol.md §8.4, §9): every field but `sign` whose value is
 * neither null nor "", sorted by key (code point order), values' transmitted text joined by ":".
 * Unknown fields take part too, so fields M4 adds later keep verifying.
 */
export function callbackStringToSign(raw: RawFields): string {
  const parts: string[] = []
  for (const key of [...raw.fields.keys()].sort()) {
    if (key === "sign") {
      continue
    }
    const text = signatureText(raw.fields.get(key))
    if (text !== null) {
      parts.push(text)
    }
  }
  return parts.join(":")
}

export function callbackSignature(raw: RawFields, secretKey: string): string {
  return m4Hash(callbackStringToSign(raw), secretKey)
}
