/**
 * Checkout rules of issue 13: one payment method per farm's order, the delivery fee judged by the
 * farm's fee settings at render for the commune actually submitted, and listings that are not
 * delivered outside their province.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { carts, households, listings, payments } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { listCurrentCommunes, listProvinces } from "~/addresses/lookup.server";
import { AppError } from "~/lib/errors";
import { OTHER_COMMUNE } from "~/listings/test-utils";
import { useStripe } from "~/payments/test-fixtures";
import { addToCart } from "./cart.server";
import { buildCheckoutPage, checkoutInputFromForm } from "./checkout-page.server";
import { CheckoutChangedError, placeCheckout } from "./checkout.server";
import { addListingTo, buyer, checkoutInput, farmWithListing, giveBankAccount, TEST_COMMUNE } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => {
  useStripe(null);
  db.cleanup();
});
beforeEach(() => useStripe(null));

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

/** Two farms (A with a bank account, B without), a buyer with both in the cart. */
async function twoFarms() {
  const a = await farmWithListing(db, { priceVnd: 40_000, stock: 50, title: "Xoài cát Hòa Lộc" });
  const b = await farmWithListing(db, { priceVnd: 30_000, stock: 50, title: "Bưởi Năm Roi" });
  giveBankAccount(db, a.household.id);
  const user = { ...(await buyer(db)), sessionId: "test" };
  const cart = db.insert(carts).values({ userId: user.id }).returning().get();
  addToCart(db, cart.id, a.listing.id, 2);
  addToCart(db, cart.id, b.listing.id, 3);
  return { a, b, user, cart };
}

/** A commune of a province other than the farms' own (82). */
function communeElsewhere() {
  const province = listProvinces(db).find((p) => p.code !== "82")!;
  return listCurrentCommunes(db, province.code)[0].code;
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
};

describe("payment method per farm", () => {
  it("the page offers VietQR to the farm with a bank account and says why the other has none", async () => {
    const { a, b, user, cart } = await twoFarms();
    const page = buildCheckoutPage(db, user, cart.id, {});
    const farmA = page.farms.find((f) => f.householdId === a.household.id)!;
    const farmB = page.farms.find((f) => f.householdId === b.household.id)!;
    expect(farmA.payment.options).toEqual([
      { method: "cod", available: true, reason: null },
      { method: "bank_transfer", available: true, reason: null },
    ]);
    expect(farmB.payment.options).toEqual([
      { method: "cod", available: true, reason: null },
      { method: "bank_transfer", available: false, reason: "noBankAccount" },
    ]);
    expect(page.cardForWholeCart).toBe(false);
  });

  it("each farm's order records its own method: VietQR for A with a reference, cash for B", async () => {
    const { a, b, user } = await twoFarms();
    const now = new Date("2026-05-01T03:00:00Z");
    const input = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }, { listingId: b.listing.id, quantity: 3 }], {
      payments: { [a.household.id]: "bank_transfer", [b.household.id]: "cod" },
      now,
    });
    const { checkout, orders } = placeCheckout(db, user, input);
    const orderA = orders.find((o) => o.householdId === a.household.id)!;
    const orderB = orders.find((o) => o.householdId === b.household.id)!;
    expect(orderA).toMatchObject({ paymentMethod: "bank_transfer", paymentStatus: "unpaid" });
    expect(orderA.transferReference).toMatch(/^CNS\d{6}$/);
    expect(orderA.expiresAt?.getTime()).toBe(now.getTime() + 48 * 3_600_000);
    expect(orderB).toMatchObject({ paymentMethod: "cod", transferReference: null, expiresAt: null });
    const rows = db.select().from(payments).where(eq(payments.checkoutId, checkout.id)).all();
    expect(rows.map((r) => [r.orderId, r.provider]).sort()).toEqual([
      [orderA.id, "vietqr"],
      [orderB.id, "cod"],
    ].sort());
  });

  it("refuses VietQR for the farm without a bank account, on that farm's field, naming it", async () => {
    const { a, b, user } = await twoFarms();
    const input = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }, { listingId: b.listing.id, quantity: 3 }], {
      payments: { [a.household.id]: "bank_transfer", [b.household.id]: "bank_transfer" },
    });
    const error = refusal(() => placeCheckout(db, user, input));
    expect(error.messageKey).toBe("orders:errors.transferNotOffered");
    expect(error.field).toBe(`payment-${b.household.id}`);
    expect(error.params).toMatchObject({ farm: b.household.displayName });
  });

  it("the form's per-farm radio groups become each farm's method", async () => {
    const { a, b, cart } = await twoFarms();
    const input = checkoutInputFromForm(
      db,
      cart.id,
      form({ [`payment-${a.household.id}`]: "bank_transfer", [`payment-${b.household.id}`]: "cod", paymentMethod: "per_farm" }),
    );
    expect(input.payments).toEqual({ [a.household.id]: "bank_transfer", [b.household.id]: "cod" });
    expect(input.paymentMethod).toBe("cod");
  });

  it("card pays the whole cart in one Stripe payment, only when card payments are configured", async () => {
    const { a, b, user } = await twoFarms();
    const lines = [{ listingId: a.listing.id, quantity: 1 }, { listingId: b.listing.id, quantity: 1 }];
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, lines, { paymentMethod: "card" }))).messageKey).toBe("orders:errors.paymentNotOffered");
    useStripe("http://127.0.0.1:9");
    const { checkout, orders } = placeCheckout(db, user, checkoutInput(db, lines, { paymentMethod: "card" }));
    expect(checkout.paymentMethod).toBe("card");
    expect(orders.map((o) => o.paymentMethod)).toEqual(["card", "card"]);
    const rows = db.select().from(payments).where(eq(payments.checkoutId, checkout.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "stripe", amountVnd: orders[0].totalVnd + orders[1].totalVnd });
  });
});

