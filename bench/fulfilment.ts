/**
 * `npm run bench:fulfilment` (tsx bench/fulfilment.ts): issue 15, "Measures".
 *
 * Random order lives (default 1,000; --orders=N, --seed=N) through the real modules and the real
 * carrier and Stripe adapters, against the local fakes of GHN, GHTK and Stripe (tests/fakes): each
 * farm's partners quoted and the quote signed as the checkout page does; the checkout placed; paid
 * by card (Stripe webhook), by transfer or in cash; some cancelled or rejected; confirmed; packed at
 * a weight off the ordered one (within tolerance, or beyond it and accepted, refused or lapsed);
 * the shipment created with its carrier; the carrier's webhooks sent through the webhook route with
 * the carrier's retry rule, some twice, some out of order; returned parcels; complaints agreed by
 * the farm or decided by an administrator, each remedy replayed; orders completed; a payout run
 * made and marked paid. Then it checks that nothing was refunded twice (refunds per order never
 * above what was paid; one Stripe refund per refund row) and that every farm's ledger balance
 * equals the balance recomputed from orders, payments, refunds, shipments and payouts.
 *
 * Ends with one JSON line: {"bench":"fulfilment",...}. Option --keep leaves the temp directory.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { seededRandom } from "../db/seed/random";
import { benchArgs, percentile, round } from "./support";

const args = benchArgs();
const ORDERS = Number(args.arg("orders") ?? 1000);
const SEED = Number(args.arg("seed") ?? 15);
const FARMS = 12;
const BUYERS = 40;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bench-fulfilment-"));
process.env.DATABASE_PATH = path.join(dir, "bench.db");
process.env.UPLOADS_DIR = path.join(dir, "uploads");
process.env.SEED_DEMO = "false";
process.env.LOG_LEVEL = "error";
process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("base64url");

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

async function main() {
  const { and, eq, sql } = await import("drizzle-orm");
  const schema = await import("../db/schema");
  const { migrateDatabase, openDatabase, setDbForTests } = await import("~/lib/db.server");
  const { ensureAdminUnits } = await import("~/addresses/load.server");
  const { makeUser, routeArgs } = await import("~/accounts/test-utils");
  const { TEST_COMMUNE } = await import("~/listings/test-utils");
  const { farmWithListing, makeBuyer, useStripe } = await import("~/payments/test-fixtures");
  const { ghnPlacesFor, useCarriers, TEST_CARRIER_SECRET } = await import("~/shipping/test-fixtures");
  const { startGhnFake } = await import("../tests/fakes/ghn");
  const { startGhtkFake } = await import("../tests/fakes/ghtk");
  const { startStripeFake } = await import("../tests/stripe-fake");
  const { action: carrierWebhook } = await import("~/routes/webhooks.carriers.$carrier");
  const { configuredPartners } = await import("~/shipping/registry.server");
  const { pickupCarrier } = await import("~/shipping/own-carriers");
  const { pickupPlaceOf, placeOf } = await import("~/shipping/places.server");
  const { quoteFarm } = await import("~/shipping/quotes.server");
  const { signQuote } = await import("~/shipping/quote-token.server");
  const { cancelShipment, createShipmentForOrder, shipmentOfOrder } = await import("~/shipping/shipments.server");
  const { placeCheckout } = await import("~/orders/checkout.server");
  const { transitionOrder } = await import("~/orders/state-machine.server");
  const { answerAdjustment, lapseDueAdjustments, packedField, packOrder, waitingAdjustment } = await import("~/orders/packing.server");
  const { createStripeSession } = await import("~/payments/card.server");
  const { handleStripeEvent } = await import("~/payments/webhook.server");
  const { markCashCollected, markTransferReceived } = await import("~/payments/payments.server");
  const { amountPaidVnd, amountRefundedVnd, refundWholeOrder } = await import("~/payments/refunds.server");
  const { createPayoutRun, markRunPaid } = await import("~/payments/payout-runs.server");
  const { ledgerMismatch } = await import("~/payments/reconcile.server");
  const { openComplaint } = await import("~/complaints/complaints.server");
  const { answerComplaint, carryOutRemedy, decideComplaint } = await import("~/complaints/resolve.server");
  const { now } = await import("~/lib/clock");
  const { AppError } = await import("~/lib/errors");

  const db = openDatabase(process.env.DATABASE_PATH!);
  migrateDatabase(db);
  ensureAdminUnits(db);
  setDbForTests(db);

  // --- The outside services: Stripe, and both carriers posting their webhooks into the route.
  const stripe = await startStripeFake();
  useStripe(stripe.url);
  const counts = { webhookEvents: 0, duplicatesIgnored: 0, stale: 0 };
  const intoRoute = async (request: Request) => {
    const carrier = new URL(request.url).pathname.split("/").pop()!;
    const response = await carrierWebhook(routeArgs(request, { carrier }) as never);
    if (response.status === 200) {
      const body = (await response.clone().json()) as { received?: number; duplicates?: number; stale?: number };
      counts.webhookEvents += body.received ?? 0;
      counts.duplicatesIgnored += body.duplicates ?? 0;
      counts.stale += body.stale ?? 0;
    }
    return response;
  };
  const callback = (carrier: string) => `http://localhost/webhooks/carriers/${carrier}?token=${TEST_CARRIER_SECRET}`;
  const { GHN_SHOP_ID, GHN_TOKEN, GHTK_TOKEN } = await import("~/shipping/test-fixtures");
  const ghn = await startGhnFake({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, places: ghnPlacesFor(db), callbackUrl: callback("ghn"), sendCallback: intoRoute, retryIntervalMs: 1 });
  const ghtk = await startGhtkFake({ token: GHTK_TOKEN, callbackUrl: callback("ghtk"), sendCallback: intoRoute, retryIntervalMs: 1 });
  useCarriers({ ghn: ghn.url, ghtk: ghtk.url });

  // --- Farms (half with a bank account), their partners, buyers, an administrator.
  const farms: Array<Awaited<ReturnType<typeof farmWithListing>>> = [];
  for (let i = 0; i < FARMS; i++) {
    const farm = await farmWithListing(db, { bank: i % 2 === 0, stock: 1_000_000, priceVnd: 20_000 + 5_000 * (i % 5), name: `Vườn thử ${i + 1}` });
    db.insert(schema.farmShipping).values({ householdId: farm.household.id, carriers: ["ghn", "ghtk"], weightTolerancePct: 10 }).run();
    farms.push(farm);
  }
  const buyers = await Promise.all(Array.from({ length: BUYERS }, () => makeBuyer(db)));
  const admin = await makeUser(db, "admin");
  const to = placeOf(db, { name: "Trần Thị Bích", phone: "+84909123456", communeCode: TEST_COMMUNE, addressLine: "12 Lê Lợi" });

  const quoteMs: number[] = [];
  const tally = { lives: 0, cancelled: 0, rejected: 0, returned: 0, delivered: 0, complaints: 0, lapsed: 0, refused: 0, accepted: 0, stateMismatch: 0 };
  const orderRow = (id: number) => db.select().from(schema.orders).where(eq(schema.orders.id, id)).get()!;

  /** One card payment as Stripe reports it: the session paid, its webhook applied (twice: the replay is ignored). */
  async function payByCard(checkoutId: number) {
    const { sessionId } = await createStripeSession(db, checkoutId, { baseUrl: "http://localhost" });
    const event = stripe.event("checkout.session.completed", stripe.completeSession(sessionId));
    handleStripeEvent(db, event);
    handleStripeEvent(db, event);
  }

  /** The carrier's events for a parcel, each sent once or twice, some swapped with their neighbour. */
  async function carrierDeliver(orderId: number, returned: boolean) {
    const shipment = shipmentOfOrder(db, orderId)!;
    const code = shipment.trackingCode!;
    const t0 = Date.now();
    const at = (k: number) => new Date(t0 + k * 60_000);
    const bodies: Array<() => Promise<unknown>> = [];
    if (shipment.carrier === "ghn") {
      const path = returned ? ["picking", "picked", "transporting", "delivery_fail", "return", "returned"] : ["picking", "picked", "storing", "transporting", "delivering", "delivered"];
      path.forEach((status, k) => {
        const body = ghn.webhookBody(code, "Switch_status", { status }, at(k));
        bodies.push(() => ghn.send(body));
      });
      if (chance(0.15)) {
        const body = ghn.webhookBody(code, "Update_weight", { weight: shipment.weightGrams + 500 }, at(2));
        bodies.push(() => ghn.send(body));
      }
      if (chance(0.15)) {
        const body = ghn.webhookBody(code, "Update_fee", { totalFee: shipment.feeVnd + 5_000 }, at(3));
        bodies.push(() => ghn.send(body));
      }
    } else {
      const path = returned ? [2, 3, 4, 9, 20, 21] : [2, 3, 4, 5];
      path.forEach((statusId, k) => {
        const form = ghtk.webhookForm(code, { statusId }, at(k));
        bodies.push(() => ghtk.send(form));
      });
      if (chance(0.15)) {
        const form = ghtk.webhookForm(code, { weightGrams: shipment.weightGrams + 500, fee: shipment.feeVnd + 5_000 }, at(3));
        bodies.push(() => ghtk.send(form));
      }
    }
    // Out of order: neighbours swapped now and then; repeats: a third of the events sent twice.
    for (let i = 0; i + 1 < bodies.length; i++) if (chance(0.25)) [bodies[i], bodies[i + 1]] = [bodies[i + 1], bodies[i]];
    for (const send of bodies) {
      await send();
      if (chance(0.33)) await send();
    }
  }

  async function life() {
    tally.lives++;
    const farm = pick(farms);
    const buyer = pick(buyers);
    const household = db.select().from(schema.households).where(eq(schema.households.id, farm.household.id)).get()!;
    const quantity = 2 + Math.floor(random() * 11);
    const method: "card" | "bank_transfer" | "cod" = chance(0.3) ? "card" : chance(0.3) && household.bankAccountNumber ? "bank_transfer" : "cod";
    const subtotalVnd = quantity * farm.listing.priceVnd;

    // Quotes, as the checkout page asks them, timed; the chosen partner's quote signed into the form.
    const started = performance.now();
    const quotes = await quoteFarm({
      from: pickupPlaceOf(db, household.id)!,
      farmPlace: placeOf(db, { name: household.displayName, phone: household.phone, communeCode: household.communeCode, addressLine: household.addressLine }),
      to,
      weightGrams: quantity * 1000,
      subtotalVnd,
      cashOnDelivery: method === "cod",
      own: [pickupCarrier(household.delivery)],
      partners: configuredPartners(),
    });
    quoteMs.push(performance.now() - started);
    const partners = quotes.options.filter((o) => o.partner);
    const partner = chance(0.85) && partners.length > 0 ? pick(partners) : null;
    const at = now();
    const { orders: placed, checkout } = placeCheckout(db, buyer, {
      idempotencyKey: crypto.randomBytes(9).toString("base64url"),
      paymentMethod: method,
      recipientName: to.name,
      recipientPhone: to.phone,
      communeCode: to.communeCode,
      addressLine: to.addressLine,
      lines: [{ listingId: farm.listing.id, quantity, seenPriceVnd: farm.listing.priceVnd }],
      delivery: { [household.id]: partner ? (partner.carrier as "ghn" | "ghtk") : "pickup" },
      partnerQuotes: partner
        ? { [household.id]: signQuote({ householdId: household.id, carrier: partner.carrier, communeCode: to.communeCode, weightGrams: quantity * 1000, feeVnd: partner.feeVnd }, at) }
        : {},
      now: at,
    });
    const order = placed[0];
    const item = db.select().from(schema.orderItems).where(eq(schema.orderItems.orderId, order.id)).get()!;

    if (method === "card") await payByCard(checkout.id);
    if (method === "bank_transfer") markTransferReceived(db, farm.farmer, order.id);

    if (chance(0.04)) {
      tally.rejected++;
      transitionOrder(db, farm.farmer, order.id, "rejected", "Hết hàng đợt này");
      await refundWholeOrder(db, order.id);
      return;
    }
    if (chance(0.04)) {
      tally.cancelled++;
      transitionOrder(db, buyer, order.id, "cancelled", "Đặt nhầm");
      await refundWholeOrder(db, order.id);
      return;
    }
    transitionOrder(db, farm.farmer, order.id, "confirmed");

    // Packed at what the scale says: mostly within ±10 %, sometimes well off.
    const off = chance(0.7) ? (random() - 0.5) * 0.16 : (random() - 0.5) * 0.6;
    const packed = Math.max(0.5, Math.round(quantity * (1 + off) * 100) / 100);
    const typed = { [packedField(item.id)]: String(packed).replace(".", ",") };
    await packOrder(db, farm.farmer, order.id, typed);
    const waiting = waitingAdjustment(db, order.id);
    if (waiting) {
      const r = random();
      if (r < 0.5) {
        tally.accepted++;
        await answerAdjustment(db, waiting.id, "accept");
        await answerAdjustment(db, waiting.id, "accept");
      } else {
        if (r < 0.75) {
          tally.refused++;
          await answerAdjustment(db, waiting.id, "refuse");
        } else {
          tally.lapsed++;
          lapseDueAdjustments(db, new Date(now().getTime() + 25 * 3_600_000));
        }
        // The ordered quantity stands: the farm packs exactly that.
        await packOrder(db, farm.farmer, order.id, { [packedField(item.id)]: String(quantity) });
      }
    }
    if (orderRow(order.id).status !== "packed") throw new Error(`order ${order.code} is ${orderRow(order.id).status} after packing`);

    if (partner) {
      await createShipmentForOrder(db, order.id);
      await createShipmentForOrder(db, order.id);
      if (chance(0.03)) {
        tally.cancelled++;
        transitionOrder(db, buyer, order.id, "cancelled", "Không cần nữa");
        await cancelShipment(db, order.id);
        await refundWholeOrder(db, order.id);
        return;
      }
      const returned = chance(0.05);
      await carrierDeliver(order.id, returned);
      const after = orderRow(order.id);
      if (after.status !== (returned ? "returned" : "delivered")) tally.stateMismatch++;
      if (returned) {
        tally.returned++;
        return;
      }
    } else {
      transitionOrder(db, farm.farmer, order.id, "shipped");
      transitionOrder(db, farm.farmer, order.id, "delivered");
      if (method === "cod") markCashCollected(db, farm.farmer, order.id);
    }
    tally.delivered++;

    // Complaints: agreed by the farm, or disputed and decided by an administrator; each remedy replayed.
    const current = orderRow(order.id);
    if (chance(0.12) && current.status === "delivered") {
      tally.complaints++;
      const full = chance(0.3);
      const amount = Math.max(1_000, Math.round((current.subtotalVnd * (0.1 + random() * 0.3)) / 1_000) * 1_000);
      const complaint = openComplaint(db, buyer, order.id, { reason: "quality", description: "Trái bị dập vài trái.", remedy: full ? "full_refund" : "partial_refund", amount: full ? "" : String(amount) }, []);
      if (chance(0.5)) {
        answerComplaint(db, farm.farmer, complaint.id, { agrees: "yes", answer: "Xin lỗi anh chị, vườn hoàn tiền." });
      } else {
        answerComplaint(db, farm.farmer, complaint.id, { agrees: "no", answer: "Hàng giao đi còn nguyên." });
        decideComplaint(db, admin, complaint.id, { decision: "partial_refund", amount: String(Math.round(amount / 2 / 1_000) * 1_000 || 1_000), reason: "Ảnh cho thấy vài trái dập." });
      }
      await carryOutRemedy(db, complaint.id);
      await carryOutRemedy(db, complaint.id);
      return;
    }
    if (chance(0.9)) transitionOrder(db, buyer, order.id, "completed");
  }

  const t0 = performance.now();
  for (let i = 0; i < ORDERS; i++) await life();
  const run = createPayoutRun(db, admin);
  let runPaidTwice = false;
  if (run) {
    markRunPaid(db, admin, run.runId);
    try {
      markRunPaid(db, admin, run.runId);
      runPaidTwice = true;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  const seconds = (performance.now() - t0) / 1000;

  // --- Checks: nothing refunded twice, the ledger agrees with what happened.
  // What each order's buyer paid (the prepaid total as ordered; the COD a carrier or the farm collected).
  const refundedOrders = db.select().from(schema.orders).where(sql`${schema.orders.id} in (select order_id from refunds)`).all();
  const overRefunded = refundedOrders.filter((o) => amountRefundedVnd(db, o.id) > amountPaidVnd(db, o)).length;
  const stripeRows = db
    .select({ n: sql<number>`count(*)` })
    .from(schema.refunds)
    .where(and(eq(schema.refunds.method, "stripe"), eq(schema.refunds.status, "succeeded")))
    .get()!.n;
  const doubleRefunds = overRefunded + Math.max(0, stripe.refunds.length - stripeRows);
  const count = (table: SQLiteTable) => db.select({ n: sql<number>`count(*)` }).from(table).get()!.n;
  const adjustments = db
    .select({ n: sql<number>`count(*)` })
    .from(schema.weightAdjustments)
    .where(sql`${schema.weightAdjustments.status} in ('applied', 'accepted')`)
    .get()!.n;

  const result = {
    bench: "fulfilment",
    orders: count(schema.orders),
    shipments: count(schema.shipments),
    webhook_events: counts.webhookEvents,
    duplicate_events_ignored: counts.duplicatesIgnored,
    packed_adjustments: adjustments,
    refunds: count(schema.refunds),
    double_refunds: doubleRefunds,
    ledger_mismatch_vnd: ledgerMismatch(db),
    quote_p95_ms: round(percentile(quoteMs, 95)),
    late_events_kept_back: counts.stale,
    complaints: tally.complaints,
    returned: tally.returned,
    order_state_mismatches: tally.stateMismatch,
    payout_run_vnd: run?.totalVnd ?? 0,
    payout_run_paid_twice: runPaidTwice,
    seconds: round(seconds, 1),
  };
  console.log(`lives ${tally.lives}: ${tally.delivered} delivered, ${tally.returned} returned, ${tally.cancelled} cancelled, ${tally.rejected} rejected; packed beyond tolerance: ${tally.accepted} accepted, ${tally.refused} refused, ${tally.lapsed} lapsed; ${tally.complaints} complaints`);
  await Promise.all([ghn.close(), ghtk.close(), stripe.close()]);
  db.$client.close();
  if (!args.has("keep")) fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
