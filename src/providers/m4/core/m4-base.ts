import { AbstractPaymentProvider, MedusaError } from "@medusajs/framework/utils"
import { Logger } from "@medusajs/framework/types"
import { M4ProviderOptions } from "../types/options"
import { parseM4Options } from "../utils/parse-options"

type InjectedDependencies = { logger: Logger }

const notYet = () => {
  throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "M4: not implemented yet")
}

/** Gateway logic shared by every M4 provider service (the services only set the identifier). */
abstract class M4Base extends AbstractPaymentProvider<M4ProviderOptions> {
  protected readonly options_: M4ProviderOptions
  protected readonly logger_: Logger

  static validateOptions(options: Record<string, unknown>): void {
    parseM4Options(options)
  }

  constructor(container: InjectedDependencies, options: M4ProviderOptions) {
    super(container, options)
    this.options_ = parseM4Options(options)
    this.logger_ = container.logger
  }

  initiatePayment = notYet as never
  authorizePayment = notYet as never
  capturePayment = notYet as never
  cancelPayment = notYet as never
  deletePayment = notYet as never
  refundPayment = notYet as never
  retrievePayment = notYet as never
  updatePayment = notYet as never
  getPaymentStatus = notYet as never
  getWebhookActionAndData = notYet as never
}

export default M4Base
