import { payments } from "../../../../db/schema";
import { now } from "~/lib/clock";
import type { PaymentMethod } from "../method";

/**
 * A VietQR bank transfer straight to the farm's account (keyed by the order's transfer reference):
 * offered when the farm has a bank account; the farm marks it received; the farm holds the money.
 */
export const vietQrTransfer: PaymentMethod = {
  id: "bank_transfer",
  provider: "vietqr",
  scope: "order",
  confirmation: "farm_marks_received",
  availableFor: (household) => Boolean(household.bankBin && household.bankAccountNumber),
  unavailableReason: "noBankAccount",
  createPaymentRows(db, checkout, orders) {
    if (orders.length === 0) return [];
    const at = now();
    return db
      .insert(payments)
      .values(
        orders.map((o) => {
          if (!o.transferReference) throw new Error(`order ${o.id} has no transfer reference`);
          return { orderId: o.id, checkoutId: checkout.id, provider: "vietqr" as const, providerRef: o.transferReference, amountVnd: o.totalVnd, createdAt: at, updatedAt: at };
        }),
      )
      .returning()
      .all();
  },
  holder: () => "farm",
  refundMethod: () => "farm_owes",
  onPaid() {},
};
