import { describe, expect, it } from "vitest";
import { isMultipleOfStep, lineTotalVnd, parseArea, parseQuantity, quantityInputValue, readNumber, roundQuantity } from "./quantity";

const kg = { step: 1, whole: false, unitWords: ["kg", "ky", "ki", "kilo"], anyUnitWords: ["kg", "ky", "yen", "ta", "tan", "trai", "con"] };
const halfKg = { ...kg, step: 0.5 };
const fruit = { step: 1, whole: true, unitWords: ["trai", "qua"], anyUnitWords: kg.anyUnitWords };

describe("parseQuantity: Vietnamese forms", () => {
  it.each([
    ["2", kg, 2],
    ["2,5", halfKg, 2.5],
    ["1.500", kg, 1500],
    ["1.500,5", halfKg, 1500.5],
    [" 3 kg", kg, 3],
    ["3kg", kg, 3],
    ["2,5 ký", halfKg, 2.5],
    ["1 500", kg, 1500],
    ["0,5", halfKg, 0.5],
    [",5", halfKg, 0.5],
    ["2,50", halfKg, 2.5],
    ["12", fruit, 12],
    ["12 trái", fruit, 12],
  ] as const)("reads %j as %d", (input, rule, expected) => {
    expect(parseQuantity(input, rule)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["2.5", halfKg, "dotDecimal", "2,5"],
    ["0.25", halfKg, "dotDecimal", "0,25"],
    ["2,500", halfKg, "ambiguousComma", "2,5 / 2.500"],
    ["1,500,000", kg, "englishGrouping", "1.500.000"],
    ["1,500.5", halfKg, "englishGrouping", "1.500,5"],
  ] as const)("refuses the ambiguous %j (%s) and suggests %j", (input, rule, reason, suggestion) => {
    expect(parseQuantity(input, rule)).toEqual({ ok: false, reason, suggestion });
  });

  it.each([
    ["ba", kg, "invalid"],
    ["", kg, "empty"],
    ["   ", kg, "empty"],
    ["-2", kg, "negative"],
    ["-2,5", halfKg, "negative"],
    ["0", kg, "zero"],
    ["0,0", halfKg, "zero"],
    ["2,5", kg, "step"],
    ["2,3", halfKg, "step"],
    ["2,5", fruit, "whole"],
    ["1,2345", halfKg, "tooPrecise"],
    ["3 yến", kg, "otherUnit"],
    ["3 bao", kg, "invalid"],
    ["2 5", kg, "invalid"],
    ["1.50.0", kg, "invalid"],
    ["20.000.000", kg, "tooLarge"],
  ] as const)("refuses %j (%s)", (input, rule, reason) => {
    expect(parseQuantity(input, rule)).toMatchObject({ ok: false, reason });
  });

  it("keeps the step's own precision: 0,25 steps take 0,75 but not 0,7", () => {
    const quarter = { ...kg, step: 0.25 };
    expect(parseQuantity("0,75", quarter)).toEqual({ ok: true, value: 0.75 });
    expect(parseQuantity("0,7", quarter)).toMatchObject({ ok: false, reason: "step" });
  });
});

describe("quantity arithmetic", () => {
  it("rounds sums to thousandths so repeated steps stay exact", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(roundQuantity(0.1 + 0.2)).toBe(0.3);
    expect(isMultipleOfStep(roundQuantity(0.1 * 3), 0.1)).toBe(true);
    expect(isMultipleOfStep(1.3, 0.5)).toBe(false);
  });

  it("rounds a line's money once, to whole VND", () => {
    expect(lineTotalVnd(45_000, 2.5)).toBe(112_500);
    expect(lineTotalVnd(33_333, 0.5)).toBe(16_667);
    expect(lineTotalVnd(12_345, 0.1)).toBe(1_235);
    expect(lineTotalVnd(45_000, 3)).toBe(135_000);
  });

  it("writes quantities back the way the parser reads them", () => {
    for (const value of [2.5, 1500, 1500.5, 0.25, 3]) {
      expect(parseQuantity(quantityInputValue(value), { ...kg, step: 0.25 })).toEqual({ ok: true, value });
    }
  });
});

describe("readNumber in whole mode (VND)", () => {
  it("reads a comma group as thousands and refuses any decimal", () => {
    expect(readNumber("45,000", { fractions: false })).toEqual({ ok: true, value: 45_000 });
    expect(readNumber("45.000", { fractions: false })).toEqual({ ok: true, value: 45_000 });
    expect(readNumber("2,5", { fractions: false })).toMatchObject({ ok: false, reason: "decimal" });
    expect(readNumber("2.5", { fractions: false })).toMatchObject({ ok: false, reason: "decimal" });
  });
});

describe("parseArea", () => {
  it.each([
    ["2 công", 2000],
    ["2,5 công", 2500],
    ["2,5công", 2500],
    ["0,3 ha", 3000],
    ["1,25 ha", 12_500],
    ["2500 m2", 2500],
    ["2.500 m²", 2500],
    ["2500", 2500],
    ["3 cong", 3000],
    ["1200 mét vuông", 1200],
  ])("reads %j as %d m²", (input, m2) => {
    expect(parseArea(input)).toEqual({ ok: true, m2 });
  });

  it.each([
    ["", "empty"],
    ["hai công", "invalid"],
    ["2 mẫu", "unit"],
    ["0 công", "zero"],
    ["-2 công", "negative"],
    ["2.5 công", "dotDecimal"],
  ])("refuses %j (%s)", (input, reason) => {
    expect(parseArea(input)).toMatchObject({ ok: false, reason });
  });
});