describe("delivery fee follows the submitted commune", () => {
  it("a commune changed without JavaScript is charged its own fee, not refused for the fee printed for the old one", async () => {
    const { a, b, user, cart } = await twoFarms();
    // The page was drawn for the farm's own commune (15.000 ₫) …
    const page = buildCheckoutPage(db, user, cart.id, { provinceCode: "82", communeCode: TEST_COMMUNE });
    const farmA = page.farms.find((f) => f.householdId === a.household.id)!;
    expect(farmA.deliveryFeeVnd).toBe(15_000);
    // … the buyer picks another commune of the province and submits without updating the page.
    const input = checkoutInputFromForm(
      db,
      cart.id,
      form({
        idempotencyKey: page.idempotencyKey,
        lines: page.snapshot,
        recipientName: "Trần Thị Bích",
        recipientPhone: "0903 123 456",
        communeCode: OTHER_COMMUNE,
        addressLine: "Số 12",
        [`delivery-${a.household.id}`]: "delivery",
        [`delivery-${b.household.id}`]: "pickup",
        // What the page printed beside the option for the old commune (older forms posted it): not a change.
        [`fee-${a.household.id}`]: "15000",
        ...Object.fromEntries(page.farms.map((f) => [`feebasis-${f.householdId}`, f.feeBasis])),
      }),
    );
    const placed = placeCheckout(db, user, input).orders.find((o) => o.householdId === a.household.id)!;
    expect(placed).toMatchObject({ deliveryMethod: "delivery", deliveryFeeVnd: 30_000, communeCode: OTHER_COMMUNE });
  });

  it("a real change of the farm's fee settings after the page was shown is refused with the change", async () => {
    const { a, b, user, cart } = await twoFarms();
    const page = buildCheckoutPage(db, user, cart.id, { provinceCode: "82", communeCode: TEST_COMMUNE });
    const farm = db.select().from(households).where(eq(households.id, a.household.id)).get()!;
    db.update(households).set({ delivery: { ...farm.delivery, feeProvince: 35_000 } }).where(eq(households.id, a.household.id)).run();
    const input = checkoutInputFromForm(
      db,
      cart.id,
      form({
        idempotencyKey: page.idempotencyKey,
        lines: page.snapshot,
        recipientName: "Trần Thị Bích",
        recipientPhone: "0903 123 456",
        communeCode: OTHER_COMMUNE,
        addressLine: "Số 12",
        [`delivery-${a.household.id}`]: "delivery",
        [`delivery-${b.household.id}`]: "pickup",
        ...Object.fromEntries(page.farms.map((f) => [`feebasis-${f.householdId}`, f.feeBasis])),
      }),
    );
    const error = refusal(() => placeCheckout(db, user, input)) as CheckoutChangedError;
    expect(error).toBeInstanceOf(CheckoutChangedError);
    expect(error.changes).toEqual([expect.objectContaining({ kind: "fee", householdId: a.household.id, before: 30_000, after: 35_000 })]);
  });
});

