import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startStripeFake, type StripeFake } from "../../tests/stripe-fake";
import { farmShipping, jobs, orderEvents, orderItems, orders, outbox, refunds, shipments, weightAdjustments } from "../../db/schema";
import { AppError } from "~/lib/errors";
import { SHIPPING_JOBS } from "~/shipping/jobs";
import { createStripeSession } from "~/payments/card.server";
import { markTransferReceived } from "~/payments/payments.server";
import { useStripe } from "~/payments/test-fixtures";
import { handleStripeEvent } from "~/payments/webhook.server";
import { placeCheckout } from "./checkout.server";
import { adjustmentByToken, answerAdjustment, lapseDueAdjustments, packedField, packOrder, previewPacking } from "./packing.server";
import { jobHandler } from "~/jobs/registry.server";
import { testContext } from "~/accounts/test-utils";
import "./packing-jobs.server";
import { retryPackedRefunds } from "./packing-money.server";
import { PACKING_LAPSE_JOB } from "./packing-schedule.server";
import { farmOrders, packingList } from "./queries.server";
import { transitionOrder } from "./state-machine.server";
import { addListingTo, buyer, checkoutInput, farmWithListing, giveBankAccount } from "./test-fixtures";
import { makeUser, testPhone } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { registerHouseholdByOfficer } from "~/households/registration.server";
import { input } from "~/households/test-fixtures";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { listingInput } from "~/listings/test-utils";

const db = freshTestDb({ adminUnits: true });
let fake: StripeFake;
beforeAll(async () => {
  fake = await startStripeFake();
  useStripe(fake.url);
});
afterAll(async () => {
  await fake.close();
  useStripe(null);
  db.cleanup();
});

type Method = "cod" | "card" | "bank_transfer";

/** A confirmed order of 10 kg at 20.000 ₫/kg (step 0,5 kg) and 3 counted boxes at 50.000 ₫, picked up. */
async function confirmedOrder(options: { method?: Method; carrier?: "ghn" | "farm"; tolerance?: number } = {}) {
  const method = options.method ?? "cod";
  const farm = await farmWithListing(db, { priceVnd: 30_000, stock: 100 });
  const boxes = addListingTo(db, farm.farmer, farm.household.id, { priceVnd: 50_000, stock: 100, title: "Hộp quà OCOP", unit: "box" });
  const weighed = addListingTo(db, farm.farmer, farm.household.id, { priceVnd: 20_000, stock: 500, title: "Xoài cát Hòa Lộc", unit: "kg", quantityStep: 0.5 });
  if (method === "bank_transfer") giveBankAccount(db, farm.household.id);
  if (options.tolerance !== undefined) db.insert(farmShipping).values({ householdId: farm.household.id, weightTolerancePct: options.tolerance }).run();
  const user = await buyer(db);
  const placed = placeCheckout(db, user, checkoutInput(db, [{ listingId: weighed.id, quantity: 10 }, { listingId: boxes.id, quantity: 3 }], { paymentMethod: method }));
  const order = placed.orders[0];
  if (method === "card") {
    const { sessionId } = await createStripeSession(db, placed.checkout.id, { baseUrl: "http://localhost:3000" });
    handleStripeEvent(db, fake.event("checkout.session.completed", fake.completeSession(sessionId)));
  }
  if (method === "bank_transfer") markTransferReceived(db, farm.farmer, order.id);
  // The farm's weight of one box, as checkout records it with the line.
  db.update(orderItems).set({ unitWeightGrams: 500 }).where(and(eq(orderItems.orderId, order.id), eq(orderItems.listingId, boxes.id))).run();
  if (options.carrier) db.update(orders).set({ carrier: options.carrier }).where(eq(orders.id, order.id)).run();
  transitionOrder(db, farm.farmer, order.id, "confirmed");
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).orderBy(orderItems.id).all();
  const kg = items.find((i) => i.unit === "kg")!;
  return { ...farm, user, order: orderRow(order.id), kg, box: items.find((i) => i.unit !== "kg")! };
}

const orderRow = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
const adjustmentsOf = (orderId: number) => db.select().from(weightAdjustments).where(eq(weightAdjustments.orderId, orderId)).all();
const kindsOf = (orderId: number) =>
  db
    .select({ kind: orderEvents.kind })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .all()
    .map((e) => e.kind)
    .filter(Boolean);
