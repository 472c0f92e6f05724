/**
 * The ledger against the shipping capability's own entries, with the carriers' local fakes: a GHN
 * parcel delivered with its COD by webhook, a fee correction, a parcel cancelled with its fee given
 * back, a GHTK parcel remitted by the reconciliation file and then by its webhook (counted once),
 * and a complaint refund of COD the platform holds. The recomputed balance agrees at every step.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerEntries, shipments } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { startGhnFake, type GhnFake } from "../../tests/fakes/ghn";
import { startGhtkFake, type GhtkFake } from "../../tests/fakes/ghtk";
import { makeUser, routeArgs } from "~/accounts/test-utils";
import { action } from "~/routes/webhooks.carriers.$carrier";
import { cancelShipment, createShipmentForOrder } from "~/shipping/shipments.server";
import { GHN_SHOP_ID, GHN_TOKEN, GHTK_TOKEN, ghnPlacesFor, packedOrder, shippingFarm, TEST_CARRIER_SECRET, useCarriers, type TestFarm } from "~/shipping/test-fixtures";
import { importCarrierRemittance } from "./carrier-remittance.server";
import { ledgerBalance } from "./ledger.server";
import { ledgerMismatch, recomputedBalance } from "./reconcile.server";
import { refundOrderAmount } from "./refunds.server";

const db = freshTestDb({ adminUnits: true });
let ghn: GhnFake;
let ghtk: GhtkFake;
let farm: TestFarm;

const intoRoute = (request: Request) => action(routeArgs(request, { carrier: new URL(request.url).pathname.split("/").pop()! }) as never);
const url = (carrier: string) => `http://localhost/webhooks/carriers/${carrier}?token=${TEST_CARRIER_SECRET}`;

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

function expectReconciled() {
  expect(ledgerBalance(db, farm.household.id)).toBe(recomputedBalance(db, farm.household.id));
  expect(ledgerMismatch(db)).toBe(0);
}

describe("the ledger with real shipments", () => {
  it("agrees with the recomputed balance through deliveries, COD, fee corrections, cancellations, a file and a refund", async () => {
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 3));
    // GHN: created (fee charged), delivered with its COD.
    const delivered = await packedOrder(db, farm, "ghn");
    const parcel = (await createShipmentForOrder(db, delivered.id))!;
    expectReconciled();
    await ghn.send(ghn.webhookBody(parcel.trackingCode!, "Switch_status", { status: "delivered" }, at(1)));
    expect(ledgerBalance(db, farm.household.id)).toBe(delivered.totalVnd - parcel.feeVnd);
    expectReconciled();
    // The carrier charges more, once.
    const fee = ghn.webhookBody(parcel.trackingCode!, "Update_fee", { totalFee: parcel.feeVnd + 4_000 }, at(2));
    for (const body of [fee, fee]) await ghn.send(body);
    expectReconciled();

    // Cancelled before pick-up: the fee comes back.
    const cancelled = await packedOrder(db, farm, "ghn");
    await createShipmentForOrder(db, cancelled.id);
    await cancelShipment(db, cancelled.id);
    expectReconciled();

    // GHTK: the reconciliation file first, then the carrier's own webhook: the COD once.
    const remitted = await packedOrder(db, farm, "ghtk");
    const ghtkParcel = (await createShipmentForOrder(db, remitted.id))!;
    const admin = await makeUser(db, "admin");
    const file = `Mã vận đơn,Tiền COD,Phí\n${ghtkParcel.trackingCode},${remitted.totalVnd},${ghtkParcel.feeVnd}\n`;
    expect(await importCarrierRemittance(db, admin, { buffer: Buffer.from(file), fileName: "ghtk.csv" })).toMatchObject({ matched: 1, added: 1, unmatched: [] });
    expectReconciled();
    const balance = ledgerBalance(db, farm.household.id);
    await ghtk.send(ghtk.webhookForm(ghtkParcel.trackingCode!, { statusId: 5 }, at(3)));
    expect(db.select().from(shipments).where(eq(shipments.id, ghtkParcel.id)).get()).toMatchObject({ status: "delivered", codCollectedVnd: remitted.totalVnd });
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.sourceKey, `cod:${ghtkParcel.id}`)).all()).toHaveLength(1);
    expect(ledgerBalance(db, farm.household.id)).toBe(balance);
    expectReconciled();

    // The platform holds that COD: a complaint refund of it leaves the ledger.
    const refund = await refundOrderAmount(db, { orderId: delivered.id, amountVnd: 20_000, cause: "complaint", causeRef: 99 });
    expect(refund.refund.method).toBe("platform_owes");
    expectReconciled();
  });
});
