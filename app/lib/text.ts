/**
 * Vietnamese text helpers shared by search, name matching and imports. Safe in the browser.
 */

/** NFC-normalise and collapse whitespace: every piece of user text goes through this on input. */
export function cleanText(input: string): string {
  return input.normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * The one folding function: lowercase, strip tone and vowel marks, đ→d, collapse spaces.
 * "Xoài cát Hòa Lộc" → "xoai cat hoa loc"; "ĐỒNG THÁP" → "dong thap".
 */
export function fold(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** URL slug from a Vietnamese name: "Xoài cát Hòa Lộc" → "xoai-cat-hoa-loc". */
export function slugify(input: string): string {
  return fold(input)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
