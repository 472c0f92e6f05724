import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { cartItems, jobs, orderEvents, orders, outbox, payments, reviews } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { AppError } from "~/lib/errors";
import { addToCart, getUserCart, resolveCart } from "./cart.server";
import { CheckoutChangedError, placeCheckout } from "./checkout.server";
import { createReview, householdRating } from "./reviews.server";
import { completeDeliveredOrders, expireUnpaidOrders, releaseStock, runHousekeeping, setPaymentStatus, transitionOrder } from "./state-machine.server";
import { addListingTo, buyer, checkoutInput, farmWithListing, giveBankAccount, stockOf } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

const eventsOf = (orderId: number) => db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(orderEvents.id).all();

describe("placeCheckout", () => {
  it("makes one order per farm sharing the checkout, reserves stock, writes events, payments and messages, and empties the cart", async () => {
    const a = await farmWithListing(db, { priceVnd: 45_000, stock: 50 });
    const b = await farmWithListing(db, { priceVnd: 30_000, stock: 20, title: "Vú sữa Lò Rèn" });
    const extra = addListingTo(db, a.farmer, a.household.id, { priceVnd: 12_000, stock: 10, title: "Khóm Tân Phước" });
    const user = await buyer(db);
    const cart = (await resolveCart(new Request("http://x/"), { db })).cart;
    expect(cart).toBeNull();
    const userCart = getUserCart(db, user.id) ?? null;
    expect(userCart).toBeNull();

    const input = checkoutInput(db, [
      { listingId: a.listing.id, quantity: 4 },
      { listingId: extra.id, quantity: 2 },
      { listingId: b.listing.id, quantity: 3 },
    ]);
    const { checkout, orders: placed, repeated } = placeCheckout(db, user, input);
    expect(repeated).toBe(false);
    expect(placed).toHaveLength(2);
    expect(new Set(placed.map((o) => o.checkoutId))).toEqual(new Set([checkout.id]));
    const orderA = placed.find((o) => o.householdId === a.household.id)!;
    expect(orderA).toMatchObject({ status: "placed", paymentStatus: "unpaid", subtotalVnd: 4 * 45_000 + 2 * 12_000, deliveryFeeVnd: 0, recipientPhone: "+84903123456" });
    expect(orderA.code).toMatch(new RegExp(`^CNS-\\d{4}-${String(orderA.id).padStart(6, "0")}$`));
    expect(checkout.totalVnd).toBe(4 * 45_000 + 2 * 12_000 + 3 * 30_000);
    expect(stockOf(db, a.listing.id).stock).toBe(46);
    expect(stockOf(db, extra.id).stock).toBe(8);
    expect(stockOf(db, b.listing.id).stock).toBe(17);
    expect(eventsOf(orderA.id)).toMatchObject([{ fromStatus: null, toStatus: "placed", actorUserId: user.id, actorRole: "buyer" }]);
    expect(db.select().from(payments).where(eq(payments.checkoutId, checkout.id)).all()).toHaveLength(2);
    const messages = db.select().from(outbox).where(eq(outbox.template, "order.placed.farm")).all();
    expect(messages.some((m) => m.body.includes(orderA.code))).toBe(true);
    expect(db.select().from(jobs).where(eq(jobs.kind, "orders.housekeeping")).all().length).toBeGreaterThan(0);
  });

  it("a second submit with the same key returns the first checkout and reserves nothing more", async () => {
    const a = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const input = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }]);
    const first = placeCheckout(db, user, input);
    const second = placeCheckout(db, user, input);
    expect(second.repeated).toBe(true);
    expect(second.checkout.id).toBe(first.checkout.id);
    expect(second.orders.map((o) => o.id)).toEqual(first.orders.map((o) => o.id));
    expect(stockOf(db, a.listing.id).stock).toBe(8);
  });

  it("refuses with the changes listed when the price moved or stock ran short, and stores nothing", async () => {
    const a = await farmWithListing(db, { priceVnd: 45_000, stock: 3 });
    const user = await buyer(db);
    const input = checkoutInput(db, [{ listingId: a.listing.id, quantity: 5 }]);
    input.lines[0].seenPriceVnd = 40_000;
    const error = refusal(() => placeCheckout(db, user, input));
    expect(error).toBeInstanceOf(CheckoutChangedError);
    expect((error as CheckoutChangedError).changes).toEqual([
      expect.objectContaining({ kind: "price", before: 40_000, after: 45_000 }),
      expect.objectContaining({ kind: "stock", before: 5, after: 3 }),
    ]);
    expect(db.select().from(orders).where(eq(orders.buyerUserId, user.id)).all()).toHaveLength(0);
    expect(stockOf(db, a.listing.id).stock).toBe(3);
  });

  it("takes the farm's delivery fee for the buyer's commune, free above the farm's amount, and refuses a fee the buyer did not see", async () => {
    const a = await farmWithListing(db, { priceVnd: 50_000, stock: 100 });
    const user = await buyer(db);
    const small = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }], { delivery: { [a.household.id]: "delivery" } });
    expect(placeCheckout(db, user, small).orders[0]).toMatchObject({ deliveryMethod: "delivery", deliveryFeeVnd: 15_000, totalVnd: 115_000 });
    const big = checkoutInput(db, [{ listingId: a.listing.id, quantity: 10 }], { delivery: { [a.household.id]: "delivery" } });
    expect(placeCheckout(db, user, big).orders[0].deliveryFeeVnd).toBe(0);
    const stale = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }], { delivery: { [a.household.id]: "delivery" }, feeBasis: { [a.household.id]: { communeCode: a.household.communeCode, delivery: { ...a.household.delivery, feeCommune: 0 } } } });
    const error = refusal(() => placeCheckout(db, user, stale)) as CheckoutChangedError;
    expect(error.changes).toEqual([expect.objectContaining({ kind: "fee", before: 0, after: 15_000 })]);
    // Without JavaScript the buyer may switch to pick-up after the page showed a delivery fee: no fee, no change.
    const switched = checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }], { delivery: { [a.household.id]: "pickup" }, feeBasis: { [a.household.id]: { communeCode: a.household.communeCode, delivery: { ...a.household.delivery, feeCommune: 0 } } } });
    expect(placeCheckout(db, user, switched).orders[0]).toMatchObject({ deliveryMethod: "pickup", deliveryFeeVnd: 0 });
  });

  it("offers bank transfer only to a farm with a bank account; each order gets its own reference and expiry", async () => {
    const a = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const now = new Date("2026-05-01T03:00:00Z");
    const input = () => checkoutInput(db, [{ listingId: a.listing.id, quantity: 1 }], { paymentMethod: "bank_transfer", now });
    expect(refusal(() => placeCheckout(db, user, input())).messageKey).toBe("orders:errors.transferNotOffered");
    giveBankAccount(db, a.household.id);
    const [order] = placeCheckout(db, user, input()).orders;
    expect(order.transferReference).toBe(`CNS${String(order.id).padStart(6, "0")}`);
    expect(order.expiresAt?.getTime()).toBe(now.getTime() + 48 * 3_600_000);
    expect(order.code).toMatch(/^CNS-2026-/);
  });

  it("refuses invalid input on its field and a buyer's own listing", async () => {
    const a = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, [{ listingId: a.listing.id, quantity: 1 }], { communeCode: "99999" }))).field).toBe("communeCode");
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, [{ listingId: a.listing.id, quantity: 1 }], { recipientPhone: "123" }))).field).toBe("recipientPhone");
    expect(refusal(() => placeCheckout(db, a.farmer, checkoutInput(db, [{ listingId: a.listing.id, quantity: 1 }]))).messageKey).toBe("orders:errors.ownListing");
  });

  it("sells a listing out at 0 and puts it back on sale when the stock returns", async () => {
    const a = await farmWithListing(db, { stock: 2 });
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: a.listing.id, quantity: 2 }])).orders;
    expect(stockOf(db, a.listing.id)).toEqual({ stock: 0, status: "sold_out" });
    transitionOrder(db, user, order.id, "cancelled", "Đặt nhầm");
    expect(stockOf(db, a.listing.id)).toEqual({ stock: 2, status: "published" });
  });
});

