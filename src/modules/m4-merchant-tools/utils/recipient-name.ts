/** "Adam Smith" from check_account's account_info, when M4 gives a name. */
export function recipientName(info: Record<string, unknown> | null): string | null {
  if (!info) {
    return null
  }
  const parts = [info.first_name, info.middle_name, info.last_name].filter((p) => typeof p === "string" && p)
  if (parts.length) {
    return parts.join(" ")
  }
  return typeof info.name === "string" ? info.name : null
}
