import { z } from "@medusajs/framework/zod"

export const GetStoreM4PaymentMethodsSchema = z.object({
  cart_id: z.string().trim().min(1, "is required"),
})
export type GetStoreM4PaymentMethodsType = z.infer<typeof GetStoreM4PaymentMethodsSchema>
