/**
 * Numbers as Vietnamese people type them — the one reader for quantities, areas and whole VND,
 * used by forms in the browser and by the server alike (no `.server`: it is safe in the browser).
 *
 * The rules (docs/decisions/0019-quantities-as-typed.md):
 * - A comma is the decimal mark: "2,5" = 2.5, "0,3" = 0.3.
 * - A dot groups thousands, and only in groups of exactly three digits: "1.500" = 1500,
 *   "1.500,5" = 1500.5. Spaces may group thousands the same way ("1 500").
 * - A dot followed by anything but three digits is not a thousands mark, and it is not read as a
 *   decimal either: "2.5" is refused with "did you mean 2,5?". One trailing zero more ("2.500")
 *   would otherwise change the amount a thousandfold.
 * - A comma followed by exactly three digits with nothing else ("2,500") is refused as ambiguous
 *   (2,5 or 2.500?): prices in this app accept "45,000" as forty-five thousand, so people type it.
 * - English grouping ("1,500,000", "1,500.5") is refused with the Vietnamese spelling suggested.
 * - Whole mode (prices, VND): no decimals at all; "45,000" and "45.000" are both 45000.
 * - No sign: a minus is refused as negative. Letters are refused ("ba" is not 3).
 * Quantities add their own checks on top: zero, more decimals than thousandths, the listing's
 * step (0.5 kg …), whole numbers for counted units.
 */

import { fold } from "./text";

export type NumberProblem =
  | "empty"
  | "invalid"
  | "negative"
  | "decimal"
  | "dotDecimal"
  | "ambiguousComma"
  | "englishGrouping"
  | "tooPrecise"
  | "tooLarge";

export type NumberResult =
  | { ok: true; value: number }
  | {
      ok: false;
      reason: NumberProblem;
      /** what the person probably meant, spelled the Vietnamese way ("2,5"; "2,5 / 2.500" when ambiguous) */
      suggestion?: string;
    };

interface ReadOptions {
  /** decimals allowed (quantities, areas); off for VND */
  fractions: boolean;
  /** most digits after the comma (fractions only) */
  maxDecimals?: number;
  max?: number;
}

const INNER_SPACE = /[\s\u00a0\u202f]/;

/** Thousands groups by dot (spaces are turned into dots before) then an optional decimal comma. */
const VIETNAMESE = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/;

/**
 * Reads one number, following the rules above. `input` is the number alone (callers strip unit
 * words and currency marks first).
 */
export function readNumber(input: string, options: ReadOptions): NumberResult {
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  let text = input.normalize("NFC").trim();
  if (text === "") return { ok: false, reason: "empty" };
  let negative = false;
  if (/^[-−–]/.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  }
  const refuse = (reason: NumberProblem, suggestion?: string): NumberResult =>
    negative ? { ok: false, reason: "negative" } : suggestion ? { ok: false, reason, suggestion } : { ok: false, reason };
  // "1 500" groups thousands like "1.500"; any other space inside a number is not a number.
  text = text.replace(/(\d)[\s\u00a0\u202f](?=\d{3}(?!\d))/g, "$1.");
  if (INNER_SPACE.test(text) || !/^[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, reason: "invalid" };
  if (text.startsWith(",")) text = `0${text}`;

  let whole: string;
  let decimals = "";
  const vietnamese = VIETNAMESE.exec(text);
  if (!options.fractions && /^\d{1,3}(,\d{3})+$/.test(text)) {
    // Whole numbers only (VND): "45,000" can only be forty-five thousand.
    whole = text.replace(/,/g, "");
  } else if (vietnamese) {
    whole = vietnamese[1].replace(/\./g, "");
    decimals = vietnamese[2] ?? "";
    if (!options.fractions && decimals !== "") {
      // "1.234,567" reads like two kinds of grouping: not a price anyone means.
      return decimals.length >= 3 ? { ok: false, reason: "invalid" } : refuse("decimal");
    }
    if (decimals.length === 3 && /^[1-9]\d{0,2}$/.test(vietnamese[1])) {
      return refuse("ambiguousComma", `${withoutTrailingZeros(`${vietnamese[1]},${decimals}`)} / ${vietnamese[1]}.${decimals}`);
    }
  } else if (/^\d*\.\d+$/.test(text)) {
    if (!options.fractions) return refuse("decimal");
    return refuse("dotDecimal", withoutTrailingZeros(`${text.startsWith(".") ? "0" : ""}${text.replace(".", ",")}`));
  } else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    if (!options.fractions) return refuse("decimal");
    const [int, dec] = text.split(".");
    return refuse("englishGrouping", `${int.replace(/,/g, ".")}${dec ? `,${dec}` : ""}`);
  } else {
    return { ok: false, reason: "invalid" };
  }

  decimals = decimals.replace(/0+$/, "");
  const value = Number(decimals ? `${whole}.${decimals}` : whole);
  if (negative && value !== 0) return { ok: false, reason: "negative" };
  if (decimals.length > (options.maxDecimals ?? 3)) return { ok: false, reason: "tooPrecise" };
  if (!Number.isFinite(value) || value > max || !Number.isSafeInteger(Math.trunc(value))) return { ok: false, reason: "tooLarge" };
  return { ok: true, value };
}

