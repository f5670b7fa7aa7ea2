import {
  amountLimitRefusal,
  errorCodeKind,
  errorCodeName,
  isAmountLimitError,
  isDuplicateError,
  isDuplicateOrInProgressError,
  isNotFoundError,
  isShopConfigurationError,
  M4_ERROR,
  M4_ERROR_CODES,
  M4_ERROR_INFO,
} from "../index"

describe("M4 error codes (docs/m4-protocol.md §10.2): one table with names and kinds", () => {
  it("names every code 1–21 once, and the constants agree with the table", () => {
    const codes = Object.values(M4_ERROR)
    expect(codes).toEqual(Array.from({ length: 21 }, (_, i) => i + 1))
    expect(Object.keys(M4_ERROR_INFO).map(Number)).toEqual(codes)
    expect(M4_ERROR_CODES[M4_ERROR.OPERATION_NOT_FOUND]).toBe("OperationNotFound")
    expect(errorCodeName(9)).toBe("InsufficientBalance")
    expect(errorCodeName(22)).toBeUndefined()
    expect(errorCodeKind(0)).toBeUndefined()
  })

  it("the predicates say what the callers decide on", () => {
    const all = Object.values(M4_ERROR) as number[]
    expect(all.filter(isNotFoundError)).toEqual([7])
    expect(all.filter(isDuplicateError)).toEqual([6])
    expect(all.filter(isDuplicateOrInProgressError)).toEqual([6, 8])
    expect(all.filter(isAmountLimitError)).toEqual([4, 5])
    // the codes the provider reports as "check the M4 provider configuration"
    expect(all.filter(isShopConfigurationError)).toEqual([1, 2, 3, 10, 11, 12, 15, 17, 19, 20, 21])
    expect(all.filter((c) => errorCodeKind(c) === "request_refused")).toEqual([10, 11, 12, 15])
    expect(all.filter((c) => errorCodeKind(c) === "account")).toEqual([13, 14, 18])
  })

  it("amount limits: one rule for every API of the plugin (code m4_amount_not_allowed, the limit broken)", () => {
    expect(amountLimitRefusal(4)).toEqual({ code: "m4_amount_not_allowed", limit: "minimum" })
    expect(amountLimitRefusal(5)).toEqual({ code: "m4_amount_not_allowed", limit: "maximum" })
    const others = (Object.values(M4_ERROR) as number[]).filter((c) => amountLimitRefusal(c) !== undefined)
    expect(others).toEqual([4, 5])
    expect(amountLimitRefusal(0)).toBeUndefined()
  })
})