describe("transitionOrder", () => {
  async function placed(options: { stock?: number } = {}) {
    const farm = await farmWithListing(db, { stock: options.stock ?? 20 });
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 5 }])).orders;
    return { ...farm, user, order };
  }

  it("walks placed → confirmed → shipped → delivered → completed with each step by its party, recorded and notified", async () => {
    const { farmer, user, order } = await placed();
    transitionOrder(db, farmer, order.id, "confirmed");
    transitionOrder(db, farmer, order.id, "shipped");
    transitionOrder(db, farmer, order.id, "delivered", "Giao tận tay");
    const done = transitionOrder(db, user, order.id, "completed");
    expect(done.status).toBe("completed");
    expect(eventsOf(order.id).map((e) => [e.fromStatus, e.toStatus, e.actorRole])).toEqual([
      [null, "placed", "buyer"],
      ["placed", "confirmed", "farm"],
      ["confirmed", "shipped", "farm"],
      ["shipped", "delivered", "farm"],
      ["delivered", "completed", "buyer"],
    ]);
    expect(eventsOf(order.id)[3].note).toBe("Giao tận tay");
    const keys = db.select({ k: outbox.dedupeKey }).from(outbox).all().map((r) => r.k);
    for (const status of ["confirmed", "shipped", "delivered", "completed"]) {
      expect(keys).toContain(`order:${order.id}:${status}:buyer`);
      expect(keys).toContain(`order:${order.id}:${status}:farm`);
    }
  });

  it("refuses steps that do not exist, steps of another party, and orders the actor has no part in", async () => {
    const { farmer, user, order } = await placed();
    const stranger = await makeUser(db, "buyer");
    expect(refusal(() => transitionOrder(db, user, order.id, "confirmed")).status).toBe(403);
    expect(refusal(() => transitionOrder(db, farmer, order.id, "cancelled")).status).toBe(403);
    expect(refusal(() => transitionOrder(db, stranger, order.id, "cancelled")).status).toBe(404);
    expect(refusal(() => transitionOrder(db, farmer, order.id, "shipped")).status).toBe(409);
    expect(refusal(() => transitionOrder(db, farmer, order.id, "rejected", "  ")).field).toBe("reason");
    transitionOrder(db, farmer, order.id, "confirmed");
    transitionOrder(db, farmer, order.id, "shipped");
    // Too late to cancel once shipped.
    expect(refusal(() => transitionOrder(db, user, order.id, "cancelled")).status).toBe(409);
    expect(refusal(() => transitionOrder(db, null, order.id, "expired")).status).toBe(409);
  });

  it("gives stock back exactly once: a second cancellation or release changes nothing", async () => {
    const { listing, user, order } = await placed({ stock: 20 });
    expect(stockOf(db, listing.id).stock).toBe(15);
    transitionOrder(db, user, order.id, "cancelled");
    expect(stockOf(db, listing.id).stock).toBe(20);
    expect(refusal(() => transitionOrder(db, user, order.id, "cancelled")).status).toBe(409);
    expect(releaseStock(db, order.id)).toBe(false);
    expect(stockOf(db, listing.id).stock).toBe(20);
  });

  it("a rejection carries its reason to the buyer and returns the stock", async () => {
    const { farmer, listing, order } = await placed();
    const rejected = transitionOrder(db, farmer, order.id, "rejected", "Mưa lớn, chưa thu hoạch được");
    expect(rejected.statusNote).toBe("Mưa lớn, chưa thu hoạch được");
    expect(stockOf(db, listing.id).stock).toBe(20);
    const message = db.select().from(outbox).where(eq(outbox.dedupeKey, `order:${order.id}:rejected:buyer`)).get();
    expect(message?.body).toContain("Mưa lớn");
  });
});

