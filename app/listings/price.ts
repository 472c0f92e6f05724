/**
 * Whole numbers as farmers type them: "45.000", "45,000", "45 000", "45000đ" all mean 45 000.
 * A dot or comma is read as a thousands separator only when groups of exactly three digits follow;
 * anything else ("45.5", "12,75") is a decimal and refused, because prices are whole VND. Safe in the browser.
 */
type WholeNumberError = "empty" | "invalid" | "decimal" | "negative" | "tooLarge";
type WholeNumberResult = { ok: true; value: number } | { ok: false; reason: WholeNumberError };

/** 1 billion VND per unit is far above any farm price; it also keeps totals far from 2^53. */
export const MAX_PRICE_VND = 1_000_000_000;
export const MAX_QUANTITY = 10_000_000;

export function parseWholeNumber(input: string, max = Number.MAX_SAFE_INTEGER): WholeNumberResult {
  let text = input.normalize("NFC").trim().toLowerCase();
  // Currency marks people add: 45.000đ, 45.000 ₫, 45000 vnd, 45.000 đồng
  text = text.replace(/(₫|vnđ|vnd|đồng|dong|đ)$/u, "").trim();
  text = text.replace(/[\s\u00a0\u202f]/g, "");
  if (text === "") return { ok: false, reason: "empty" };
  let negative = false;
  if (/^[-−]/.test(text)) {
    negative = true;
    text = text.slice(1);
  }
  let digits: string;
  if (/^\d+$/.test(text)) digits = text;
  else if (/^\d{1,3}([.,]\d{3})+$/.test(text) && !(text.includes(".") && text.includes(","))) digits = text.replace(/[.,]/g, "");
  else if (/^\d*[.,]\d+$/.test(text) || /^\d{1,3}([.,]\d{3})*[.,]\d{1,2}$/.test(text)) return { ok: false, reason: negative ? "negative" : "decimal" };
  else return { ok: false, reason: "invalid" };
  const value = Number(digits);
  if (negative && value !== 0) return { ok: false, reason: "negative" };
  if (!Number.isSafeInteger(value) || value > max) return { ok: false, reason: "tooLarge" };
  return { ok: true, value };
}

/** A price per unit: a whole number of VND above zero. */
export function parsePriceVnd(input: string): WholeNumberResult | { ok: false; reason: "zero" } {
  const result = parseWholeNumber(input, MAX_PRICE_VND);
  if (result.ok && result.value === 0) return { ok: false, reason: "zero" };
  return result;
}
