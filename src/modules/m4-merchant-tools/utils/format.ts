/** "************1234": lists never show a full account. */
export function maskAccount(account: string | null | undefined): string {
  if (!account) {
    return ""
  }
  if (account.length <= 4) {
    return "*".repeat(account.length)
  }
  return "*".repeat(account.length - 4) + account.slice(-4)
}
