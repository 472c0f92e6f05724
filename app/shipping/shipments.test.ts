import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startGhnFake, type GhnFake } from "../../tests/fakes/ghn";
import { startGhtkFake, type GhtkFake } from "../../tests/fakes/ghtk";
import { jobs, ledgerEntries, orderEvents, orders, shipmentEvents, shipments } from "../../db/schema";
import { makeUser, routeArgs } from "~/accounts/test-utils";
import { transitionOrder } from "~/orders/state-machine.server";
import { ledgerBalance } from "~/payments/ledger.server";
import { ledgerMismatch } from "~/payments/reconcile.server";
import { action } from "~/routes/webhooks.carriers.$carrier";
import { SHIPPING_JOBS } from "./jobs";
import { cancelShipment, createShipmentForOrder, updateShipmentCod } from "./shipments.server";
import { GHN_SHOP_ID, GHN_TOKEN, GHTK_TOKEN, ghnPlacesFor, packedOrder, shippingFarm, TEST_CARRIER_SECRET, useCarriers, type TestFarm } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let ghn: GhnFake;
let ghtk: GhtkFake;
let farm: TestFarm;

/** The carriers' callbacks go straight into the route's action, as the network would deliver them. */
const intoRoute = (request: Request) => {
  const carrier = new URL(request.url).pathname.split("/").pop()!;
  return action(routeArgs(request, { carrier }) as never);
};
const url = (carrier: string, token = TEST_CARRIER_SECRET) => `http://localhost/webhooks/carriers/${carrier}?token=${token}`;

beforeAll(async () => {
  ghn = await startGhnFake({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, places: ghnPlacesFor(db), callbackUrl: url("ghn"), sendCallback: intoRoute, retryIntervalMs: 1 });
  ghtk = await startGhtkFake({ token: GHTK_TOKEN, callbackUrl: url("ghtk"), sendCallback: intoRoute, retryIntervalMs: 1 });
  useCarriers({ ghn: ghn.url, ghtk: ghtk.url });
  farm = await shippingFarm(db);
});
afterAll(async () => {
  await ghn.close();
  await ghtk.close();
  useCarriers({});
  db.cleanup();
});

const orderOf = (id: number) => db.select().from(orders).where(eq(orders.id, id)).get()!;
const ledgerOf = (shipmentId: number) => db.select().from(ledgerEntries).where(like(ledgerEntries.sourceKey, `%:${shipmentId}%`)).all();
const timelineKinds = (orderId: number) =>
  db.select({ kind: orderEvents.kind }).from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(orderEvents.id).all().map((e) => e.kind).filter(Boolean);

