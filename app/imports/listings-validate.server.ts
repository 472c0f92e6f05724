/**
 * One product-sheet row → the household key and the listing fields it gives, or every problem of the
 * row with its column. Needs no database: finding the household and the listing is the processor's job
 * (listings-import.server.ts).
 */
import { NAME_MAX } from "~/households/profile.server";
import type { Category, Unit } from "~/listings/options";
import { DESCRIPTION_MAX, TITLE_MAX, TITLE_MIN } from "~/listings/schema";
import { normalizePhone } from "~/lib/phone";
import { cleanText, fold } from "~/lib/text";
import {
  parseCategory,
  parseImportPrice,
  parseRequestedStatus,
  parseStock,
  parseUnit,
  type ListingImportField,
  type RequestedStatus,
} from "./listings-headers";
import { nationalIdOf } from "./validate.server";

/** A problem with one cell; key is an "imports:listings.errors.*" locale key. */
export interface ListingRowProblem {
  field: ListingImportField;
  key: string;
  params: Record<string, string | number>;
}

export interface ImportedListingRow {
  household: {
    /** CCCD/CMND (an 11-digit CCCD gets its leading zero back); when present it alone finds the household */
    nationalId: string | null;
    /** E.164 */
    phone: string | null;
    /** optional, to pick one of several households sharing the phone */
    representativeName: string | null;
  };
  title: string;
  /** the listing is found by household + this */
  titleFolded: string;
  category: Category;
  unit: Unit;
  priceVnd: number;
  /** null: the cell is empty (a new listing starts at 0, an existing one keeps its stock) */
  stock: number | null;
  /** null: the cell is empty or there is no column (an existing listing keeps its description) */
  description: string | null;
  /** null: no wish (a new listing is a draft, an existing one keeps its status) */
  status: RequestedStatus | null;
}

export type ListingRowResult = { ok: true; value: ImportedListingRow } | { ok: false; errors: ListingRowProblem[] };

export function validateListingRow(cells: readonly string[], columns: ReadonlyMap<ListingImportField, number>): ListingRowResult {
  const errors: ListingRowProblem[] = [];
  const raw = (field: ListingImportField): string => {
    const index = columns.get(field);
    return index === undefined ? "" : (cells[index] ?? "").normalize("NFC");
  };
  const cell = (field: ListingImportField) => cleanText(raw(field));
  const err = (field: ListingImportField, key: string, params: Record<string, string | number> = {}) =>
    errors.push({ field, key: `imports:listings.errors.${key}`, params });

  // The household: CCCD first, else the phone (with the name when several households share it).
  const idText = cell("nationalId");
  const national = nationalIdOf(idText);
  if (!national.ok) err("nationalId", `nationalId.${national.reason}`, { value: idText });
  const phoneText = cell("phone");
  let phone: string | null = null;
  if (phoneText) {
    const result = normalizePhone(phoneText);
    if (result.ok) phone = result.e164;
    // A bad phone beside a good CCCD does not matter for finding the household, but it is still a typo to fix.
    else err("phone", `phone.${result.reason}`, { value: phoneText });
  }
  if (!idText && !phoneText) err(columns.has("nationalId") ? "nationalId" : "phone", "householdMissing");
  const representativeName = cell("representativeName") || null;
  if (representativeName && representativeName.length > NAME_MAX) err("representativeName", "representativeNameTooLong", { max: NAME_MAX });

  const title = cell("title");
  if (!title) err("title", "titleRequired");
  else if (title.length < TITLE_MIN) err("title", "titleTooShort", { value: title, min: TITLE_MIN });
  else if (title.length > TITLE_MAX) err("title", "titleTooLong", { max: TITLE_MAX });

  const categoryText = cell("category");
  const category = categoryText ? parseCategory(categoryText) : null;
  if (!categoryText) err("category", "categoryRequired");
  else if (!category) err("category", "categoryUnknown", { value: categoryText });

  const unitText = cell("unit");
  const unit = unitText ? parseUnit(unitText) : null;
  if (!unitText) err("unit", "unitRequired");
  else if (unit && !unit.ok) err("unit", `unit.${unit.reason}`, { value: unitText });

  const priceText = cell("price");
  const price = parseImportPrice(priceText);
  if (!price.ok) err("price", `price.${price.reason}`, { value: priceText });

  const stockText = cell("stock");
  let stock: number | null = null;
  if (stockText) {
    const parsed = parseStock(stockText);
    if (parsed.ok) stock = parsed.value;
    else err("stock", `stock.${parsed.reason}`, { value: stockText });
  }

  // Descriptions keep their line breaks (the listings module tidies them); only the length is checked here.
  const descriptionText = raw("description").trim();
  if (descriptionText.length > DESCRIPTION_MAX) err("description", "descriptionTooLong", { max: DESCRIPTION_MAX });

  const statusText = cell("status");
  const status = statusText ? parseRequestedStatus(statusText) : null;
  if (statusText && !status) err("status", "statusUnknown", { value: statusText });

  if (errors.length || !category || !unit?.ok || !price.ok || !national.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      household: { nationalId: national.value, phone, representativeName },
      title,
      titleFolded: fold(title),
      category,
      unit: unit.value,
      priceVnd: price.value,
      stock,
      description: descriptionText || null,
      status,
    },
  };
}
