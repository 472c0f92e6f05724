import { describe, expect, it } from "vitest";
import { parsePriceVnd, parseWholeNumber } from "./price";

describe("parsePriceVnd", () => {
  it.each([
    ["45000", 45_000],
    ["45.000", 45_000],
    ["45,000", 45_000],
    ["45 000", 45_000],
    ["1.250.000", 1_250_000],
    ["1,250,000", 1_250_000],
    ["45.000đ", 45_000],
    ["45.000 ₫", 45_000],
    ["45000 VND", 45_000],
    ["  120.000  ", 120_000],
    ["500", 500],
  ])("reads %j as %d VND", (input, expected) => {
    expect(parsePriceVnd(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["45.5", "decimal"],
    ["12,75", "decimal"],
    ["45.000,50", "decimal"],
    ["0.5", "decimal"],
    ["-45000", "negative"],
    ["-45.000", "negative"],
    ["0", "zero"],
    ["", "empty"],
    ["   ", "empty"],
    ["abc", "invalid"],
    ["45.00.0", "invalid"],
    ["1.234,567", "invalid"],
    ["2000000000", "tooLarge"],
  ])("refuses %j (%s)", (input, reason) => {
    expect(parsePriceVnd(input)).toEqual({ ok: false, reason });
  });
});

describe("parseWholeNumber", () => {
  it("accepts zero and grouped thousands for stock", () => {
    expect(parseWholeNumber("0")).toEqual({ ok: true, value: 0 });
    expect(parseWholeNumber("1.200")).toEqual({ ok: true, value: 1200 });
  });
  it("refuses decimals and values over the limit", () => {
    expect(parseWholeNumber("2,5")).toEqual({ ok: false, reason: "decimal" });
    expect(parseWholeNumber("11", 10)).toEqual({ ok: false, reason: "tooLarge" });
  });
});
