/**
 * Duplicate keys of households: by CCCD/CMND when the row has one, else by phone together with the
 * folded representative name. Relatives and officers lend their phone to several households, so a
 * shared phone alone never makes two rows the same household. Safe in the browser.
 */
import { fold } from "~/lib/text";

export interface DedupeFields {
  nationalId?: string | null;
  /** E.164 */
  phone: string;
  representativeName: string;
}

/** The key a household is found by: "id:079123456789" or "pn:+84912345678|nguyen van a". */
export function dedupeKey(value: DedupeFields): string {
  return value.nationalId ? `id:${value.nationalId}` : phoneNameKey(value);
}

function phoneNameKey(value: DedupeFields): string {
  return `pn:${value.phone}|${fold(value.representativeName)}`;
}

/**
 * Remembers the households of one file, to report a later row as a repeat of an earlier one
 * ("same household as row 12"). A row with an ID matches only that ID; a row without one matches an
 * earlier row of the same phone and name, with or without an ID.
 */
export class DuplicateTracker {
  private readonly firstRow = new Map<string, number>();

  /** Row number of the first row of the same household, or null; records the row when it is new. */
  check(value: DedupeFields, rowNumber: number): number | null {
    const key = dedupeKey(value);
    const earlier = this.firstRow.get(key);
    if (earlier !== undefined) return earlier;
    this.firstRow.set(key, rowNumber);
    // An ID row also answers for later rows of the same phone and name written without the ID; with
    // two IDs for one phone and name, the first keeps it (they stay different households).
    if (value.nationalId) {
      const pn = phoneNameKey(value);
      if (!this.firstRow.has(pn)) this.firstRow.set(pn, rowNumber);
    }
    return null;
  }

  get size(): number {
    return this.firstRow.size;
  }
}

/** The products of a "main products" cell: "Bưởi, xoài; dừa" → ["Bưởi", "xoài", "dừa"]. */
export function splitProducts(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * The products of `known` with every product of `more` it lacks added, compared folded ("xoài" is
 * "Xoài"), in the spelling seen first. Returns `known` itself when nothing is added, so an unchanged
 * list is never rewritten in another form. A product that would take the list past `max` characters
 * is left out (the list keeps what fits rather than being refused).
 */
export function mergeProducts(known: string, more: string, max = Infinity): string {
  if (!more) return known;
  if (!known) return more.length <= max ? more : known;
  const seen = new Set(splitProducts(known).map(fold));
  let merged = known;
  for (const product of splitProducts(more)) {
    const key = fold(product);
    if (seen.has(key)) continue;
    const next = `${merged}, ${product}`;
    if (next.length > max) continue;
    seen.add(key);
    merged = next;
  }
  return merged;
}