describe("payments and expiry", () => {
  it("a prepaid order is confirmed only once paid; paid is recorded once; refunded only after paid", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    giveBankAccount(db, farm.household.id);
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }], { paymentMethod: "bank_transfer" })).orders;
    expect(refusal(() => transitionOrder(db, farm.farmer, order.id, "confirmed")).messageKey).toBe("orders:errors.paymentFirst");
    expect(setPaymentStatus(db, [order.id], "refunded", "too early")).toEqual([]);
    expect(setPaymentStatus(db, [order.id], "paid", "transfer received")).toEqual([order.id]);
    expect(setPaymentStatus(db, [order.id], "paid", "again")).toEqual([]);
    expect(eventsOf(order.id).filter((e) => e.note?.startsWith("payment:paid"))).toHaveLength(1);
    expect(transitionOrder(db, farm.farmer, order.id, "confirmed").status).toBe("confirmed");
    expect(setPaymentStatus(db, [order.id], "refunded", "returned")).toEqual([order.id]);
    expect(setPaymentStatus(db, [order.id], "paid", "late replay")).toEqual([]);
  });

  it("expires unpaid transfers past their time (stock back), never paid ones or cash orders", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    giveBankAccount(db, farm.household.id);
    const user = await buyer(db);
    const placedAt = new Date("2026-06-10T03:00:00Z");
    const transfer = (n: number) =>
      placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: n }], { paymentMethod: "bank_transfer", now: placedAt })).orders[0];
    const unpaid = transfer(2);
    const paid = transfer(3);
    const cash = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders[0];
    setPaymentStatus(db, [paid.id], "paid", null);
    expect(stockOf(db, farm.listing.id).stock).toBe(4);
    const status = (id: number) => db.select({ s: orders.status }).from(orders).where(eq(orders.id, id)).get()!.s;
    // (Earlier tests' transfers fall due before this one: only this test's orders are asserted.)
    expireUnpaidOrders(db, new Date(placedAt.getTime() + 47 * 3_600_000));
    expect(status(unpaid.id)).toBe("placed");
    const after = new Date(placedAt.getTime() + 49 * 3_600_000);
    expect(expireUnpaidOrders(db, after)).toBe(1);
    expect(expireUnpaidOrders(db, after)).toBe(0);
    expect([status(unpaid.id), status(paid.id), status(cash.id)]).toEqual(["expired", "placed", "placed"]);
    expect(stockOf(db, farm.listing.id).stock).toBe(6);
    expect(eventsOf(unpaid.id).at(-1)).toMatchObject({ toStatus: "expired", actorRole: "system", actorUserId: null });
  });

  it("completes delivered orders automatically after a week; housekeeping keeps itself scheduled while needed", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders;
    transitionOrder(db, farm.farmer, order.id, "confirmed");
    transitionOrder(db, farm.farmer, order.id, "shipped");
    transitionOrder(db, farm.farmer, order.id, "delivered");
    expect(completeDeliveredOrders(db, new Date(Date.now() + 6 * 86_400_000))).toBe(0);
    const result = runHousekeeping(db, new Date(Date.now() + 8 * 86_400_000));
    expect(result.completed).toBeGreaterThanOrEqual(1);
    expect(eventsOf(order.id).at(-1)).toMatchObject({ toStatus: "completed", actorRole: "system" });
  });
});

