import { describe, expect, it } from "vitest";
import { feeQuery, newestOnly } from "./checkout-fees";

const form: Array<[string, unknown]> = [
  ["idempotencyKey", "k"],
  ["recipientName", "Lan"],
  ["provinceCode", "82"],
  ["communeCode", "28249"],
  ["delivery-3", "pickup"],
  ["quote-3-ghn", "signed"],
  ["payment-3", "cod"],
  ["paymentMethod", "per_farm"],
  ["note", "gọi trước"],
  ["photo", { name: "not text" }],
];

describe("the fee query", () => {
  it("sends the address and the choices that decide a fee, nothing the buyer typed", () => {
    expect(feeQuery(form, "communeCode")?.toString()).toBe("provinceCode=82&communeCode=28249&delivery-3=pickup&payment-3=cod&paymentMethod=per_farm");
  });

  it("drops the commune when the province changed: the new province's communes come back unchosen", () => {
    const query = feeQuery(form, "provinceCode")!;
    expect(query.get("communeCode")).toBeNull();
    expect(query.get("provinceCode")).toBe("82");
  });

  it("asks nothing when another field changed", () => {
    expect(feeQuery(form, "delivery-3")).toBeNull();
    expect(feeQuery(form, "recipientName")).toBeNull();
  });
});

describe("newest only", () => {
  it("keeps the answer of the newest request and drops older ones", () => {
    const requests = newestOnly();
    const first = requests.start();
    const second = requests.start();
    expect(requests.isNewest(first)).toBe(false);
    expect(requests.isNewest(second)).toBe(true);
  });
});
