import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startStripeFake, type StripeFake } from "../../tests/stripe-fake";
import { ledgerEntries, listings, orders, payments, refunds, stripeEvents } from "../../db/schema";
import { testContext } from "~/accounts/test-utils";
import { transitionOrder } from "~/orders/state-machine.server";
import { action as webhookAction } from "~/routes/webhooks.stripe";
import { cardCheckoutFor, createStripeSession } from "./card.server";
import { refundWholeOrder } from "./refunds.server";
import { ledgerBalance } from "./ledger.server";
import { ledgerMismatch } from "./reconcile.server";
import { checkoutOf, farmWithListing, makeBuyer, signedWebhookRequest, useStripe } from "./test-fixtures";
import { handleStripeEvent } from "./webhook.server";

const db = freshTestDb({ adminUnits: true });
let fake: StripeFake;
let farmA: Awaited<ReturnType<typeof farmWithListing>>;
let farmB: Awaited<ReturnType<typeof farmWithListing>>;
const BASE = "http://localhost:3000";

beforeAll(async () => {
  fake = await startStripeFake();
  useStripe(fake.url);
  farmA = await farmWithListing(db, { name: "Vườn xoài Tư Lộc", priceVnd: 45_000, stock: 500 });
  farmB = await farmWithListing(db, { name: "Vườn vú sữa Út Hiền", priceVnd: 30_000, stock: 500 });
});
afterAll(async () => {
  await fake.close();
  useStripe(null);
  db.cleanup();
});

async function cardCheckout() {
  const buyer = await makeBuyer(db);
  const placed = checkoutOf(db, buyer, [{ listing: farmA.listing, quantity: 2 }, { listing: farmB.listing, quantity: 3 }], "card");
  return { buyer, ...placed };
}

const orderRow = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
const paymentOf = (checkoutId: number) => db.select().from(payments).where(eq(payments.checkoutId, checkoutId)).get()!;
const stock = (id: number) => db.select({ stock: listings.stock }).from(listings).where(eq(listings.id, id)).get()!.stock;

