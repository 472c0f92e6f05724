import { describe, expect, it } from "vitest";
import { PAYMENT_METHODS } from "../../../db/schema";
import { PAYMENT_METHOD_LIST, paymentMethod } from ".";

describe("the payment method registry", () => {
  it("has one method for every payment method an order can carry, each once", () => {
    expect(PAYMENT_METHOD_LIST.map((m) => m.id).sort()).toEqual([...PAYMENT_METHODS].sort());
    for (const id of PAYMENT_METHODS) expect(paymentMethod(id).id).toBe(id);
  });

  it("says who holds the money and how it is confirmed", () => {
    expect(PAYMENT_METHOD_LIST.map((m) => [m.id, m.scope, m.confirmation, m.provider])).toEqual([
      ["cod", "order", "cash_collected", "cod"],
      ["bank_transfer", "order", "farm_marks_received", "vietqr"],
      ["card", "checkout", "webhook", "stripe"],
    ]);
  });

  it("offers a transfer only to a farm with a bank account", () => {
    expect(paymentMethod("bank_transfer").availableFor({ bankBin: "970405", bankAccountNumber: "1234" })).toBe(true);
    expect(paymentMethod("bank_transfer").availableFor({ bankBin: null, bankAccountNumber: null })).toBe(false);
    expect(paymentMethod("cod").availableFor({ bankBin: null, bankAccountNumber: null })).toBe(true);
  });
});
