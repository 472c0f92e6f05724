/**
 * Checkout takes the quantities the cart takes (decision 0019): fractions in the listing's step for
 * weights, whole numbers for counted units; money in whole đồng, stock back exactly after a cancel.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { carts, orderItems, payments } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { AppError } from "~/lib/errors";
import { addToCart } from "./cart.server";
import { buildCheckoutPage, checkoutInputFromForm } from "./checkout-page.server";
import { placeCheckout } from "./checkout.server";
import { transitionOrder } from "./state-machine.server";
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

async function buyerWithCart() {
  const user = { ...(await buyer(db)), sessionId: "test" };
  const cart = db.insert(carts).values({ userId: user.id }).returning().get();
  return { user, cart };
}

describe("fractional quantities in checkout", () => {
  it("1,5 kg of a 0.5-step listing: ordered, paid amount exact in whole đồng, stock back exact after cancel", async () => {
    // 33.333 ₫ × 1,5 = 49.999,5 ₫: one rounding per line, half up, to 50.000 ₫.
    const farm = await farmWithListing(db, { title: "Nấm rơm", priceVnd: 33_333, stock: 10 });
    const mushrooms = addListingTo(db, farm.farmer, farm.household.id, { title: "Nấm bào ngư", priceVnd: 33_333, stock: 7.5, unit: "kg", quantityStep: 0.5 });
    giveBankAccount(db, farm.household.id);
    const { user, cart } = await buyerWithCart();
    addToCart(db, cart.id, mushrooms.id, "1,5");

    // The form's hidden snapshot carries the line as the buyer saw it.
    const page = buildCheckoutPage(db, user, cart.id, {});
    const form = new FormData();
    form.append("lines", page.snapshot);
    const lines = checkoutInputFromForm(db, cart.id, form).lines;
    expect(lines).toEqual([{ listingId: mushrooms.id, quantity: 1.5, seenPriceVnd: 33_333 }]);

    const input = checkoutInput(db, lines, { payments: { [farm.household.id]: "bank_transfer" } });
    const { orders } = placeCheckout(db, user, input);
    const order = orders[0];
    expect(order).toMatchObject({ subtotalVnd: 50_000, totalVnd: 50_000, paymentMethod: "bank_transfer" });
    const item = db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).get()!;
    expect(item).toMatchObject({ quantity: 1.5, lineTotalVnd: 50_000 });
    const payment = db.select().from(payments).where(eq(payments.orderId, order.id)).get()!;
    expect(payment.amountVnd).toBe(50_000);
    expect(stockOf(db, mushrooms.id).stock).toBe(6);

    transitionOrder(db, user, order.id, "cancelled", "Đặt nhầm");
    expect(stockOf(db, mushrooms.id).stock).toBe(7.5);
  });

  it("tenths add up without float dust: 1,1 + 2,2 kg taken from 3,3 kg sells it out exactly", async () => {
    // In floats 3.3 - 1.1 = 2.1999999999999997 and 2.2 + 1.1 = 3.3000000000000003.
    const farm = await farmWithListing(db, { stock: 10 });
    const tea = addListingTo(db, farm.farmer, farm.household.id, { title: "Trà Thái Nguyên", priceVnd: 300_000, stock: 3.3, unit: "kg", quantityStep: 0.1 });
    const first = await buyerWithCart();
    const second = await buyerWithCart();
    const firstOrder = placeCheckout(db, first.user, checkoutInput(db, [{ listingId: tea.id, quantity: 1.1 }])).orders[0];
    expect(stockOf(db, tea.id).stock).toBe(2.2);
    const secondOrder = placeCheckout(db, second.user, checkoutInput(db, [{ listingId: tea.id, quantity: 2.2 }])).orders[0];
    expect(stockOf(db, tea.id)).toEqual({ stock: 0, status: "sold_out" });
    transitionOrder(db, second.user, secondOrder.id, "cancelled", null);
    transitionOrder(db, first.user, firstOrder.id, "cancelled", null);
    expect(stockOf(db, tea.id)).toEqual({ stock: 3.3, status: "published" });
  });

  it("refuses a quantity off the listing's step, and keeps counted units whole", async () => {
    const farm = await farmWithListing(db, { stock: 50 });
    const byKg = addListingTo(db, farm.farmer, farm.household.id, { title: "Khoai lang", stock: 50, unit: "kg", quantityStep: 0.5 });
    const counted = addListingTo(db, farm.farmer, farm.household.id, { title: "Dừa xiêm", stock: 50, unit: "fruit" });
    const { user } = await buyerWithCart();
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, [{ listingId: byKg.id, quantity: 1.25 }]))).messageKey).toBe("orders:errors.quantityInvalid");
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, [{ listingId: counted.id, quantity: 1.5 }]))).messageKey).toBe("orders:errors.quantityInvalid");
    expect(refusal(() => placeCheckout(db, user, checkoutInput(db, [{ listingId: counted.id, quantity: 0.0001 }]))).messageKey).toBe("orders:errors.quantityInvalid");
    expect(stockOf(db, counted.id).stock).toBe(50);

    const { orders } = placeCheckout(db, user, checkoutInput(db, [{ listingId: counted.id, quantity: 3 }]));
    expect(db.select().from(orderItems).where(eq(orderItems.orderId, orders[0].id)).get()).toMatchObject({ quantity: 3 });
    expect(stockOf(db, counted.id).stock).toBe(47);
  });
});