describe("reviews", () => {
  it("one 1–5 review per completed order by its buyer; the farm's average", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const order = () => placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders[0];
    const complete = (id: number) => {
      for (const to of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, id, to);
      transitionOrder(db, user, id, "completed");
    };
    const first = order();
    expect(refusal(() => createReview(db, user, first.id, { rating: 5 })).messageKey).toBe("orders:errors.reviewNotYet");
    complete(first.id);
    expect(refusal(() => createReview(db, user, first.id, { rating: 6 })).field).toBe("rating");
    const stranger = await makeUser(db, "buyer");
    expect(refusal(() => createReview(db, stranger, first.id, { rating: 5 })).status).toBe(404);
    createReview(db, user, first.id, { rating: 5, comment: "Xoài ngọt, giao nhanh" });
    expect(refusal(() => createReview(db, user, first.id, { rating: 4 })).messageKey).toBe("orders:errors.reviewExists");
    const second = order();
    complete(second.id);
    createReview(db, user, second.id, { rating: 4 });
    expect(householdRating(db, farm.household.id)).toEqual({ average: 4.5, count: 2 });
    expect(householdRating(db, 999_999)).toEqual({ average: null, count: 0 });
  });
});

describe("text buyers and farms type", () => {
  it("is stored without control or direction-override characters: a review's comment, a rejection's reason", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    const user = await buyer(db);
    const place = () => placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders[0];
    const reviewed = place();
    for (const to of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, reviewed.id, to);
    transitionOrder(db, user, reviewed.id, "completed");
    createReview(db, user, reviewed.id, { rating: 5, comment: "Xoài\u0000 ngọt\u202E, giao\u2066 nhanh\u007f" });
    expect(db.select().from(reviews).where(eq(reviews.orderId, reviewed.id)).get()?.comment).toBe("Xoài ngọt, giao nhanh");
    const rejected = place();
    transitionOrder(db, farm.farmer, rejected.id, "rejected", "Hết\u001b hàng\u202D\r\nxin lỗi");
    expect(db.select().from(orders).where(eq(orders.id, rejected.id)).get()?.statusNote).toBe("Hết hàng xin lỗi");
  });
});

describe("cart", () => {
  it("checks the minimum and the stock when adding, and a checkout removes what was bought", async () => {
    const farm = await farmWithListing(db, { stock: 10, minOrder: 2 });
    const user = await buyer(db);
    const { cart } = await resolveCart(new Request("http://x/"), { db, create: true });
    expect(cart?.guestToken).toBeTruthy();
    const userCart = db.insert((await import("../../db/schema")).carts).values({ userId: user.id }).returning().get();
    expect(refusal(() => addToCart(db, userCart.id, farm.listing.id, 1)).messageKey).toBe("orders:errors.belowMinimum");
    expect(refusal(() => addToCart(db, userCart.id, farm.listing.id, 11)).messageKey).toBe("orders:errors.notEnoughStock");
    addToCart(db, userCart.id, farm.listing.id, 2);
    expect(addToCart(db, userCart.id, farm.listing.id, 3).quantity).toBe(5);
    expect(refusal(() => addToCart(db, userCart.id, farm.listing.id, 6)).messageKey).toBe("orders:errors.notEnoughStock");
    placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 5 }]));
    expect(db.select().from(cartItems).where(eq(cartItems.cartId, userCart.id)).all()).toHaveLength(0);
  });
});
