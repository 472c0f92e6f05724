/**
 * Price units: kg, yến (10 kg), tạ (100 kg) and tấn (1,000 kg) convert into one another; chục
 * (fruit counted in tens/dozens, the count varies by market) and trái (per fruit) are their own
 * units and never convert to weight. Safe in the browser.
 */
import { fold } from "~/lib/text";

export type PriceUnit = "kg" | "yen" | "ta" | "tan" | "dozen" | "fruit";

const KG_PER_UNIT = { kg: 1, yen: 10, ta: 100, tan: 1000 } as const;
type WeightUnit = keyof typeof KG_PER_UNIT;

function isWeightUnit(unit: string): unit is WeightUnit {
  return Object.prototype.hasOwnProperty.call(KG_PER_UNIT, unit);
}

/** Whether an amount or a price in one unit can be expressed in the other. */
export function convertible(from: PriceUnit, to: PriceUnit): boolean {
  return from === to || (isWeightUnit(from) && isWeightUnit(to));
}

/** 2 tạ → 200 kg; null when the units do not convert (chục ↔ kg). */
export function convertQuantity(amount: number, from: PriceUnit, to: PriceUnit): number | null {
  if (from === to) return amount;
  if (!isWeightUnit(from) || !isWeightUnit(to)) return null;
  return (amount * KG_PER_UNIT[from]) / KG_PER_UNIT[to];
}

/**
 * A price per one unit expressed per another: 3.500.000 ₫/tạ → 35.000 ₫/kg. Prices go the other
 * way from quantities (a bigger unit costs more). Rounded to whole VND; null when not convertible.
 */
export function convertPrice(vndPerUnit: number, from: PriceUnit, to: PriceUnit): number | null {
  if (from === to) return vndPerUnit;
  if (!isWeightUnit(from) || !isWeightUnit(to)) return null;
  return Math.round((vndPerUnit * KG_PER_UNIT[to]) / KG_PER_UNIT[from]);
}

const UNIT_WORDS: Record<string, PriceUnit> = {
  kg: "kg",
  kilogram: "kg",
  kilo: "kg",
  ky: "kg",
  yen: "yen",
  ta: "ta",
  tan: "tan",
  ton: "tan",
  tonne: "tan",
  mt: "tan",
  t: "tan",
  chuc: "dozen",
  dozen: "dozen",
  trai: "fruit",
  qua: "fruit",
  fruit: "fruit",
  piece: "fruit",
};

/** Reads a unit as written in files and forms ("KG", "tạ", "chục", "tan"), folded; null if unknown. */
export function parseUnit(text: string): PriceUnit | null {
  const key = fold(text).replace(/^\/|\.$/g, "");
  return UNIT_WORDS[key] ?? null;
}