const messagesOf = (template: string) => db.select().from(outbox).where(eq(outbox.template, template)).all();
const jobsOf = (kind: string, orderId: number) => db.select().from(jobs).where(eq(jobs.kind, kind)).all().filter((j) => (j.payload as { orderId?: number }).orderId === orderId);

async function refusal(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("packOrder", () => {
  it("packed as ordered: just packed, no adjustment, no packing message", async () => {
    const { farmer, order, kg } = await confirmedOrder();
    expect(await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "10" })).toEqual({ outcome: "packed" });
    const after = orderRow(order.id);
    expect(after.status).toBe("packed");
    expect(after.packedAt).not.toBeNull();
    expect(after.totalVnd).toBe(order.totalVnd);
    expect(adjustmentsOf(order.id)).toHaveLength(0);
    expect(messagesOf("packing.applied.buyer").filter((m) => m.body.includes(order.code))).toHaveLength(0);
    expect(messagesOf("order.packed.buyer").some((m) => m.body.includes(order.code))).toBe(true);
  });

  it("within tolerance: lines and totals take the packed figures, ordered ones kept, buyer told with both totals, shipment queued for a partner carrier", async () => {
    const { farmer, order, kg, box } = await confirmedOrder({ carrier: "ghn" });
    const outcome = await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,5" });
    expect(outcome.outcome).toBe("applied");
    const line = db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()!;
    expect(line).toMatchObject({ quantity: 9.5, lineTotalVnd: 190_000, orderedQuantity: 10, orderedLineTotalVnd: 200_000 });
    expect(db.select().from(orderItems).where(eq(orderItems.id, box.id)).get()!.quantity).toBe(3);
    const after = orderRow(order.id);
    expect(after).toMatchObject({ status: "packed", subtotalVnd: order.subtotalVnd - 10_000, totalVnd: order.totalVnd - 10_000 });
    expect(after.weightGrams).toBe(9_500 + 1_500);
    expect(adjustmentsOf(order.id)).toMatchObject([{ status: "applied", oldTotalVnd: order.totalVnd, newTotalVnd: order.totalVnd - 10_000, tokenHash: null }]);
    expect(kindsOf(order.id)).toContain("packed.within_tolerance");
    const message = messagesOf("packing.applied.buyer").find((m) => m.body.includes(order.code))!;
    expect(message.body).toContain("340.000");
    expect(message.body).toContain("350.000");
    expect(jobsOf(SHIPPING_JOBS.create, order.id)).toHaveLength(1);
  });

  it("the farm's own delivery queues no shipment; the farm's tolerance is used", async () => {
    const { farmer, order, kg } = await confirmedOrder({ carrier: "farm", tolerance: 2 });
    const outcome = await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,5" });
    expect(outcome.outcome).toBe("awaiting");
    expect(jobsOf(SHIPPING_JOBS.create, order.id)).toHaveLength(0);
  });

  it("bad input is refused with the quantity reader's message on the line's field, nothing written", async () => {
    const { farmer, order, kg } = await confirmedOrder();
    const field = packedField(kg.id);
    const cases: Array<[string, string]> = [
      ["9.5", "common:numberInput.dotDecimalSuggest"],
      ["2,500", "common:numberInput.ambiguousCommaSuggest"],
      ["-9", "common:numberInput.negative"],
      ["0", "common:numberInput.zero"],
      ["9,3456", "common:numberInput.tooPrecise"],
      ["", "common:numberInput.empty"],
    ];
    for (const [typed, key] of cases) {
      const error = await refusal(() => packOrder(db, farmer, order.id, { [field]: typed }));
      expect([typed, error.messageKey, error.field]).toEqual([typed, key, field]);
    }
    expect(orderRow(order.id).status).toBe("confirmed");
    expect(adjustmentsOf(order.id)).toHaveLength(0);
  });

  it("reads what the scale says, to the gram, whatever step the listing sells in", async () => {
    const { farmer, order, kg } = await confirmedOrder();
    await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,35 kg" });
    expect(orderRow(order.id).status).toBe("packed");
    expect(db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()?.quantity).toBe(9.35);
  });

  it("only the farm's step: the buyer and a stranger are refused by transitionOrder's rules", async () => {
    const { order, kg, user } = await confirmedOrder();
    expect((await refusal(() => packOrder(db, user, order.id, { [packedField(kg.id)]: "9,5" }))).status).toBe(403);
    const stranger = await buyer(db);
    expect((await refusal(() => packOrder(db, stranger, order.id, { [packedField(kg.id)]: "9,5" }))).status).toBe(404);
  });

  it("previewPacking says what would happen and writes nothing", async () => {
    const { farmer, order, kg } = await confirmedOrder();
    const figures = previewPacking(db, farmer, order.id, { [packedField(kg.id)]: "12" });
    expect(figures).toMatchObject({ withinTolerance: false, newTotalVnd: order.totalVnd + 40_000, capped: false });
    expect(adjustmentsOf(order.id)).toHaveLength(0);
  });
});