describe("creating a shipment", () => {
  it("creates it once: a second call returns the same row, the carrier has one parcel, the fee is on the ledger once", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const first = (await createShipmentForOrder(db, order.id))!;
    const again = (await createShipmentForOrder(db, order.id))!;
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ carrier: "ghn", clientCode: order.code, codVnd: order.totalVnd, status: "created" });
    expect(ghn.orders.filter((o) => o.clientOrderCode === order.code)).toHaveLength(1);
    expect(ledgerOf(first.id).map((e) => [e.sourceKey, e.amountVnd])).toEqual([[`carrier_fee:${first.id}`, -first.feeVnd]]);
    expect(timelineKinds(order.id)).toEqual(["shipment.created"]);
  });

  it("a prepaid order carries no COD; a lost answer (row missing here) finds the carrier's first parcel", async () => {
    const order = await packedOrder(db, farm, "ghtk", "bank_transfer");
    const first = (await createShipmentForOrder(db, order.id))!;
    expect(first.codVnd).toBe(0);
    db.delete(ledgerEntries).where(eq(ledgerEntries.sourceKey, `carrier_fee:${first.id}`)).run();
    db.delete(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "shipment.created"))).run();
    db.delete(shipments).where(eq(shipments.id, first.id)).run();
    const again = (await createShipmentForOrder(db, order.id))!;
    expect(again.trackingCode).toBe(first.trackingCode);
    expect(ghtk.orders.filter((o) => o.partnerId === order.code)).toHaveLength(1);
  });

  it("updates the COD after a packed weight, and cancels with the fee given back once", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    db.update(orders).set({ totalVnd: order.totalVnd - 10_000 }).where(eq(orders.id, order.id)).run();
    expect((await updateShipmentCod(db, order.id))!.codVnd).toBe(order.totalVnd - 10_000);
    expect(ghn.orders.find((o) => o.orderCode === shipment.trackingCode)!.codAmount).toBe(order.totalVnd - 10_000);
    expect(await cancelShipment(db, order.id)).not.toBeNull();
    expect(await cancelShipment(db, order.id)).toBeNull();
    expect(ledgerOf(shipment.id).reduce((sum, e) => sum + e.amountVnd, 0)).toBe(0);
  });

  it("a parcel the carrier cancels (its webhook, twice) gives the fee back once, and the ledger still agrees", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    const cancel = ghn.webhookBody(shipment.trackingCode!, "Switch_status", { status: "cancel" }, new Date(Date.UTC(2026, 11, 1, 3, 0)));
    await ghn.send(cancel);
    await ghn.send(cancel);
    expect(db.select().from(shipments).where(eq(shipments.id, shipment.id)).get()!.status).toBe("cancelled");
    expect(ledgerOf(shipment.id).reduce((sum, e) => sum + e.amountVnd, 0)).toBe(0);
    expect(ledgerMismatch(db)).toBe(0);
  });

  it("queues the carrier's cancellation when a packed order is cancelled", async () => {
    const order = await packedOrder(db, farm, "ghn");
    transitionOrder(db, await makeUser(db, "admin"), order.id, "cancelled", "Hết hàng");
    const queued = db.select().from(jobs).where(eq(jobs.kind, SHIPPING_JOBS.cancel)).all();
    expect(queued.some((j) => (j.payload as { orderId: number }).orderId === order.id)).toBe(true);
    expect(await createShipmentForOrder(db, order.id)).toBeNull();
  });
});