describe("delivery to other provinces", () => {
  it("a listing not offered outside its province is not delivered there (pickup still is); one that is pays the farm's fee elsewhere", async () => {
    const farm = await farmWithListing(db, { priceVnd: 40_000, stock: 50, title: "Xoài cát Hòa Lộc" });
    const home = db.select().from(households).where(eq(households.id, farm.household.id)).get()!;
    db.update(households).set({ delivery: { ...home.delivery, feeElsewhere: 60_000 } }).where(eq(households.id, farm.household.id)).run();
    const user = { ...(await buyer(db)), sessionId: "test" };
    const cart = db.insert(carts).values({ userId: user.id }).returning().get();
    addToCart(db, cart.id, farm.listing.id, 2);
    const far = communeElsewhere();

    const page = buildCheckoutPage(db, user, cart.id, { communeCode: far });
    expect(page.farms[0]).toMatchObject({ deliveryFeeVnd: null, deliveryReason: "localOnly", localTitles: ["Xoài cát Hòa Lộc"] });
    const delivered = checkoutInput(db, [{ listingId: farm.listing.id, quantity: 2 }], { communeCode: far, delivery: { [farm.household.id]: "delivery" } });
    const error = refusal(() => placeCheckout(db, user, delivered));
    expect(error.messageKey).toBe("orders:errors.localOnly");
    expect(error.field).toBe(`delivery-${farm.household.id}`);
    expect(error.params).toMatchObject({ farm: farm.household.displayName, titles: "Xoài cát Hòa Lộc" });
    expect(placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 2 }], { communeCode: far })).orders[0].deliveryMethod).toBe("pickup");

    db.update(listings).set({ deliversOutsideProvince: true }).where(eq(listings.id, farm.listing.id)).run();
    addToCart(db, cart.id, farm.listing.id, 2); // the pick-up order emptied the cart
    expect(buildCheckoutPage(db, user, cart.id, { communeCode: far }).farms[0]).toMatchObject({ deliveryFeeVnd: 60_000, deliveryReason: null });
    const again = checkoutInput(db, [{ listingId: farm.listing.id, quantity: 2 }], { communeCode: far, delivery: { [farm.household.id]: "delivery" } });
    expect(placeCheckout(db, user, again).orders[0]).toMatchObject({ deliveryMethod: "delivery", deliveryFeeVnd: 60_000 });
  });

  it("a farm with one local and one travelling listing: the local one names why delivery is refused", async () => {
    const farm = await farmWithListing(db, { stock: 50, title: "Rau muống" });
    const travels = addListingTo(db, farm.farmer, farm.household.id, { stock: 50, title: "Gạo ST25" });
    db.update(listings).set({ deliversOutsideProvince: true }).where(eq(listings.id, travels.id)).run();
    const home = db.select().from(households).where(eq(households.id, farm.household.id)).get()!;
    db.update(households).set({ delivery: { ...home.delivery, feeElsewhere: 60_000 } }).where(eq(households.id, farm.household.id)).run();
    const user = { ...(await buyer(db)), sessionId: "test" };
    const cart = db.insert(carts).values({ userId: user.id }).returning().get();
    addToCart(db, cart.id, farm.listing.id, 1);
    addToCart(db, cart.id, travels.id, 1);
    expect(buildCheckoutPage(db, user, cart.id, { communeCode: communeElsewhere() }).farms[0]).toMatchObject({ deliveryFeeVnd: null, localTitles: ["Rau muống"] });
  });
});