describe("beyond tolerance: the buyer answers", () => {
  async function waiting(method: Method = "cod", packed = "8") {
    const setup = await confirmedOrder({ method, carrier: "ghn" });
    const outcome = await packOrder(db, setup.farmer, setup.order.id, { [packedField(setup.kg.id)]: packed });
    if (outcome.outcome !== "awaiting") throw new Error(`expected awaiting, got ${outcome.outcome}`);
    return { ...setup, ...outcome };
  }

  it("asks by a link: only the token's sha256 stored, 24 h, order stays confirmed with ordered lines, lapse job queued", async () => {
    const { order, token, adjustmentId, kg } = await waiting();
    const row = adjustmentsOf(order.id)[0];
    expect(row).toMatchObject({ id: adjustmentId, status: "awaiting_buyer" });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(adjustmentByToken(db, token)?.id).toBe(adjustmentId);
    expect(adjustmentByToken(db, `${token}x`)).toBeUndefined();
    expect(orderRow(order.id).status).toBe("confirmed");
    expect(db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()!.quantity).toBe(10);
    const message = messagesOf("packing.awaiting.buyer").find((m) => m.body.includes(order.code))!;
    expect(message.body).toContain(`/don-hang/can-lai/${token}`);
    expect(db.select().from(jobs).where(and(eq(jobs.kind, PACKING_LAPSE_JOB), eq(jobs.status, "queued"))).all().length).toBeGreaterThan(0);
    expect(kindsOf(order.id)).toContain("packed.awaiting_buyer");
  });

  it("a second packing while waiting is refused", async () => {
    const { farmer, order, kg } = await waiting();
    expect((await refusal(() => packOrder(db, farmer, order.id, { [packedField(kg.id)]: "10" }))).messageKey).toBe("shipping:packing.errors.awaitingBuyer");
  });

  it("accept: applied and packed as the farm's step, shipment queued, farm told; a second answer changes nothing", async () => {
    const { order, adjustmentId, kg } = await waiting();
    const first = await answerAdjustment(db, adjustmentId, "accept");
    expect(first.outcome).toBe("accepted");
    const after = orderRow(order.id);
    expect(after).toMatchObject({ status: "packed", totalVnd: order.totalVnd - 40_000 });
    expect(db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()).toMatchObject({ quantity: 8, orderedQuantity: 10 });
    expect(db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "packed"), eq(orderEvents.fromStatus, "confirmed"))).get()?.actorRole).toBe("farm");
    expect(jobsOf(SHIPPING_JOBS.create, order.id)).toHaveLength(1);
    expect(messagesOf("packing.accepted.farm").some((m) => m.body.includes(order.code))).toBe(true);
    expect((await answerAdjustment(db, adjustmentId, "refuse")).outcome).toBe("already");
    expect(orderRow(order.id).status).toBe("packed");
  });

  it("refuse: ordered quantities stand, farm told to pack them, and can then pack as ordered", async () => {
    const { farmer, order, adjustmentId, kg } = await waiting();
    expect((await answerAdjustment(db, adjustmentId, "refuse")).outcome).toBe("refused");
    expect(orderRow(order.id)).toMatchObject({ status: "confirmed", totalVnd: order.totalVnd });
    expect(db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()!.quantity).toBe(10);
    expect(messagesOf("packing.refused.farm").some((m) => m.body.includes(order.code))).toBe(true);
    expect(kindsOf(order.id)).toContain("packed.refused");
    expect((await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "10" })).outcome).toBe("packed");
  });

  it("unanswered: lapses at expiry (not before), both told; a late accept finds it lapsed", async () => {
    const { order, adjustmentId } = await waiting();
    const expiresAt = adjustmentsOf(order.id)[0].expiresAt!;
    lapseDueAdjustments(db, new Date(expiresAt.getTime() - 1000));
    expect(adjustmentsOf(order.id)[0].status).toBe("awaiting_buyer");
    expect(lapseDueAdjustments(db, expiresAt).lapsed).toBeGreaterThanOrEqual(1);
    expect(adjustmentsOf(order.id)[0].status).toBe("lapsed");
    expect(orderRow(order.id)).toMatchObject({ status: "confirmed", totalVnd: order.totalVnd });
    expect(messagesOf("packing.lapsed.buyer").some((m) => m.body.includes(order.code))).toBe(true);
    expect(messagesOf("packing.lapsed.farm").some((m) => m.body.includes(order.code))).toBe(true);
    expect((await answerAdjustment(db, adjustmentId, "accept")).outcome).toBe("already");
    expect(lapseDueAdjustments(db, expiresAt).lapsed).toBe(0);
  });

  it("the worker's packing job lapses what is due at its run and queues itself for the next expiry", async () => {
    const { order } = await waiting();
    const expiresAt = adjustmentsOf(order.id)[0].expiresAt!;
    const run = jobHandler(PACKING_LAPSE_JOB)!;
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(expiresAt);
      const result = (await run({} as never, { db, progress: () => {}, log: testContext().log })) as { lapsed: number };
      expect(result.lapsed).toBeGreaterThanOrEqual(1);
    } finally {
      vi.useRealTimers();
    }
    expect(adjustmentsOf(order.id)[0].status).toBe("lapsed");
  });

  it("a card order that ends lighter is refunded the difference once: a replayed accept refunds nothing", async () => {
    const { order, adjustmentId } = await waiting("card");
    const before = fake.refunds.length;
    await answerAdjustment(db, adjustmentId, "accept");
    await answerAdjustment(db, adjustmentId, "accept");
    const mine = fake.refunds.slice(before).filter((r) => r.metadata?.order_id === String(order.id));
    expect(mine.map((r) => r.amount)).toEqual([40_000]);
    const rows = db.select().from(refunds).where(eq(refunds.orderId, order.id)).all();
    expect(rows).toMatchObject([{ cause: "packed_weight", causeRef: String(adjustmentId), amountVnd: 40_000, method: "stripe", status: "succeeded" }]);
    expect(kindsOf(order.id)).toContain("refund.card");
  });
});