describe("carrier webhooks", () => {
  it("GHN: moves the order through shipped and delivered, records the COD once, ignores repeats and late events", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    const code = shipment.trackingCode!;
    const t = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 2, minutes));
    const picked = ghn.webhookBody(code, "Switch_status", { status: "picked" }, t(0));
    const transporting = ghn.webhookBody(code, "Switch_status", { status: "transporting" }, t(10));
    const delivered = ghn.webhookBody(code, "Switch_status", { status: "delivered" }, t(30));
    // Delivered first, then the older ones, then everything again.
    for (const body of [delivered, picked, transporting, delivered, picked]) expect((await ghn.send(body)).statuses).toEqual([200]);
    expect(orderOf(order.id)).toMatchObject({ status: "delivered", paymentStatus: "paid" });
    const row = db.select().from(shipments).where(eq(shipments.id, shipment.id)).get()!;
    expect(row).toMatchObject({ status: "delivered", codCollectedVnd: order.totalVnd });
    expect(ledgerOf(shipment.id).map((e) => [e.kind, e.amountVnd])).toEqual([
      ["carrier_fee", -shipment.feeVnd],
      ["cod_collected", order.totalVnd],
    ]);
    const events = db.select().from(shipmentEvents).where(eq(shipmentEvents.shipmentId, shipment.id)).orderBy(shipmentEvents.id).all();
    expect(events.map((e) => [e.carrierStatus, e.applied])).toEqual([
      ["delivered", true],
      ["picked", false],
      ["transporting", false],
    ]);
    expect(timelineKinds(order.id).filter((k) => k!.startsWith("shipment."))).toEqual(["shipment.created", "shipment.delivered", "shipment.cod_collected"]);
  });

  it("GHN: a fee correction is charged as the difference, once; an older correction changes nothing", async () => {
    const order = await packedOrder(db, farm, "ghn", "bank_transfer");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    const before = ledgerBalance(db, farm.household.id);
    const later = ghn.webhookBody(shipment.trackingCode!, "Update_fee", { totalFee: shipment.feeVnd + 5_000 }, new Date(Date.UTC(2026, 11, 2)));
    const older = ghn.webhookBody(shipment.trackingCode!, "Update_fee", { totalFee: shipment.feeVnd + 1_000 }, new Date(Date.UTC(2026, 11, 1)));
    for (const body of [later, later, older]) await ghn.send(body);
    expect(ledgerBalance(db, farm.household.id) - before).toBe(-5_000);
    expect(db.select().from(shipments).where(eq(shipments.id, shipment.id)).get()!.feeVnd).toBe(shipment.feeVnd + 5_000);
  });

  it("GHTK: a returned parcel returns the order; weight corrections are recorded", async () => {
    const order = await packedOrder(db, farm, "ghtk");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    const label = shipment.trackingCode!;
    await ghtk.send(ghtk.webhookForm(label, { statusId: 3, weightGrams: 2_500 }, new Date(Date.UTC(2026, 11, 1, 1))));
    expect(orderOf(order.id).status).toBe("shipped");
    await ghtk.send(ghtk.webhookForm(label, { statusId: 20 }, new Date(Date.UTC(2026, 11, 2))));
    const answer = await ghtk.send(ghtk.webhookForm(label, { statusId: 21 }, new Date(Date.UTC(2026, 11, 3))));
    expect(answer.statuses).toEqual([200]);
    expect(orderOf(order.id).status).toBe("returned");
    expect(db.select().from(shipments).where(eq(shipments.id, shipment.id)).get()).toMatchObject({ status: "returned", weightGrams: 2_500, codCollectedVnd: null });
  });

  it("GHTK resends until it gets a 200: a webhook lost twice on the way is applied once when it arrives", async () => {
    const order = await packedOrder(db, farm, "ghtk");
    const shipment = (await createShipmentForOrder(db, order.id))!;
    let lost = 2;
    const flaky = await startGhtkFake({
      token: GHTK_TOKEN,
      callbackUrl: url("ghtk"),
      retryIntervalMs: 1,
      sendCallback: async (request) => (lost-- > 0 ? new Response("Bad Gateway", { status: 502 }) : intoRoute(request)),
    });
    try {
      const form = ghtk.webhookForm(shipment.trackingCode!, { statusId: 3 }, new Date(Date.UTC(2026, 11, 4)));
      expect(await flaky.send(form)).toEqual({ statuses: [502, 502, 200], delivered: true });
      expect((await flaky.send(form)).statuses).toEqual([200]);
    } finally {
      await flaky.close();
    }
    expect(orderOf(order.id).status).toBe("shipped");
    const stored = db.select().from(shipmentEvents).where(and(eq(shipmentEvents.shipmentId, shipment.id), eq(shipmentEvents.kind, "status"))).all();
    expect(stored).toHaveLength(1);
  });

  it("answers 401 to a wrong secret (GHN retries it 10 times), 400 to an unreadable body, 404 to an unknown carrier", async () => {
    const wrong = await startGhnFake({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, places: [], callbackUrl: url("ghn", "not-the-secret-at-all"), sendCallback: intoRoute, retryIntervalMs: 1 });
    try {
      const body = { Type: "Switch_status", OrderCode: "GHN-NONE", Status: "picked", Time: new Date().toISOString() };
      const sent = await wrong.send(body);
      expect(sent).toEqual({ statuses: Array(10).fill(401), delivered: false });
    } finally {
      await wrong.close();
    }
    const post = (carrier: string, body: string) => intoRoute(new Request(url(carrier), { method: "POST", body }));
    expect((await post("ghn", "{not json")).status).toBe(400);
    expect((await post("ghtk", "label_id=&status_id=x")).status).toBe(400);
    expect((await post("viettel", "{}")).status).toBe(404);
    const unknown = await post("ghn", JSON.stringify({ Type: "Switch_status", OrderCode: "GHN-NONE", Status: "picked" }));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toMatchObject({ unknown: 1 });
  });
});
