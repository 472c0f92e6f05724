/**
 * The packing routes as Remix calls them: the farm's form (preview without JavaScript, refusals
 * that keep what was typed), the buyer's link (no account needed, a guessed token finds nothing),
 * the buyer's order page showing ordered against packed.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { orderItems, orders } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, routeArgs as args, signIn, thrown } from "~/accounts/test-utils";
import * as farmOrder from "~/routes/ban-hang.don-hang.$code";
import * as answerPage from "~/routes/don-hang.can-lai.$token";
import * as buyerOrder from "~/routes/don-hang.$code";
import { placeCheckout } from "./checkout.server";
import { packedField, packOrder } from "./packing.server";
import { transitionOrder } from "./state-machine.server";
import { addListingTo, buyer, checkoutInput, farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const body = async (value: unknown) => (value as Response).json();
const location = (value: unknown) => (value as Response).headers.get("Location");

async function confirmed() {
  const farm = await farmWithListing(db, { stock: 100 });
  const kg = addListingTo(db, farm.farmer, farm.household.id, { priceVnd: 20_000, stock: 100, title: "Xoài cát", unit: "kg", quantityStep: 0.5 });
  const user = await buyer(db);
  const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: kg.id, quantity: 10 }])).orders;
  transitionOrder(db, farm.farmer, order.id, "confirmed");
  const item = db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).get()!;
  return { ...farm, user, order, item, field: packedField(item.id) };
}

describe("the farm's packing form", () => {
  it("offers the form on a confirmed order; a bad figure comes back on its line with the typed text; the preview writes nothing", async () => {
    const { farmer, order, field } = await confirmed();
    const cookie = await signIn(db, farmer.id);
    const data = await body(await farmOrder.loader(args(getRequest(`/ban-hang/don-hang/${order.code}`, cookie), { code: order.code })));
    expect(data.packing).toMatchObject({ tolerancePct: 10, lines: [{ ordered: 10, weighed: true }] });

    const refused = await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "pack", [field]: "9.5" }, cookie), { code: order.code }));
    expect((refused as Response).status).toBe(400);
    const reply = await body(refused);
    expect(reply.values[field]).toBe("9.5");
    expect(reply.errors.fields[field]).toContain("9,5");

    const preview = await body(await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "packPreview", [field]: "9,5" }, cookie), { code: order.code })));
    expect(preview.packPreview).toMatchObject({ withinTolerance: true, newTotalVnd: order.totalVnd - 10_000 });
    expect(db.select().from(orders).where(eq(orders.id, order.id)).get()!.status).toBe("confirmed");

    const packed = await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "pack", [field]: "9,5" }, cookie), { code: order.code }));
    expect(location(packed)).toBe(`/ban-hang/don-hang/${order.code}?dong-goi=applied`);
    const buyerView = await body(await buyerOrder.loader(args(getRequest(`/don-hang/${order.code}`, await signIn(db, (await orderBuyer(order.id)).id)), { code: order.code })));
    expect(buyerView.items[0]).toMatchObject({ quantity: 9.5, orderedQuantity: 10 });
  });

  it("the buyer cannot pack through the farm's page (404: not their view)", async () => {
    const { user, order, field } = await confirmed();
    const cookie = await signIn(db, user.id);
    expect((await thrown(farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "pack", [field]: "9,5" }, cookie), { code: order.code })))).status).toBe(404);
  });
});

async function orderBuyer(orderId: number) {
  return { id: db.select({ id: orders.buyerUserId }).from(orders).where(eq(orders.id, orderId)).get()!.id };
}

describe("the buyer's link", () => {
  it("shows ordered against packed without an account; refusing keeps the order as ordered; a guessed token is a 404", async () => {
    const { farmer, order, field } = await confirmed();
    const outcome = await packOrder(db, farmer, order.id, { [field]: "7" });
    if (outcome.outcome !== "awaiting") throw new Error("expected a request to the buyer");
    const page = await body(await answerPage.loader(args(getRequest(`/don-hang/can-lai/${outcome.token}`), { token: outcome.token })));
    expect(page.review).toMatchObject({ code: order.code, status: "awaiting_buyer", lines: [{ ordered: 10, packed: 7 }], newTotalVnd: order.totalVnd - 60_000 });
    const answered = await answerPage.action(args(formRequest(`/don-hang/can-lai/${outcome.token}`, { answer: "refuse" }), { token: outcome.token }));
    expect(location(answered)).toBe(`/don-hang/can-lai/${outcome.token}?xong=refused`);
    expect(db.select().from(orders).where(eq(orders.id, order.id)).get()).toMatchObject({ status: "confirmed", totalVnd: order.totalVnd });
    expect((await thrown(answerPage.loader(args(getRequest("/don-hang/can-lai/not-a-real-token-at-all-000"), { token: "not-a-real-token-at-all-000" })))).status).toBe(404);
  });

  it("the signed-in buyer answers on the order page", async () => {
    const { farmer, order, field, user } = await confirmed();
    await packOrder(db, farmer, order.id, { [field]: "12" });
    const cookie = await signIn(db, user.id);
    const data = await body(await buyerOrder.loader(args(getRequest(`/don-hang/${order.code}`, cookie), { code: order.code })));
    expect(data.adjustment).toMatchObject({ status: "awaiting_buyer", lines: [{ ordered: 10, packed: 12 }] });
    const done = await buyerOrder.action(args(formRequest(`/don-hang/${order.code}`, { intent: "packingAnswer", answer: "accept" }, cookie), { code: order.code }));
    expect(location(done)).toBe(`/don-hang/${order.code}?xong=packingAnswered`);
    expect(db.select().from(orders).where(eq(orders.id, order.id)).get()).toMatchObject({ status: "packed", totalVnd: order.totalVnd + 40_000 });
  });
});
