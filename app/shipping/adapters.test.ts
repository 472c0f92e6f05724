import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { ghnFakeFee, startGhnFake, type GhnFake } from "../../tests/fakes/ghn";
import { ghtkFakeFee, startGhtkFake, type GhtkFake } from "../../tests/fakes/ghtk";
import { parseEnv } from "~/lib/env.server";
import { TEST_COMMUNE } from "~/listings/test-utils";
import { CarrierAuthError, CarrierError, type ShipmentRequest } from "./carrier";
import { ghnCarrier, parseGhnWebhook } from "./ghn.server";
import { ghtkCarrier, parseGhtkWebhook } from "./ghtk.server";
import { placeOf } from "./places.server";
import { quoteFarm } from "./quotes.server";
import { configuredPartners } from "./registry.server";
import { GHN_SHOP_ID, GHN_TOKEN, GHTK_TOKEN, ghnPlacesFor, TEST_CARRIER_SECRET, useCarriers } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
let ghnFake: GhnFake;
let ghtkFake: GhtkFake;
let request: ShipmentRequest;
const signal = () => AbortSignal.timeout(5_000);

beforeAll(async () => {
  ghnFake = await startGhnFake({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, places: ghnPlacesFor(db) });
  ghtkFake = await startGhtkFake({ token: GHTK_TOKEN });
  const from = placeOf(db, { name: "Vườn xoài Tư Lộc", phone: "+84901234567", communeCode: TEST_COMMUNE, addressLine: "Ấp 3" });
  const to = placeOf(db, { name: "Trần Thị Bích", phone: "+84909123456", communeCode: TEST_COMMUNE, addressLine: "12 Lê Lợi" });
  request = {
    clientCode: "CNS-2026-000001",
    from,
    to,
    parcel: { weightGrams: 2_400, codVnd: 150_000, insuredValueVnd: 120_000 },
    items: [{ name: "Xoài cát Hòa Lộc", quantity: 2, weightGrams: 2_400 }],
    note: "Giao giờ hành chính",
  };
});
afterAll(async () => {
  await ghnFake.close();
  await ghtkFake.close();
  useCarriers({});
  db.cleanup();
});

describe("registry", () => {
  it("offers a partner only when it is configured", () => {
    useCarriers({});
    expect(configuredPartners()).toEqual([]);
    useCarriers({ ghtk: ghtkFake.url });
    expect(configuredPartners().map((c) => c.id)).toEqual(["ghtk"]);
    useCarriers({ ghn: ghnFake.url, ghtk: ghtkFake.url });
    expect(configuredPartners().map((c) => c.id)).toEqual(["ghn", "ghtk"]);
  });

  it("refuses to start with half of GHN's configuration, naming what is missing", () => {
    expect(() => parseEnv({ GHN_TOKEN: "t" })).toThrow(/GHN_SHOP_ID=\(unset\)/);
    expect(() => parseEnv({ GHN_TOKEN: "t", GHN_SHOP_ID: "shop" })).toThrow(/GHN_SHOP_ID="shop"/);
    expect(() => parseEnv({ CARRIER_WEBHOOK_SECRET: "short" })).toThrow(/CARRIER_WEBHOOK_SECRET/);
    expect(parseEnv({ GHTK_TOKEN: "t" }).GHTK_API_URL).toBe("https://services.giaohangtietkiem.vn");
  });
});