describe("money", () => {
  it("a card refund that fails (Stripe unreachable) is kept failed, the packing job queued, and the retry refunds once", async () => {
    const { farmer, order, kg } = await confirmedOrder({ method: "card" });
    useStripe("http://127.0.0.1:1");
    const outcome = await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,5" });
    useStripe(fake.url);
    expect(outcome).toMatchObject({ outcome: "applied", refundPending: true });
    expect(db.select().from(refunds).where(eq(refunds.orderId, order.id)).all()).toMatchObject([{ status: "failed", amountVnd: 10_000 }]);
    expect(db.select().from(jobs).where(and(eq(jobs.kind, PACKING_LAPSE_JOB), eq(jobs.status, "queued"))).all().length).toBeGreaterThan(0);
    const before = fake.refunds.length;
    expect(await retryPackedRefunds(db)).toBeGreaterThanOrEqual(1);
    await retryPackedRefunds(db);
    expect(fake.refunds.slice(before).filter((r) => r.metadata?.order_id === String(order.id)).map((r) => r.amount)).toEqual([10_000]);
    expect(db.select().from(refunds).where(eq(refunds.orderId, order.id)).all()).toMatchObject([{ status: "succeeded" }]);
  });

  it("a transfer order packed lighter within tolerance: the farm owes the difference back", async () => {
    const { farmer, order, kg } = await confirmedOrder({ method: "bank_transfer" });
    await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,5" });
    expect(db.select().from(refunds).where(eq(refunds.orderId, order.id)).all()).toMatchObject([{ amountVnd: 10_000, method: "farm_owes", status: "owed" }]);
    expect(kindsOf(order.id)).toContain("refund.owed");
  });

  it("a prepaid order packed heavier is not charged more: the total stays what was paid", async () => {
    const { farmer, order, kg } = await confirmedOrder({ method: "bank_transfer" });
    await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "10,5" });
    expect(orderRow(order.id)).toMatchObject({ status: "packed", totalVnd: order.totalVnd });
    expect(db.select().from(orderItems).where(eq(orderItems.id, kg.id)).get()!.quantity).toBe(10.5);
    expect(messagesOf("packing.applied.buyerCapped").some((m) => m.body.includes(order.code))).toBe(true);
    expect(db.select().from(refunds).where(eq(refunds.orderId, order.id)).all()).toHaveLength(0);
  });

  it("a cash order whose shipment exists before pick-up: the COD update is queued", async () => {
    const { farmer, order, kg, household } = await confirmedOrder({ carrier: "ghn" });
    db.insert(shipments).values({ orderId: order.id, householdId: household.id, carrier: "ghn", clientCode: order.code, status: "created", codVnd: order.totalVnd, weightGrams: 10_000 }).run();
    await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "10,5" });
    expect(orderRow(order.id).totalVnd).toBe(order.totalVnd + 10_000);
    expect(jobsOf(SHIPPING_JOBS.updateCod, order.id)).toHaveLength(1);
  });
});

