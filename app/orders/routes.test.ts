/**
 * Route-level tests: loaders and actions called with Request objects, as Remix would. A buyer sees
 * only their orders, a farm only its own, an officer only those of their areas — whatever code is
 * put in the URL.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { carts, listings, orders } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, signIn, routeArgs as args, testPhone, thrown } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { input } from "~/households/test-fixtures";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { listingInput } from "~/listings/test-utils";
import * as farmOrder from "~/routes/ban-hang.don-hang.$code";
import * as farmOrders from "~/routes/ban-hang.don-hang._index";
import * as sellerHome from "~/routes/ban-hang._index";
import * as officerOrders from "~/routes/can-bo.don-hang";
import * as buyerOrder from "~/routes/don-hang.$code";
import * as buyerOrders from "~/routes/don-hang._index";
import * as cartPage from "~/routes/gio-hang";
import * as addRoute from "~/routes/gio-hang.them";
import * as checkoutPage from "~/routes/thanh-toan";
import * as placedPage from "~/routes/thanh-toan_.da-dat";
import { addToCart, getUserCart, mergeCartAtLogin } from "./cart.server";
import { placeCheckout } from "./checkout.server";
import { buyer, checkoutInput, farmWithListing, stockOf } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const body = async (value: unknown) => (value as Response).json();
const location = (value: unknown) => (value as Response).headers.get("Location");
/** Cookie header from every Set-Cookie of a response, merged with an existing one. */
const withCookies = (response: Response, cookie = "") =>
  [cookie, ...response.headers.getSetCookie().map((c) => c.split(";")[0])].filter(Boolean).join("; ");

async function orderSetup() {
  const farm = await farmWithListing(db, { stock: 20 });
  const other = await farmWithListing(db, { stock: 20 });
  const user = await buyer(db);
  const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 2 }])).orders;
  return { farm, other, user, order };
}

describe("buyer pages", () => {
  it("the buyer sees their order; another buyer and a guessed code get 404; anonymous visitors go to log in", async () => {
    const { user, order } = await orderSetup();
    const data = await body(await buyerOrder.loader(args(getRequest(`/don-hang/${order.code}`, await signIn(db, user.id)), { code: order.code })));
    expect(data.order.code).toBe(order.code);
    expect(data.steps).toEqual(["cancelled"]);
    const stranger = await makeUser(db, "buyer");
    const cookie = await signIn(db, stranger.id);
    expect((await thrown(buyerOrder.loader(args(getRequest(`/don-hang/${order.code}`, cookie), { code: order.code })))).status).toBe(404);
    expect((await thrown(buyerOrder.loader(args(getRequest("/don-hang/CNS-2026-999999", cookie), { code: "CNS-2026-999999" })))).status).toBe(404);
    expect((await thrown(buyerOrder.action(args(formRequest(`/don-hang/${order.code}`, { intent: "cancel" }, cookie), { code: order.code })))).status).toBe(404);
    expect((await thrown(buyerOrder.loader(args(getRequest(`/don-hang/${order.code}`), { code: order.code })))).status).toBe(302);
    const list = await body(await buyerOrders.loader(args(getRequest("/don-hang", cookie))));
    expect(list.rows).toEqual([]);
  });

  it("the buyer cancels before shipping and the stock comes back", async () => {
    const { farm, user, order } = await orderSetup();
    const cookie = await signIn(db, user.id);
    const response = await buyerOrder.action(args(formRequest(`/don-hang/${order.code}`, { intent: "cancel", reason: "Đặt nhầm" }, cookie), { code: order.code }));
    expect(location(response)).toBe(`/don-hang/${order.code}?xong=cancelled`);
    expect(stockOf(db, farm.listing.id).stock).toBe(20);
  });
});

