/**
 * The payment methods, in the order checkout offers them. A new method: one folder beside these
 * implementing PaymentMethod (method.ts), and one line here.
 */
import type { PaymentMethodId } from "./method";
import { stripeCard } from "./card/method.server";
import { cashOnDelivery } from "./cod/method.server";
import { vietQrTransfer } from "./vietqr/method.server";

export type { BankAccount, MoneyHolder, PaymentMethod, PaymentMethodId } from "./method";

export const PAYMENT_METHOD_LIST = [cashOnDelivery, vietQrTransfer, stripeCard] as const;

const byId = new Map(PAYMENT_METHOD_LIST.map((m) => [m.id, m]));

export function paymentMethod(id: PaymentMethodId) {
  const method = byId.get(id);
  if (!method) throw new Error(`unknown payment method ${id}`);
  return method;
}