describe("reports read packed quantities", () => {
  it("the farm's order list total and the packing list show the packed figures", async () => {
    const { farmer, order, kg, household } = await confirmedOrder();
    await packOrder(db, farmer, order.id, { [packedField(kg.id)]: "9,5" });
    expect(farmOrders(db, household.id).find((o) => o.id === order.id)?.totalVnd).toBe(order.totalVnd - 10_000);
    const line = packingList(db, household.id).lines.find((l) => l.listingId === kg.listingId);
    expect(line?.quantity).toBe(9.5);
  });
});

describe("on behalf of a farm nobody has claimed", () => {
  it("the area's officer packs as the farm's step (recorded on behalf); an officer of another area cannot; the buyer's accept is taken as the officer's step", async () => {
    const officer = await makeUser(db, "officer");
    assignOfficerAreas(db, officer.id, [{ kind: "province", code: "82" }]);
    const outsider = await makeUser(db, "officer");
    assignOfficerAreas(db, outsider.id, [{ kind: "province", code: "86" }]);
    const household = registerHouseholdByOfficer(db, officer, {
      ...input({ phone: testPhone(), displayName: "Vườn sầu riêng Ba Tâm", representativeName: "Trần Văn Tâm" }),
      consentAt: new Date("2026-03-01T02:00:00Z"),
      consentSource: "Phiếu đồng ý giấy",
    });
    verifyHousehold(db, officer, household.id, { method: "in_person_id_card" });
    const listing = createListing(db, officer, household.id, listingInput({ title: "Sầu riêng Ri6", minOrder: 1, stock: 50, priceVnd: 100_000 }));
    setListingStatus(db, officer, listing.id, "published");
    const user = await buyer(db);
    const [order] = placeCheckout(db, user, checkoutInput(db, [{ listingId: listing.id, quantity: 10 }])).orders;
    transitionOrder(db, officer, order.id, "confirmed");
    const item = db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).get()!;

    expect((await refusal(() => packOrder(db, outsider, order.id, { [packedField(item.id)]: "8" }))).status).toBe(404);
    const outcome = await packOrder(db, officer, order.id, { [packedField(item.id)]: "8" });
    if (outcome.outcome !== "awaiting") throw new Error("expected a request to the buyer");
    await answerAdjustment(db, outcome.adjustmentId, "accept");
    const step = db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.toStatus, "packed"), eq(orderEvents.fromStatus, "confirmed"))).get()!;
    expect(step).toMatchObject({ actorUserId: officer.id, actorRole: "farm", onBehalf: true });
    expect(orderRow(order.id)).toMatchObject({ status: "packed", totalVnd: order.totalVnd - 200_000 });
  });
});