function withoutTrailingZeros(spelled: string): string {
  return spelled.includes(",") ? spelled.replace(/0+$/, "").replace(/,$/, "") : spelled;
}

/**
 * Whole numbers the way farmers type prices and counts: "45.000", "45,000", "45 000", "45000đ".
 * Any decimal is refused ("decimal"): VND are whole.
 */
export function readWholeNumber(input: string, max = Number.MAX_SAFE_INTEGER): NumberResult {
  let text = input.normalize("NFC").trim().toLowerCase();
  // Currency marks people add: 45.000đ, 45.000 ₫, 45000 vnd, 45.000 đồng
  text = text.replace(/(₫|vnđ|vnd|đồng|dong|đ)$/u, "").trim();
  return readNumber(text, { fractions: false, max });
}

// ---------------------------------------------------------------------------------------------
// Quantities

/** Quantities are kept to thousandths (1 g of a kg): finer is refused, sums are rounded to it. */
export const QUANTITY_DECIMALS = 3;
/** Far above any farm order; keeps price × quantity far from 2^53. */
export const MAX_QUANTITY = 10_000_000;

export type QuantityProblem = NumberProblem | "zero" | "whole" | "step" | "otherUnit";

export type QuantityResult = { ok: true; value: number } | { ok: false; reason: QuantityProblem; suggestion?: string };

export interface QuantityRule {
  /** the smallest amount one can add: 1 for counted units, the farm's choice (0.5 …) for weights */
  step: number;
  /** counted units (trái, con, hộp …) are whole */
  whole: boolean;
  /** words that name the listing's unit, folded ("kg", "ky", "yen" …): a trailing one is dropped */
  unitWords?: readonly string[];
  /** words that name any unit, folded: a trailing one that is not this listing's is refused */
  anyUnitWords?: readonly string[];
}

/**
 * The message for a refusal (common:numberInput.*): with its suggestion when there is one
 * (params: suggestion, and for quantities unit, step, example).
 */
export function quantityMessageKey(result: { reason: QuantityProblem | AreaProblem; suggestion?: string }): string {
  return `common:numberInput.${result.reason === "unit" ? "areaUnit" : result.reason}${result.suggestion ? "Suggest" : ""}`;
}