/** Posts an event to the real webhook route, signed like Stripe does. */
async function deliver(event: object, options: { signature?: string; secret?: string } = {}) {
  const response = await webhookAction({ request: signedWebhookRequest(event, options), params: {}, context: testContext() });
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

describe("createStripeSession", () => {
  it("creates one Checkout Session per checkout: VND integer amounts, idempotency key checkout-<id>, our URLs", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const before = fake.requests.length;
    const { url, sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE, locale: "vi" });
    const session = fake.sessions.get(sessionId)!;
    expect(url).toBe(`${fake.url}/pay/${sessionId}`);
    expect(session.currency).toBe("vnd");
    expect(session.line_items.map((l) => l.unit_amount)).toEqual(placed.map((o) => o.totalVnd));
    expect(session.amount_total).toBe(checkout.totalVnd);
    expect(session.metadata).toEqual({ checkout_id: String(checkout.id) });
    expect(session.payment_intent_metadata).toEqual({ checkout_id: String(checkout.id) });
    expect(session.success_url).toBe(`${BASE}/thanh-toan/thanh-cong?checkout=${checkout.id}&session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${BASE}/thanh-toan/huy?checkout=${checkout.id}`);
    // The session ends when the orders would expire (60 minutes by default).
    expect(session.expires_at).toBe(Math.floor(placed[0].expiresAt!.getTime() / 1000));
    expect(fake.requests.slice(before)).toEqual([{ method: "POST", path: "/v1/checkout/sessions", idempotencyKey: `checkout-${checkout.id}` }]);
    expect(paymentOf(checkout.id).providerRef).toBe(sessionId);

    // Coming back reuses the open session (a read, no second session).
    const again = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    expect(again.sessionId).toBe(sessionId);
    expect(fake.requests.slice(before).map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("two concurrent requests (a double tap) get the same session through the idempotency key", async () => {
    const { checkout } = await cardCheckout();
    const [a, b] = await Promise.all([
      createStripeSession(db, checkout.id, { baseUrl: BASE }),
      createStripeSession(db, checkout.id, { baseUrl: BASE }),
    ]);
    expect(a.sessionId).toBe(b.sessionId);
    expect([...fake.sessions.values()].filter((s) => s.metadata.checkout_id === String(checkout.id))).toHaveLength(1);
  });

  it("refuses a checkout that is paid or closed", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    for (const o of placed) transitionOrder(db, null, o.id, "expired");
    await expect(createStripeSession(db, checkout.id, { baseUrl: BASE })).rejects.toMatchObject({ messageKey: "orders:payments.errors.checkoutClosed" });
  });
});

describe("webhook: verified, idempotent, order-independent", () => {
  it("refuses a bad or missing signature with 400 and changes nothing", async () => {
    const { checkout } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const completed = fake.event("checkout.session.completed", fake.completeSession(sessionId));
    expect((await deliver(completed, { secret: "whsec_someone_else" })).status).toBe(400);
    expect((await deliver(completed, { signature: "t=1,v1=deadbeef" })).status).toBe(400);
    const unsigned = await webhookAction({
      request: new Request("http://localhost/webhooks/stripe", { method: "POST", body: JSON.stringify(completed) }),
      params: {},
      context: testContext(),
    });
    expect(unsigned.status).toBe(400);
    // A valid signature over a different body (tampered amount) is refused too.
    const header = signedWebhookRequest(completed).headers.get("Stripe-Signature")!;
    const tampered = JSON.stringify({ ...completed, data: { object: { ...(completed.data.object as object), amount_total: 1 } } });
    const forged = await webhookAction({
      request: new Request("http://localhost/webhooks/stripe", { method: "POST", headers: { "Stripe-Signature": header }, body: tampered }),
      params: {},
      context: testContext(),
    });
    expect(forged.status).toBe(400);
    expect(paymentOf(checkout.id).status).toBe("pending");
    expect(db.select().from(stripeEvents).where(eq(stripeEvents.eventId, completed.id)).get()).toBeUndefined();
  });

  it("completed → every order of the checkout paid once; replays and a second event id change nothing", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const session = fake.completeSession(sessionId);
    const completed = fake.event("checkout.session.completed", session);
    expect(await deliver(completed)).toEqual({ status: 200, body: { received: true, outcome: "paid" } });
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["paid", "paid"]);
    expect(paymentOf(checkout.id).status).toBe("succeeded");
    for (let i = 0; i < 3; i++) expect((await deliver(completed)).body.outcome).toBe("duplicate");
    // Stripe may also send the same fact under a new event id (async_payment_succeeded).
    expect((await deliver(fake.event("checkout.session.async_payment_succeeded", session))).body.outcome).toBe("already_paid");
    const paidEvents = db.$client
      .prepare("select count(*) as n from order_events where order_id in (?, ?) and note like 'payment:paid%'")
      .get(placed[0].id, placed[1].id) as { n: number };
    expect(paidEvents.n).toBe(2);
    // The farm may now confirm: the money is in.
    expect(transitionOrder(db, farmA.farmer, placed[0].id, "confirmed").status).toBe("confirmed");
  });

  it("a failed attempt, then success: paid; expiry after payment is ignored", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const failed = fake.event("payment_intent.payment_failed", { id: "pi_test_failed", object: "payment_intent", metadata: { checkout_id: String(checkout.id) } });
    expect((await deliver(failed)).body.outcome).toBe("failed");
    expect(paymentOf(checkout.id).status).toBe("failed");
    expect(orderRow(placed[0].id).status).toBe("placed");
    const session = fake.completeSession(sessionId);
    expect((await deliver(fake.event("checkout.session.completed", session))).body.outcome).toBe("paid");
    expect((await deliver(fake.event("checkout.session.expired", { ...session, status: "expired" }))).body.outcome).toBe("ignored");
    expect((await deliver(failed)).body.outcome).toBe("duplicate");
    expect(placed.map((o) => orderRow(o.id).status)).toEqual(["placed", "placed"]);
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["paid", "paid"]);
  });

  it("expired → unpaid orders expire and give their stock back exactly once, even when replayed", async () => {
    const stockA = stock(farmA.listing.id);
    const { checkout, orders: placed } = await cardCheckout();
    expect(stock(farmA.listing.id)).toBe(stockA - 2);
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const expired = fake.event("checkout.session.expired", fake.expireSession(sessionId));
    expect((await deliver(expired)).body.outcome).toBe("expired");
    const replayUnderNewId = fake.event("checkout.session.expired", fake.sessions.get(sessionId)!);
    expect((await deliver(replayUnderNewId)).body.outcome).toBe("ignored");
    expect((await deliver(expired)).body.outcome).toBe("duplicate");
    expect(placed.map((o) => orderRow(o.id).status)).toEqual(["expired", "expired"]);
    expect(stock(farmA.listing.id)).toBe(stockA);
    expect(paymentOf(checkout.id).status).toBe("expired");
    expect(cardCheckoutFor(db, checkout.buyerUserId, checkout.id)!.state).toBe("expired");
  });

  it("money arriving for orders that expired meanwhile is recorded, then refunded automatically", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    for (const o of placed) transitionOrder(db, null, o.id, "expired");
    const session = fake.completeSession(sessionId);
    expect((await deliver(fake.event("checkout.session.completed", session))).body.outcome).toBe("paid");
    const refunds = fake.refunds.filter((r) => r.payment_intent === session.payment_intent);
    expect(refunds.map((r) => r.amount).sort()).toEqual(placed.map((o) => o.totalVnd).sort());
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["refunded", "refunded"]);
    expect(paymentOf(checkout.id).status).toBe("refunded");
  });

  it("an event for a session that is not ours is acknowledged and ignored", async () => {
    const stranger = fake.event("checkout.session.completed", { id: "cs_test_stranger", object: "checkout.session", payment_status: "paid", amount_total: 1000, metadata: {} });
    expect(await deliver(stranger)).toEqual({ status: 200, body: { received: true, outcome: "ignored" } });
    expect(handleStripeEvent(db, stranger as Stripe.Event).outcome).toBe("duplicate");
  });
});

