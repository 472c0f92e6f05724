import { describe, expect, it } from "vitest";
import { QUOTE_TTL_MS, signQuote, verifyQuote } from "./quote-token.server";

const at = new Date("2026-05-01T03:00:00Z");
const quote = { householdId: 12, carrier: "ghn" as const, communeCode: "28252", weightGrams: 3_000, feeVnd: 38_000 };

describe("a partner's signed quote", () => {
  it("reads back what was signed, until 30 minutes have passed", () => {
    const token = signQuote(quote, at);
    expect(verifyQuote(token, new Date(at.getTime() + QUOTE_TTL_MS - 1))).toEqual({ ok: true, quote: { ...quote, expiresAt: at.getTime() + QUOTE_TTL_MS } });
    expect(verifyQuote(token, new Date(at.getTime() + QUOTE_TTL_MS))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a lowered fee, another farm, carrier or commune, a pushed-back expiry, and anything else", () => {
    const token = signQuote(quote, at);
    const parts = token.split(".");
    const altered = (index: number, value: string) => parts.map((p, i) => (i === index ? value : p)).join(".");
    for (const forged of [altered(4, "1000"), altered(0, "13"), altered(1, "ghtk"), altered(2, "28249"), altered(5, String(at.getTime() + 10 * QUOTE_TTL_MS)), "", "ghn", `${token}x`]) {
      expect(verifyQuote(forged, at)).toEqual({ ok: false, reason: "invalid" });
    }
  });
});
