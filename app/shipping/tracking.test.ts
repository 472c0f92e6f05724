import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { startGhnFake, type GhnFake } from "../../tests/fakes/ghn";
import { ledgerEntries, orders, shipments } from "../../db/schema";
import { getRequest, routeArgs, signIn } from "~/accounts/test-utils";
import { jobHandler } from "~/jobs/registry.server";
import type { Job } from "~/jobs/queue.server";
import { loader as buyerLoader } from "~/routes/don-hang.$code";
import { loader as farmLoader } from "~/routes/ban-hang.don-hang.$code";
import { SHIPPING_JOBS } from "./jobs";
import "./jobs.server";
import { GHN_SHOP_ID, GHN_TOKEN, ghnPlacesFor, packedOrder, shippingFarm, useCarriers, type TestFarm } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let ghn: GhnFake;
let farm: TestFarm;

beforeAll(async () => {
  ghn = await startGhnFake({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, places: ghnPlacesFor(db) });
  useCarriers({ ghn: ghn.url });
  farm = await shippingFarm(db);
});
afterAll(async () => {
  await ghn.close();
  useCarriers({});
  db.cleanup();
});

/** Runs a shipping job's handler as the worker would. */
function runJob(kind: string, orderId: number) {
  const handler = jobHandler(kind);
  if (!handler) throw new Error(`no handler for ${kind}`);
  return handler({ id: 1, kind, payload: { orderId } } as unknown as Job, { db, progress: () => {}, log: pino({ level: "silent" }) });
}

describe("shipping jobs and the order pages", () => {
  it("the create job ships the packed order once; both pages show the parcel, the farm's with fee and label", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const first = await runJob(SHIPPING_JOBS.create, order.id);
    const again = await runJob(SHIPPING_JOBS.create, order.id);
    expect(again).toEqual(first);
    expect(db.select().from(shipments).where(eq(shipments.orderId, order.id)).all()).toHaveLength(1);

    const farmCookie = await signIn(db, farm.farmer.id);
    const farmPage = await (await farmLoader(routeArgs(getRequest(`/ban-hang/don-hang/${order.code}`, farmCookie), { code: order.code }) as never)).json();
    expect(farmPage.shipment).toMatchObject({ carrier: "ghn", status: "created", codVnd: order.totalVnd });
    expect(farmPage.shipment!.feeVnd).toBeGreaterThan(0);
    expect(farmPage.shipment!.labelUrl).toContain("printA5");

    const buyerCookie = await signIn(db, order.buyerUserId);
    const buyerPage = await (await buyerLoader(routeArgs(getRequest(`/don-hang/${order.code}`, buyerCookie), { code: order.code }) as never)).json();
    expect(buyerPage.shipment).toMatchObject({ carrier: "ghn", trackingCode: farmPage.shipment!.trackingCode, feeVnd: null, labelUrl: null });
    expect(buyerPage.shipment!.trackingUrl).toContain(farmPage.shipment!.trackingCode);
  });

  it("the cancel job cancels at GHN and gives the fee back; the update-COD job sends the new amount", async () => {
    const order = await packedOrder(db, farm, "ghn");
    await runJob(SHIPPING_JOBS.create, order.id);
    const shipment = db.select().from(shipments).where(eq(shipments.orderId, order.id)).get()!;
    db.update(orders).set({ totalVnd: order.totalVnd - 5_000 }).where(eq(orders.id, order.id)).run();
    await runJob(SHIPPING_JOBS.updateCod, order.id);
    expect(ghn.orders.find((o) => o.orderCode === shipment.trackingCode)!.codAmount).toBe(order.totalVnd - 5_000);
    await runJob(SHIPPING_JOBS.cancel, order.id);
    await runJob(SHIPPING_JOBS.cancel, order.id);
    expect(ghn.orders.find((o) => o.orderCode === shipment.trackingCode)!.status).toBe("cancel");
    const entries = db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.id)).all();
    expect(entries.map((e) => e.amountVnd)).toEqual([-shipment.feeVnd, shipment.feeVnd]);
  });

  it("an order without a shipment shows no panel", async () => {
    const order = await packedOrder(db, farm, "ghn");
    const cookie = await signIn(db, order.buyerUserId);
    const page = await (await buyerLoader(routeArgs(getRequest(`/don-hang/${order.code}`, cookie), { code: order.code }) as never)).json();
    expect(page.shipment).toBeNull();
  });
});
