import { readWholeNumber } from "~/lib/quantity";

/**
 * Whole numbers as farmers type them: "45.000", "45,000", "45 000", "45000đ" all mean 45 000.
 * A dot or comma is read as a thousands separator only when groups of exactly three digits follow;
 * anything else ("45.5", "12,75") is a decimal and refused, because prices are whole VND. The
 * reading itself is lib/quantity.ts's, shared with quantities and areas. Safe in the browser.
 */
type WholeNumberError = "empty" | "invalid" | "decimal" | "negative" | "tooLarge";
type WholeNumberResult = { ok: true; value: number } | { ok: false; reason: WholeNumberError };

/** 1 billion VND per unit is far above any farm price; it also keeps totals far from 2^53. */
export const MAX_PRICE_VND = 1_000_000_000;
export { MAX_QUANTITY } from "~/lib/quantity";

export function parseWholeNumber(input: string, max = Number.MAX_SAFE_INTEGER): WholeNumberResult {
  const result = readWholeNumber(input, max);
  if (result.ok) return result;
  // Whole mode only ever says one of these; anything else would be a decimal.
  const known: readonly string[] = ["empty", "invalid", "decimal", "negative", "tooLarge"];
  return { ok: false, reason: (known.includes(result.reason) ? result.reason : "decimal") as WholeNumberError };
}

/** A price per unit: a whole number of VND above zero. */
export function parsePriceVnd(input: string): WholeNumberResult | { ok: false; reason: "zero" } {
  const result = parseWholeNumber(input, MAX_PRICE_VND);
  if (result.ok && result.value === 0) return { ok: false, reason: "zero" };
  return result;
}
