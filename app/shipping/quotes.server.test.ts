import { describe, expect, it } from "vitest";
import type { Place } from "./carrier";
import { farmDeliveryCarrier, pickupCarrier } from "./own-carriers";
import { orderWeightGrams, quoteFarm, type FarmQuoteRequest } from "./quotes.server";
import { answeringCarrier, failingCarrier, silentCarrier } from "./test-carriers";

const place = (communeCode: string, provinceCode: string): Place => ({
  name: "Nguyễn Văn Tư",
  phone: "+84912345678",
  provinceCode,
  provinceName: "Đồng Tháp",
  communeCode,
  communeName: "Xã Mỹ Hiệp",
  addressLine: "Ấp 3",
});

const delivery = { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: null, freeAbove: null };

function request(overrides: Partial<FarmQuoteRequest> = {}): FarmQuoteRequest {
  return {
    from: place("28249", "82"),
    farmPlace: place("28249", "82"),
    to: place("28252", "82"),
    weightGrams: 3_000,
    subtotalVnd: 120_000,
    cashOnDelivery: true,
    own: [farmDeliveryCarrier(delivery), pickupCarrier(delivery)],
    partners: [],
    // Short, so the test does not wait 3 s for the silent carrier; the rule is the same.
    timeoutMs: 50,
    ...overrides,
  };
}

describe("quoting one farm", () => {
  it("offers the farm's own ways and every partner that answers, partners cheapest first", async () => {
    const ghn = answeringCarrier("ghn", 38_000);
    const ghtk = answeringCarrier("ghtk", 32_000);
    const quotes = await quoteFarm(request({ partners: [ghn, ghtk] }));
    expect(quotes.options).toEqual([
      { carrier: "farm", feeVnd: 30_000, partner: false },
      { carrier: "pickup", feeVnd: 0, partner: false },
      { carrier: "ghtk", feeVnd: 32_000, partner: true },
      { carrier: "ghn", feeVnd: 38_000, partner: true },
    ]);
    expect(quotes.notes).toEqual([]);
  });

  it("a partner that does not answer in time is left out with a note; the others are still offered", async () => {
    const quotes = await quoteFarm(request({ partners: [silentCarrier("ghn"), answeringCarrier("ghtk", 32_000)] }));
    expect(quotes.options.map((o) => o.carrier)).toEqual(["farm", "pickup", "ghtk"]);
    expect(quotes.notes).toEqual([{ carrier: "ghn", reason: "timeout" }]);
  });

  it("a partner that ignores the abort signal still cannot hold the checkout", async () => {
    const quotes = await quoteFarm(request({ partners: [silentCarrier("ghn", { ignoresSignal: true })] }));
    expect(quotes.options.map((o) => o.carrier)).toEqual(["farm", "pickup"]);
    expect(quotes.notes).toEqual([{ carrier: "ghn", reason: "timeout" }]);
  });

  it("a partner that answers with an error is left out with a note", async () => {
    const quotes = await quoteFarm(request({ partners: [failingCarrier("ghtk"), answeringCarrier("ghn", 40_000)] }));
    expect(quotes.options.map((o) => o.carrier)).toEqual(["farm", "pickup", "ghn"]);
    expect(quotes.notes).toEqual([{ carrier: "ghtk", reason: "failed" }]);
  });

  it("without a weight no partner is asked, one note says why; the farm's own ways are still offered", async () => {
    const ghn = answeringCarrier("ghn", 38_000);
    const quotes = await quoteFarm(request({ weightGrams: null, partners: [ghn] }));
    expect(ghn.asked).toHaveLength(0);
    expect(quotes.options.map((o) => o.carrier)).toEqual(["farm", "pickup"]);
    expect(quotes.notes).toEqual([{ carrier: null, reason: "noWeight" }]);
  });

  it("asks with the farm's weight, its goods as insured value, and as COD only when the buyer pays cash", async () => {
    const ghn = answeringCarrier("ghn", 38_000);
    await quoteFarm(request({ partners: [ghn] }));
    await quoteFarm(request({ partners: [ghn], cashOnDelivery: false }));
    expect(ghn.asked.map((r) => r.parcel)).toEqual([
      { weightGrams: 3_000, codVnd: 120_000, insuredValueVnd: 120_000 },
      { weightGrams: 3_000, codVnd: 0, insuredValueVnd: 120_000 },
    ]);
    expect(ghn.asked[0].from.communeCode).toBe("28249");
    expect(ghn.asked[0].to.communeCode).toBe("28252");
  });

  it("the farm's own ways that do not go there are simply not offered, without a note", async () => {
    const none = { pickup: false, feeCommune: null, feeProvince: null, feeElsewhere: null, freeAbove: null };
    const quotes = await quoteFarm(request({ own: [farmDeliveryCarrier(none), pickupCarrier(none)], partners: [answeringCarrier("ghn", 38_000)] }));
    expect(quotes.options.map((o) => o.carrier)).toEqual(["ghn"]);
    expect(quotes.notes).toEqual([]);
  });
});

describe("a farm's order weight", () => {
  it("sums unit weight × quantity: kg, yến, and a counted unit with the farm's figure", () => {
    expect(
      orderWeightGrams([
        { unit: "kg", unitWeightGrams: null, quantity: 2.5 },
        { unit: "yen", unitWeightGrams: null, quantity: 1 },
        { unit: "fruit", unitWeightGrams: 1_200, quantity: 3 },
      ]),
    ).toBe(2_500 + 10_000 + 3_600);
  });

  it("is unknown when a counted unit has no weight", () => {
    expect(orderWeightGrams([{ unit: "kg", unitWeightGrams: null, quantity: 1 }, { unit: "box", unitWeightGrams: null, quantity: 2 }])).toBeNull();
  });
});