describe("farm pages", () => {
  it("a farm sees and moves only its own orders; another farm gets 404 for the same code", async () => {
    const { farm, other, order } = await orderSetup();
    const own = await signIn(db, farm.farmer.id);
    const data = await body(await farmOrder.loader(args(getRequest(`/ban-hang/don-hang/${order.code}`, own), { code: order.code })));
    expect(data.steps).toEqual(["confirmed", "rejected"]);
    const list = await body(await farmOrders.loader(args(getRequest("/ban-hang/don-hang", own))));
    expect(list.rows.map((r: { code: string }) => r.code)).toContain(order.code);

    const foreign = await signIn(db, other.farmer.id);
    expect((await thrown(farmOrder.loader(args(getRequest(`/ban-hang/don-hang/${order.code}`, foreign), { code: order.code })))).status).toBe(404);
    expect((await thrown(farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "confirm" }, foreign), { code: order.code })))).status).toBe(404);
    const foreignList = await body(await farmOrders.loader(args(getRequest("/ban-hang/don-hang", foreign))));
    expect(foreignList.rows).toEqual([]);

    const confirmed = await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "confirm" }, own), { code: order.code }));
    expect(location(confirmed)).toBe(`/ban-hang/don-hang/${order.code}?xong=confirmed`);
    const packing = await body(await farmOrders.loader(args(getRequest("/ban-hang/don-hang", own))));
    expect(packing.packing).toMatchObject({ orderCount: 1, lines: [{ quantity: 2, orders: 1 }] });
  });

  it("a rejection without a reason comes back as an error on the reason field", async () => {
    const { farm, order } = await orderSetup();
    const own = await signIn(db, farm.farmer.id);
    const response = (await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${order.code}`, { intent: "reject", reason: "" }, own), { code: order.code }))) as Response;
    expect(response.status).toBe(400);
    const data = await response.json();
    expect(data.intent).toBe("reject");
    expect(Object.keys(data.errors.fields)).toEqual(["reason"]);
  });
});

describe("irreversible farm steps ask for confirmation, enforced by the server", () => {
  const statusOf = (id: number) => db.select({ status: orders.status }).from(orders).where(eq(orders.id, id)).get()?.status;
  const post = async (cookie: string, code: string, fields: Record<string, string>) =>
    (await farmOrder.action(args(formRequest(`/ban-hang/don-hang/${code}`, fields, cookie), { code }))) as Response;

  it("delivered: the first post changes nothing and returns the confirmation step; confirm=1 delivers", async () => {
    const { farm, order } = await orderSetup();
    const own = await signIn(db, farm.farmer.id);
    await post(own, order.code, { intent: "confirm" });
    await post(own, order.code, { intent: "ship" });
    const asked = await post(own, order.code, { intent: "deliver" });
    expect(asked.status).toBe(200);
    expect(await asked.json()).toMatchObject({ confirm: { intent: "deliver", to: "delivered", reason: "" } });
    expect(statusOf(order.id)).toBe("shipped");
    expect(location(await post(own, order.code, { intent: "deliver", confirm: "1" }))).toBe(`/ban-hang/don-hang/${order.code}?xong=delivered`);
    expect(statusOf(order.id)).toBe("delivered");
  });

  it("reject: asked with the reason kept, stock untouched until confirmed; a step that is not allowed is refused before asking", async () => {
    const { farm, order } = await orderSetup();
    const own = await signIn(db, farm.farmer.id);
    const asked = await post(own, order.code, { intent: "reject", reason: "Hết xoài loại 1" });
    expect(await asked.json()).toMatchObject({ confirm: { intent: "reject", to: "rejected", reason: "Hết xoài loại 1" } });
    expect(statusOf(order.id)).toBe("placed");
    expect(stockOf(db, farm.listing.id).stock).toBe(18);
    // Delivering a placed order is not a step: the refusal comes at once, not a confirmation.
    const refused = await post(own, order.code, { intent: "deliver" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).not.toHaveProperty("confirm");
    expect(location(await post(own, order.code, { intent: "reject", reason: "Hết xoài loại 1", confirm: "1" }))).toBe(`/ban-hang/don-hang/${order.code}?xong=rejected`);
    expect(statusOf(order.id)).toBe("rejected");
    expect(stockOf(db, farm.listing.id).stock).toBe(20);
  });

  it("confirming and shipping are not asked twice", async () => {
    const { farm, order } = await orderSetup();
    const own = await signIn(db, farm.farmer.id);
    expect(location(await post(own, order.code, { intent: "confirm" }))).toBe(`/ban-hang/don-hang/${order.code}?xong=confirmed`);
    expect(location(await post(own, order.code, { intent: "ship" }))).toBe(`/ban-hang/don-hang/${order.code}?xong=shipped`);
  });
});

describe("seller home", () => {
  it("lists what waits for the farm first: new to confirm, confirmed to ship, shipped to mark delivered, with counts and codes", async () => {
    const farm = await farmWithListing(db, { stock: 50 });
    const place = async () => placeCheckout(db, await buyer(db), checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders[0];
    const [a, b, c, d, e] = [await place(), await place(), await place(), await place(), await place()];
    const own = await signIn(db, farm.farmer.id);
    const step = (code: string, intent: string, extra: Record<string, string> = {}) =>
      farmOrder.action(args(formRequest(`/ban-hang/don-hang/${code}`, { intent, ...extra }, own), { code }));
    await step(b.code, "confirm");
    for (const order of [c, d, e]) {
      await step(order.code, "confirm");
      await step(order.code, "ship");
    }
    await step(d.code, "deliver"); // only asks: d still waits
    await step(e.code, "deliver", { confirm: "1" }); // delivered: nothing left to do
    const home = await body(await sellerHome.loader(args(getRequest("/ban-hang", own))));
    const waiting = home.seller.waiting as Array<{ status: string; count: number; orders: Array<{ code: string }> }>;
    expect(waiting.map((g) => [g.status, g.count, g.orders.map((o) => o.code)])).toEqual([
      ["placed", 1, [a.code]],
      ["confirmed", 1, [b.code]],
      ["shipped", 2, expect.arrayContaining([c.code, d.code])],
    ]);
  });
});

describe("officer page", () => {
  it("an officer reads orders of their areas only; a farm with an owner is not theirs to act for", async () => {
    const { order } = await orderSetup();
    const inside = await makeUser(db, "officer");
    assignOfficerAreas(db, inside.id, [{ kind: "province", code: "82" }]);
    const outside = await makeUser(db, "officer");
    assignOfficerAreas(db, outside.id, [{ kind: "province", code: "86" }]);
    const insideCookie = await signIn(db, inside.id);
    const outsideCookie = await signIn(db, outside.id);
    const list = await body(await officerOrders.loader(args(getRequest("/can-bo/don-hang", insideCookie))));
    expect(list.rows.map((r: { code: string }) => r.code)).toContain(order.code);
    const opened = await body(await officerOrders.loader(args(getRequest(`/can-bo/don-hang?ma=${order.code}`, insideCookie))));
    expect(opened.opened.order.code).toBe(order.code);
    expect(opened.opened.steps).toEqual([]);
    expect((await body(await officerOrders.loader(args(getRequest("/can-bo/don-hang", outsideCookie))))).rows).toEqual([]);
    expect((await thrown(officerOrders.loader(args(getRequest(`/can-bo/don-hang?ma=${order.code}`, outsideCookie))))).status).toBe(404);
    const buyerCookie = await signIn(db, (await makeUser(db, "buyer")).id);
    expect((await thrown(officerOrders.loader(args(getRequest("/can-bo/don-hang", buyerCookie))))).status).toBe(403);
    const refused = (await officerOrders.action(args(formRequest(`/can-bo/don-hang?ma=${order.code}`, { intent: "confirm" }, insideCookie)))) as Response;
    expect(refused.status).toBe(404);
    expect(db.select({ status: orders.status }).from(orders).where(eq(orders.id, order.id)).get()?.status).toBe("placed");
  });

  it("for a farm nobody has claimed, the area's officer takes its steps from the page; a reason is required to reject", async () => {
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    const household = registerHouseholdByOfficer(db, officer, { ...input({ phone: testPhone() }), consentAt: new Date(), consentSource: "Phiếu đồng ý giấy" });
    verifyHousehold(db, officer, household.id, { method: "in_person_known" });
    const listing = createListing(db, officer, household.id, listingInput({ minOrder: 1 }));
    setListingStatus(db, officer, listing.id, "published");
    const place = async () => placeCheckout(db, await buyer(db), checkoutInput(db, [{ listingId: listing.id, quantity: 1 }])).orders[0];
    const first = await place();
    const other = await place();
    const cookie = await signIn(db, officer.id);
    const url = (code: string) => `/can-bo/don-hang?ma=${code}`;

    const page = await body(await officerOrders.loader(args(getRequest(url(first.code), cookie))));
    expect(page.opened).toMatchObject({ onBehalf: true, steps: ["confirmed", "rejected"] });
    const confirmed = await officerOrders.action(args(formRequest(url(first.code), { intent: "confirm" }, cookie)));
    expect(location(confirmed)).toBe(`${url(first.code)}&xong=confirmed`);
    const after = await body(await officerOrders.loader(args(getRequest(`${url(first.code)}&xong=confirmed`, cookie))));
    expect(after.done).toBe("confirmed");
    expect(after.opened.events.at(-1)).toMatchObject({ toStatus: "confirmed", actorName: officer.name, onBehalfOf: household.displayName });

    const noReason = (await officerOrders.action(args(formRequest(url(other.code), { intent: "reject", reason: "  " }, cookie)))) as Response;
    expect(noReason.status).toBe(400);
    expect(await body(noReason)).toMatchObject({ intent: "reject", errors: { fields: { reason: expect.any(String) } }, values: { reason: "  " } });
    // Rejecting cannot be undone: the first post asks, the post from the confirmation step acts.
    const asked = (await officerOrders.action(args(formRequest(url(other.code), { intent: "reject", reason: "Hết hàng" }, cookie)))) as Response;
    expect(await body(asked)).toMatchObject({ confirm: { intent: "reject", to: "rejected", reason: "Hết hàng" } });
    expect(db.select({ status: orders.status }).from(orders).where(eq(orders.id, other.id)).get()?.status).toBe("placed");
    const rejected = await officerOrders.action(args(formRequest(url(other.code), { intent: "reject", reason: "Hết hàng", confirm: "1" }, cookie)));
    expect(location(rejected)).toBe(`${url(other.code)}&xong=rejected`);
  });
});

describe("cart and checkout", () => {
  it("a guest adds to a cookie cart, which is merged at log-in; checkout places once per key and lists changed prices", async () => {
    const farm = await farmWithListing(db, { priceVnd: 40_000, stock: 10, minOrder: 2 });
    const added = (await addRoute.action(args(formRequest("/gio-hang/them", { listingId: String(farm.listing.id), quantity: "3" })))) as Response;
    expect(location(added)).toBe(`/gio-hang?them=${farm.listing.id}`);
    const guestCookie = withCookies(added);
    expect(guestCookie).toMatch(/^cart=/);
    const cart = await body(await cartPage.loader(args(getRequest("/gio-hang", guestCookie))));
    expect(cart.view).toMatchObject({ count: 1, totalVnd: 120_000 });

    const refused = await addRoute.action(args(formRequest("/gio-hang/them", { listingId: String(farm.listing.id), quantity: "50" }, guestCookie)));
    expect(location(refused)).toBe(`/gio-hang?loi=notEnoughStock&sp=${farm.listing.id}`);

    // Log-in: the guest cart becomes the account's.
    const user = await buyer(db);
    expect(await mergeCartAtLogin(getRequest("/dang-nhap", guestCookie), user.id, db)).toBe(1);
    const cookie = `${await signIn(db, user.id)}; ${guestCookie}`;
    expect(getUserCart(db, user.id)).toBeTruthy();

    const page = await body(await checkoutPage.loader(args(getRequest("/thanh-toan", cookie))));
    expect(page.page.snapshot).toBe(`${farm.listing.id}:3:40000`);
    expect(page.page.cardForWholeCart).toBe(false);
    expect(page.page.farms[0].payment.options.map((o: { available: boolean }) => o.available)).toEqual([true, false]);

    // The farm raises the price before the buyer confirms: nothing is placed, the change is listed.
    db.update(listings).set({ priceVnd: 42_000 }).where(eq(listings.id, farm.listing.id)).run();
    const fields = {
      idempotencyKey: page.page.idempotencyKey,
      lines: page.page.snapshot,
      recipientName: "Trần Thị Bích",
      recipientPhone: "0903 123 456",
      provinceCode: "82",
      communeCode: "28249",
      addressLine: "Số 12, ấp Hòa Thuận",
      [`delivery-${farm.household.id}`]: "delivery",
      [`feebasis-${farm.household.id}`]: page.page.farms[0].feeBasis,
      [`payment-${farm.household.id}`]: "cod",
    };
    const changed = (await checkoutPage.action(args(formRequest("/thanh-toan", fields, cookie)))) as Response;
    expect(changed.status).toBe(409);
    const changedData = await changed.json();
    expect(changedData.changes).toHaveLength(1);
    expect(changedData.changes[0].text).toContain("42.000");
    expect(changedData.values.addressLine).toBe("Số 12, ấp Hòa Thuận");
    expect(changedData.page.snapshot).toBe(`${farm.listing.id}:3:42000`);

    // Confirmed again with the new page: placed; a double tap gives the same checkout.
    const confirmedFields = { ...fields, idempotencyKey: changedData.page.idempotencyKey, lines: changedData.page.snapshot };
    const placed = await checkoutPage.action(args(formRequest("/thanh-toan", confirmedFields, cookie)));
    const again = await checkoutPage.action(args(formRequest("/thanh-toan", confirmedFields, cookie)));
    expect(location(placed)).toMatch(/^\/thanh-toan\/da-dat\?checkout=\d+$/);
    expect(location(again)).toBe(location(placed));
    expect(stockOf(db, farm.listing.id).stock).toBe(7);
    const done = await body(await placedPage.loader(args(getRequest(location(placed)!, cookie))));
    expect(done.placed).toMatchObject([{ paymentMethod: "cod", totalVnd: 3 * 42_000 + 15_000, transfer: null }]);
    // Another buyer cannot open this checkout's page.
    const stranger = await buyer(db);
    const strangerCookie = await signIn(db, stranger.id);
    expect((await thrown(placedPage.loader(args(getRequest(location(placed)!, strangerCookie))))).status).toBe(404);
    // The cart is empty now, so the checkout page sends the buyer back to it.
    expect(location(await thrown(checkoutPage.loader(args(getRequest("/thanh-toan", cookie)))))).toBe("/gio-hang");
  });

  it("a fractional line travels in the page's snapshot, and a change to it is told with the decimal comma", async () => {
    const farm = await farmWithListing(db, { stock: 10 });
    db.update(listings).set({ quantityStep: 0.5 }).where(eq(listings.id, farm.listing.id)).run();
    const user = await buyer(db);
    const cart = db.insert(carts).values({ userId: user.id }).returning().get();
    addToCart(db, cart.id, farm.listing.id, "5,5");
    const cookie = await signIn(db, user.id);
    const page = await body(await checkoutPage.loader(args(getRequest("/thanh-toan", cookie))));
    expect(page.page.snapshot).toBe(`${farm.listing.id}:5.5:${farm.listing.priceVnd}`);

    db.update(listings).set({ stock: 2.5 }).where(eq(listings.id, farm.listing.id)).run();
    const fields = {
      idempotencyKey: page.page.idempotencyKey,
      lines: page.page.snapshot,
      recipientName: "Trần Thị Bích",
      recipientPhone: "0903 123 456",
      communeCode: "28249",
      addressLine: "Số 12, ấp Hòa Thuận",
      [`delivery-${farm.household.id}`]: "pickup",
      [`payment-${farm.household.id}`]: "cod",
    };
    const changed = (await checkoutPage.action(args(formRequest("/thanh-toan", fields, cookie)))) as Response;
    expect(changed.status).toBe(409);
    const { changes } = await changed.json();
    expect(changes).toEqual([{ kind: "stock", text: expect.stringMatching(/5,5.*2,5/) }]);
  });
});