/** Rounds to thousandths, so sums and differences of quantities stay exact (0.1 + 0.2 = 0.3). */
export function roundQuantity(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** True when value is a whole number of steps (both read to thousandths). */
export function isMultipleOfStep(value: number, step: number): boolean {
  const s = Math.round(step * 1000);
  return s > 0 && Math.round(value * 1000) % s === 0;
}

/** A line's money: price × quantity, rounded once to whole VND (half up). */
export function lineTotalVnd(priceVnd: number, quantity: number): number {
  return Math.round((priceVnd * Math.round(quantity * 1000)) / 1000);
}

/** How a quantity is written back into an input: the Vietnamese decimal comma, no grouping ("2,5", "1500"). */
export function quantityInputValue(value: number): string {
  return String(roundQuantity(value)).replace(".", ",");
}

/** Splits "3 kg" / "2,5ký" into the number and a trailing word (folded), if any. */
function splitUnit(input: string): { number: string; word: string | null } {
  const text = input.normalize("NFC").trim();
  const match = /^(.*?\d)\s*([\p{L}²][\p{L}\p{N}²]*)$/u.exec(text);
  if (!match) return { number: text, word: null };
  return { number: match[1], word: fold(match[2]) };
}

/**
 * A quantity for a listing: "2", "2,5", "1.500", " 3 kg". Refuses what is ambiguous or impossible
 * with a reason (and a suggestion) the form shows; see the rules at the top of this file.
 */
export function parseQuantity(input: string, rule: QuantityRule): QuantityResult {
  const { number, word } = splitUnit(input);
  if (word !== null) {
    const mine = rule.unitWords ?? [];
    if (!mine.includes(word)) {
      return { ok: false, reason: (rule.anyUnitWords ?? []).includes(word) ? "otherUnit" : "invalid" };
    }
  }
  const read = readNumber(number, { fractions: true, maxDecimals: QUANTITY_DECIMALS, max: MAX_QUANTITY });
  if (!read.ok) return read;
  if (read.value === 0) return { ok: false, reason: "zero" };
  if (rule.whole && !Number.isInteger(read.value)) return { ok: false, reason: "whole" };
  const step = rule.whole ? Math.max(1, Math.round(rule.step)) : rule.step;
  if (!isMultipleOfStep(read.value, step)) return { ok: false, reason: "step" };
  return { ok: true, value: roundQuantity(read.value) };
}

// ---------------------------------------------------------------------------------------------
// Areas

/** 1 công = 1,000 m² (the Mekong Delta's công tầm cấy, as the profile form says next to the field). */
export const M2_PER_CONG = 1000;
export const M2_PER_HA = 10_000;

const AREA_UNITS: Record<string, number> = {
  cong: M2_PER_CONG,
  ha: M2_PER_HA,
  hecta: M2_PER_HA,
  hec: M2_PER_HA,
  m2: 1,
  "m²": 1,
};

export type AreaProblem = NumberProblem | "zero" | "unit";
export type AreaResult = { ok: true; m2: number } | { ok: false; reason: AreaProblem; suggestion?: string };

/**
 * A farm's area as farmers say it: "2 công", "2,5 công", "0,3 ha", "2500 m2", "2.500 m²"; a bare
 * number is square metres (the field's old meaning). Returns whole square metres.
 */
export function parseArea(input: string): AreaResult {
  const text = input.normalize("NFC").trim().replace(/\s*mét\s*vuông$/iu, " m2").replace(/\s*met\s*vuong$/i, " m2");
  const match = /^(.*?\d)\s*(m2|m²|[\p{L}]+)?$/iu.exec(text);
  if (!match) return { ok: false, reason: text === "" ? "empty" : "invalid" };
  const unitWord = match[2] ? fold(match[2]) : "m2";
  const factor = AREA_UNITS[unitWord];
  if (factor === undefined) return { ok: false, reason: "unit" };
  const read = readNumber(match[1], { fractions: true, maxDecimals: 4 });
  if (!read.ok) return read;
  const m2 = Math.round(read.value * factor);
  if (m2 <= 0) return { ok: false, reason: "zero" };
  if (!Number.isSafeInteger(m2)) return { ok: false, reason: "tooLarge" };
  return { ok: true, m2 };
}
