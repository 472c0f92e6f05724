import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { households, listings, orders, payments } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { AppError } from "~/lib/errors";
import { transitionOrder } from "~/orders/state-machine.server";
import { cardForWholeCart, farmPaymentOptions, markCashCollected, markTransferReceived, paymentMethodsForHousehold } from "./payments.server";
import { checkoutOf, farmWithListing, makeBuyer, useStripe } from "./test-fixtures";
import { transferQr } from "./vietqr.server";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());
beforeEach(() => useStripe(null));

let farm: Awaited<ReturnType<typeof farmWithListing>>;
let cashFarm: Awaited<ReturnType<typeof farmWithListing>>;
beforeAll(async () => {
  farm = await farmWithListing(db, { name: "Vườn xoài Tư Lộc" });
  cashFarm = await farmWithListing(db, { bank: false, name: "Vườn bưởi Năm Roi" });
});

const paymentRows = (checkoutId: number) => db.select().from(payments).where(eq(payments.checkoutId, checkoutId)).all();

describe("payment methods offered", () => {
  it("cash always, transfer only with a bank account, card only when Stripe is configured", () => {
    expect(paymentMethodsForHousehold(farm.household)).toEqual(["cod", "bank_transfer"]);
    expect(paymentMethodsForHousehold(cashFarm.household)).toEqual(["cod"]);
    useStripe("http://127.0.0.1:9");
    expect(paymentMethodsForHousehold(farm.household)).toEqual(["cod", "bank_transfer", "card"]);
    // Each farm's order its own method; card (one Stripe session) for the whole cart.
    expect(farmPaymentOptions(cashFarm.household).find((o) => o.method === "bank_transfer")).toEqual({ method: "bank_transfer", available: false, reason: "noBankAccount" });
    expect(cardForWholeCart()).toBe(true);
  });
});

describe("createPaymentRows (through placeCheckout)", () => {
  it("cash: one pending cod row per farm's order", async () => {
    const buyer = await makeBuyer(db);
    const { checkout, orders: placed } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 2 }, { listing: cashFarm.listing, quantity: 3 }], "cod");
    const rows = paymentRows(checkout.id);
    expect(rows.map((r) => [r.provider, r.orderId, r.amountVnd, r.status]).sort()).toEqual(
      placed.map((o) => ["cod", o.id, o.totalVnd, "pending"]).sort(),
    );
  });

  it("bank transfer: one vietqr row per order, keyed by the order's own transfer reference", async () => {
    const buyer = await makeBuyer(db);
    const { checkout, orders: placed } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 4 }], "bank_transfer");
    const [row] = paymentRows(checkout.id);
    expect(row).toMatchObject({ provider: "vietqr", orderId: placed[0].id, providerRef: placed[0].transferReference, amountVnd: placed[0].totalVnd });
    expect(placed[0].transferReference).toMatch(/^CNS\d{6,}$/);
  });

  it("card: one stripe row for the whole checkout, no session yet", async () => {
    useStripe("http://127.0.0.1:9");
    const farm2 = await farmWithListing(db, { name: "Vườn vú sữa Út Hiền", priceVnd: 30_000 });
    const buyer = await makeBuyer(db);
    const { checkout, orders: placed } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 1 }, { listing: farm2.listing, quantity: 2 }], "card");
    expect(placed).toHaveLength(2);
    const rows = paymentRows(checkout.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "stripe", orderId: null, providerRef: null, status: "pending", amountVnd: placed[0].totalVnd + placed[1].totalVnd });
  });
});