describe("refundWholeOrder and the farm's ledger", () => {
  it("cancelling one paid order refunds only that order's amount, once", async () => {
    const { buyer, checkout, orders: placed } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const session = fake.completeSession(sessionId);
    await deliver(fake.event("checkout.session.completed", session));
    transitionOrder(db, buyer, placed[1].id, "cancelled", "đổi ý");
    const first = await refundWholeOrder(db, placed[1].id);
    expect(first?.refund.providerRef).toMatch(/^re_test_/);
    expect(await refundWholeOrder(db, placed[1].id)).toBeNull();
    const refunds = fake.refunds.filter((r) => r.payment_intent === session.payment_intent);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: placed[1].totalVnd, metadata: { order_id: String(placed[1].id), checkout_id: String(checkout.id) } });
    const refundRequests = fake.requests.filter((r) => r.path === "/v1/refunds");
    expect(refundRequests.at(-1)!.idempotencyKey).toBe(`refund-${first!.refund.id}`);
    expect(orderRow(placed[1].id).paymentStatus).toBe("refunded");
    expect(orderRow(placed[0].id).paymentStatus).toBe("paid");
    expect(paymentOf(checkout.id).status).toBe("succeeded");

    // Stripe's charge.refunded for that partial refund (replayed) changes nothing more.
    const charge = fake.event("charge.refunded", fake.chargeFor(sessionId));
    expect((await deliver(charge)).body.outcome).toBe("refunded");
    expect((await deliver(charge)).body.outcome).toBe("duplicate");
    expect(orderRow(placed[0].id).paymentStatus).toBe("paid");
  });

  it("a full refund made at Stripe (charge.refunded) refunds every order of the checkout", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const session = fake.completeSession(sessionId);
    await deliver(fake.event("checkout.session.completed", session));
    fake.refunds.push({ id: "re_test_dashboard", object: "refund", amount: session.amount_total, currency: "vnd", payment_intent: session.payment_intent!, charge: "ch_x", status: "succeeded", metadata: {}, created: 0 });
    expect((await deliver(fake.event("charge.refunded", fake.chargeFor(sessionId)))).body.outcome).toBe("refunded");
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["refunded", "refunded"]);
    expect(paymentOf(checkout.id).status).toBe("refunded");
    // A late replay of "completed" cannot make it paid again.
    expect((await deliver(fake.event("checkout.session.completed", session))).body.outcome).toBe("already_paid");
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["refunded", "refunded"]);
  });

  it("each order of a paid card checkout is owed to its farm in the ledger, once, and refunds take it off", async () => {
    const { buyer, checkout, orders: placed } = await cardCheckout();
    const balanceA = ledgerBalance(db, farmA.household.id);
    const balanceB = ledgerBalance(db, farmB.household.id);
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const session = fake.completeSession(sessionId);
    await deliver(fake.event("checkout.session.completed", session));
    await deliver(fake.event("checkout.session.async_payment_succeeded", session));
    const [orderA, orderB] = [farmA, farmB].map((f) => placed.find((o) => o.householdId === f.household.id)!);
    expect(ledgerBalance(db, farmA.household.id)).toBe(balanceA + orderA.totalVnd);
    expect(ledgerBalance(db, farmB.household.id)).toBe(balanceB + orderB.totalVnd);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.sourceKey, `card:${orderA.id}`)).all()).toHaveLength(1);

    transitionOrder(db, buyer, orderB.id, "cancelled", "đổi ý");
    await refundWholeOrder(db, orderB.id);
    expect(ledgerBalance(db, farmB.household.id)).toBe(balanceB);
    expect(ledgerMismatch(db)).toBe(0);
  });

  it("a refund made by hand at Stripe leaves a refunds row and takes the money off the ledger", async () => {
    const { checkout, orders: placed } = await cardCheckout();
    const balanceA = ledgerBalance(db, farmA.household.id);
    const { sessionId } = await createStripeSession(db, checkout.id, { baseUrl: BASE });
    const session = fake.completeSession(sessionId);
    await deliver(fake.event("checkout.session.completed", session));
    fake.refunds.push({ id: "re_test_by_hand", object: "refund", amount: session.amount_total, currency: "vnd", payment_intent: session.payment_intent!, charge: "ch_y", status: "succeeded", metadata: {}, created: 0 });
    const charge = fake.event("charge.refunded", fake.chargeFor(sessionId));
    expect((await deliver(charge)).body.outcome).toBe("refunded");
    expect(placed.map((o) => orderRow(o.id).paymentStatus)).toEqual(["refunded", "refunded"]);
    const rows = db.select().from(refunds).where(eq(refunds.causeRef, `stripe:${(charge.data.object as { id: string }).id}`)).all();
    expect(rows.map((r) => r.amountVnd).sort()).toEqual(placed.map((o) => o.totalVnd).sort());
    expect(ledgerBalance(db, farmA.household.id)).toBe(balanceA);
    expect(ledgerMismatch(db)).toBe(0);
  });
});