describe("GHN adapter", () => {
  const ghn = () => ghnCarrier({ token: GHN_TOKEN, shopId: GHN_SHOP_ID, apiUrl: ghnFake.url, webhookSecret: TEST_CARRIER_SECRET });

  it("quotes by the former district and ward it resolved by name", async () => {
    const quote = await ghn().quote(request, signal());
    expect(quote).toEqual({ carrier: "ghn", feeVnd: ghnFakeFee(2_400, 120_000), service: "2" });
    const fee = ghnFake.requests.find((r) => r.path.endsWith("/fee"))!.body as Record<string, unknown>;
    expect(fee).toMatchObject({ weight: 2_400, cod_value: 150_000, insurance_value: 120_000 });
    expect(typeof fee.to_district_id).toBe("number");
  });

  it("reads GHN's master data once per list, not once per quote", async () => {
    const before = ghnFake.requests.filter((r) => r.path.includes("/master-data/")).length;
    await ghn().quote(request, signal());
    await ghn().quote({ ...request, parcel: { ...request.parcel, weightGrams: 900 } }, signal());
    expect(ghnFake.requests.filter((r) => r.path.includes("/master-data/")).length).toBe(before);
  });

  it("creates once per client code: a retried create finds the first order", async () => {
    const first = await ghn().createShipment(request, signal());
    const again = await ghn().createShipment(request, signal());
    expect(again).toEqual(first);
    expect(ghnFake.orders.filter((o) => o.clientOrderCode === request.clientCode)).toHaveLength(1);
    expect(ghnFake.orders[0]).toMatchObject({ codAmount: 150_000, weight: 2_400 });
  });

  it("updates the COD, gives a label link and cancels", async () => {
    const code = ghnFake.orders[0].orderCode;
    await ghn().updateCod(code, 90_000, signal());
    expect(ghnFake.orders[0].codAmount).toBe(90_000);
    expect(await ghn().labelUrl(code)).toContain("/a5/public-api/printA5?token=");
    await ghn().cancel(code, signal());
    expect(ghnFake.orders[0].status).toBe("cancel");
  });

  it("refuses a place it cannot resolve and a wrong token, as CarrierErrors", async () => {
    const nowhere = { ...request, to: { ...request.to, former: { provinceName: "Tỉnh Hư Cấu", districtName: "Huyện A", communeName: "Xã B" } } };
    await expect(ghn().quote(nowhere, signal())).rejects.toBeInstanceOf(CarrierError);
    const wrong = ghnCarrier({ token: "wrong", shopId: GHN_SHOP_ID, apiUrl: ghnFake.url });
    await expect(wrong.createShipment({ ...request, clientCode: "X-1" }, signal())).rejects.toBeInstanceOf(CarrierError);
  });

  it("gives up when GHN does not answer within the caller's signal", async () => {
    ghnFake.quoteDelayMs = 2_000;
    try {
      await expect(ghn().quote(request, AbortSignal.timeout(100))).rejects.toThrow(/did not answer in time/);
    } finally {
      ghnFake.quoteDelayMs = 0;
    }
  });

  it("at checkout, a GHN that does not answer in time is left out with a note while GHTK is offered", async () => {
    useCarriers({ ghn: ghnFake.url, ghtk: ghtkFake.url });
    ghnFake.quoteDelayMs = 2_000;
    try {
      const quotes = await quoteFarm({
        from: request.from,
        farmPlace: request.from,
        to: request.to,
        weightGrams: 2_400,
        subtotalVnd: 120_000,
        cashOnDelivery: true,
        own: [],
        partners: configuredPartners(),
        timeoutMs: 300,
      });
      expect(quotes.options.map((o) => [o.carrier, o.feeVnd])).toEqual([["ghtk", ghtkFakeFee(2_400)]]);
      expect(quotes.notes).toEqual([{ carrier: "ghn", reason: "timeout" }]);
    } finally {
      ghnFake.quoteDelayMs = 0;
    }
  });

  it("reads its webhook types into events, and only with the secret", () => {
    const body = { Type: "Switch_status", OrderCode: "GHN1", ClientOrderCode: "CNS-1", Status: "delivered", Time: "2026-12-01T03:00:00Z", CODAmount: 90_000 };
    const [event] = parseGhnWebhook(body);
    expect(event).toMatchObject({ kind: "status", status: "delivered", codCollectedVnd: 90_000, trackingCode: "GHN1", clientCode: "CNS-1" });
    expect(parseGhnWebhook(body)[0].eventKey).toBe(event.eventKey);
    expect(parseGhnWebhook({ ...body, Status: "returned" })[0].eventKey).not.toBe(event.eventKey);
    expect(parseGhnWebhook({ ...body, Type: "Update_fee", TotalFee: 30_000 })[0]).toMatchObject({ kind: "fee", feeVnd: 30_000 });
    const input = (url: string) => ({ headers: new Headers(), body: JSON.stringify(body), url: new URL(url) });
    expect(() => ghn().parseWebhook(input("http://x/webhooks/carriers/ghn?token=nope"))).toThrow(CarrierAuthError);
    expect(ghn().parseWebhook(input(`http://x/webhooks/carriers/ghn?token=${TEST_CARRIER_SECRET}`))).toHaveLength(1);
  });
});

describe("GHTK adapter", () => {
  const ghtk = () => ghtkCarrier({ token: GHTK_TOKEN, apiUrl: ghtkFake.url, webhookSecret: TEST_CARRIER_SECRET });

  it("quotes by names and creates once per partner id", async () => {
    expect(await ghtk().quote(request, signal())).toEqual({ carrier: "ghtk", feeVnd: ghtkFakeFee(2_400) });
    const first = await ghtk().createShipment(request, signal());
    const again = await ghtk().createShipment(request, signal());
    expect(again).toEqual(first);
    expect(ghtkFake.orders).toHaveLength(1);
    const sent = (ghtkFake.orders[0].body.order ?? {}) as Record<string, unknown>;
    expect(sent).toMatchObject({ id: request.clientCode, pick_money: 150_000, tel: "0909123456", province: request.to.former!.provinceName });
  });

  it("cancels, and says plainly it cannot change a COD", async () => {
    const label = ghtkFake.orders[0].label;
    await ghtk().cancel(label, signal());
    expect(ghtkFake.orders[0].statusId).toBe(-1);
    await expect(ghtk().updateCod(label, 1, signal())).rejects.toBeInstanceOf(CarrierError);
  });

  it("reads its form webhook into a status, a weight and a fee event", () => {
    const form = new URLSearchParams({ label_id: "S1.A1.1", partner_id: "CNS-1", status_id: "5", action_time: "2026-12-01T10:00:00+07:00", weight: "2.6", fee: "27000", pick_money: "150000" });
    const events = parseGhtkWebhook(form);
    expect(events.map((e) => e.kind)).toEqual(["status", "weight", "fee"]);
    expect(events[0]).toMatchObject({ status: "delivered", codCollectedVnd: 150_000 });
    expect(events[1].weightGrams).toBe(2_600);
    expect(() => parseGhtkWebhook(new URLSearchParams({ foo: "bar" }))).toThrow();
    const input = { headers: new Headers(), body: form.toString(), url: new URL("http://x/webhooks/carriers/ghtk") };
    expect(() => ghtk().parseWebhook(input)).toThrow(CarrierAuthError);
    form.set("hash", TEST_CARRIER_SECRET);
    expect(ghtk().parseWebhook({ ...input, body: form.toString() })).toHaveLength(3);
  });
});