describe("farm confirmations", () => {
  it("a transfer is marked received by the farm once; the order becomes paid and can then be confirmed", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 2 }], "bank_transfer");
    const paid = markTransferReceived(db, farm.farmer, order.id);
    expect(paid.paymentStatus).toBe("paid");
    expect(db.select().from(payments).where(eq(payments.orderId, order.id)).get()!.status).toBe("succeeded");
    // A second tap changes nothing.
    expect(markTransferReceived(db, farm.farmer, order.id).paymentStatus).toBe("paid");
    expect(transitionOrder(db, farm.farmer, order.id, "confirmed").status).toBe("confirmed");
  });

  it("another farmer, the buyer or an officer cannot mark it; the wrong method is refused", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 1 }], "bank_transfer");
    const refuse = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof AppError ? [error.status, error.messageKey] : error;
      }
      return "allowed";
    };
    expect(refuse(() => markTransferReceived(db, cashFarm.farmer, order.id))).toEqual([403, "common:errors.forbiddenText"]);
    expect(refuse(() => markTransferReceived(db, buyer, order.id))).toEqual([403, "common:errors.forbiddenText"]);
    expect(refuse(() => markTransferReceived(db, farm.officer, order.id))).toEqual([403, "common:errors.forbiddenText"]);
    expect(refuse(() => markCashCollected(db, farm.farmer, order.id))).toEqual([409, "orders:payments.errors.wrongMethod"]);
    expect(refuse(() => markTransferReceived(db, farm.farmer, 999_999))).toEqual([404, "common:errors.notFoundText"]);
    const admin = await makeUser(db, "admin");
    expect(markTransferReceived(db, admin, order.id).paymentStatus).toBe("paid");
  });

  it("a transfer for an expired order is refused", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 1 }], "bank_transfer");
    transitionOrder(db, null, order.id, "expired");
    expect(() => markTransferReceived(db, farm.farmer, order.id)).toThrow(expect.objectContaining({ messageKey: "orders:payments.errors.orderClosed" }));
  });

  it("cash is collected on delivery, not before shipping", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: cashFarm.listing, quantity: 2 }], "cod");
    expect(() => markCashCollected(db, cashFarm.farmer, order.id)).toThrow(expect.objectContaining({ messageKey: "orders:payments.errors.notDeliveredYet" }));
    transitionOrder(db, cashFarm.farmer, order.id, "confirmed");
    transitionOrder(db, cashFarm.farmer, order.id, "shipped");
    transitionOrder(db, cashFarm.farmer, order.id, "delivered");
    expect(markCashCollected(db, cashFarm.farmer, order.id).paymentStatus).toBe("paid");
    expect(db.select().from(payments).where(eq(payments.orderId, order.id)).get()!.status).toBe("succeeded");
  });
});

describe("transferQr", () => {
  it("gives the VietQR for the farm's account with the order's amount and reference, as inline SVG", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 3 }], "bank_transfer");
    const qr = await transferQr(db, order);
    expect(qr).not.toBeNull();
    expect(qr!.amountVnd).toBe(order.totalVnd);
    expect(qr!.reference).toBe(order.transferReference);
    expect(qr!.accountNumber).toBe("700012345678");
    expect(qr!.payload).toContain(`54${String(order.totalVnd).length.toString().padStart(2, "0")}${order.totalVnd}`);
    expect(qr!.payload).toContain(`0006970405`);
    expect(qr!.svg).toMatch(/^<svg aria-hidden="true"[^>]*>.*<path/s);
    expect(qr!.svg).not.toMatch(/<script/i);
    // Nothing to show once paid.
    const paid = markTransferReceived(db, farm.farmer, order.id);
    expect(await transferQr(db, paid)).toBeNull();
  });

  it("shows nothing for a cash order", async () => {
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: cashFarm.listing, quantity: 1 }], "cod");
    expect(await transferQr(db, order)).toBeNull();
  });
});

describe("stock and payments stay consistent", () => {
  it("an expired unpaid transfer gives its stock back and its payment can no longer be marked", async () => {
    const before = db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, farm.listing.id)).get()!.stock;
    const buyer = await makeBuyer(db);
    const { orders: [order] } = checkoutOf(db, buyer, [{ listing: farm.listing, quantity: 5 }], "bank_transfer");
    expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, farm.listing.id)).get()!.stock).toBe(before - 5);
    transitionOrder(db, null, order.id, "expired");
    expect(db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, farm.listing.id)).get()!.stock).toBe(before);
    expect(db.select().from(orders).where(eq(orders.id, order.id)).get()!.paymentStatus).toBe("unpaid");
    expect(db.select().from(households).where(eq(households.id, farm.household.id)).get()!.bankBin).toBe("970405");
  });
});
