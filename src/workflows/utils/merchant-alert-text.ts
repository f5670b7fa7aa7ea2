import type { AttentionEvent } from "../../providers/m4/core/m4-gateway"
import { attentionText, type AttentionKind, type MerchantAttention } from "../../shared/display-names"

/** Every kind the payment flows raise has words: a new AttentionEvent kind fails the build until it does. */
export const everyAttentionKindHasWords: AttentionEvent["kind"] extends AttentionKind ? true : never = true

/**
 * The merchant's words for an attention event (the dashboard's bell): a short title and one or two
 * sentences with the ids. The words live in the one table of display names
 * (src/shared/display-names.ts), so the bell and the M4 payments page say the same thing.
 */
export function merchantAlert(e: MerchantAttention): { title: string; description: string } {
  return attentionText(e, { timeZone: "UTC" })
}
