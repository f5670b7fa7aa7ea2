import { PAYOUT_STATUS } from "../../../m4"
import { PayoutState } from "../models/m4-payout"

/** M4 payout status (docs/m4-protocol.md §7.4) → plugin state. 4 and 9 are errors M4 may recover from: still processing. */
export function stateFromM4Status(m4Status: number): PayoutState {
  if (m4Status === PAYOUT_STATUS.SUCCESS) {
    return "success"
  }
  if (m4Status === PAYOUT_STATUS.REJECTED) {
    return "rejected"
  }
  return "processing"
}
