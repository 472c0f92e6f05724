/**
 * What one sheet row makes of a household that exists (in the database, or earlier in the same file):
 * the rules of issue 5 and issue 12, with no database access (households-import.server.ts reads and
 * writes).
 *
 * - The first row of an existing household in the file updates it as before: a non-empty cell replaces
 *   the stored value, an empty cell never erases it; the products are added to the stored ones, never
 *   removed (an import adds what a household grows; a product is removed on the household page), so a
 *   re-run of the same file finds nothing to change.
 * - Its commune, representative's name, phone and national ID are not changed silently: such a row is
 *   "to confirm" (the runner applies it only when the batch allows changes). The same name written
 *   with or without diacritics is not a change; nor is an ID given to a household that had none.
 * - A household its owner has taken over keeps those four whatever the row says (a note, no
 *   confirmation: an import never overwrites them).
 * - A repeat row (the same household again later in the file) merges into the first: its products are
 *   added, a value the household lacks is filled, and a value that differs is not applied but noted.
 */
import { fold } from "~/lib/text";
import type { HouseholdKind } from "../../db/schema";
import { mergeProducts } from "./dedupe";
import type { RowProblem } from "./processor";
import type { ImportedHousehold } from "./types";

/** The columns an import manages, as stored. */
export interface HouseholdState {
  id: number;
  kind: HouseholdKind;
  displayName: string;
  representativeName: string;
  phone: string;
  nationalId: string | null;
  nationalIdKind: "cccd" | "cmnd" | null;
  communeCode: string;
  addressLine: string;
  mainProducts: string;
  farmAreaM2: number | null;
  status: string;
  ownerUserId: number | null;
  consentAt: number | null;
  /** the batch that created it */
  importBatchId: number | null;
  /** extra attributes as stored (JSON text of { header: value }) */
  extraAttributes: string | null;
}

/**
 * What the writer needs of a checked row. Only these fields cross from the check worker: the rest of
 * the validated row (the resolved address, flags) has become the row's notes already.
 */
export type HouseholdRow = Pick<
  ImportedHousehold,
  "kind" | "representativeName" | "displayName" | "phone" | "nationalId" | "nationalIdKind" | "communeCode" | "addressLine" | "mainProducts" | "farmAreaM2" | "consent"
> & {
  /** fold(representativeName), the key found by with the phone (folded by the check, off the writer's thread) */
  nameFolded: string;
  /** the row's extra attributes as JSON text, null when it has none */
  extraAttributes: string | null;
};

/** Fields compared and written, in the order changes are reported. */
export const UPDATABLE = [
  "kind",
  "representativeName",
  "displayName",
  "phone",
  "nationalId",
  "communeCode",
  "addressLine",
  "mainProducts",
  "farmAreaM2",
  "extraAttributes",
] as const;
export type Updatable = (typeof UPDATABLE)[number];

/** Identity: an owner's household keeps it; anyone else's changes only when confirmed. */
const IDENTITY: ReadonlySet<Updatable> = new Set(["representativeName", "phone", "nationalId", "communeCode"]);

/** The row's column each field is reported under (the import's field names, imports:fields.*). */
export const PROBLEM_FIELD: Record<Updatable, string> = {
  kind: "kind",
  representativeName: "representativeName",
  displayName: "displayName",
  phone: "phone",
  nationalId: "nationalId",
  communeCode: "commune",
  addressLine: "addressLine",
  mainProducts: "mainProducts",
  farmAreaM2: "farmAreaM2",
  extraAttributes: "extraAttributes",
};

type Value = string | number | null;

/** The problem key of a row that would change an existing household's commune, name, phone or ID. */
export const CHANGE_TO_CONFIRM_KEY = "imports:reimport.changeNeedsConfirmation";

export interface MergeOptions {
  /** the household is a repeat of an earlier row of the same file */
  repeat: boolean;
  /** longest products list a household keeps (households/profile.server.ts PRODUCTS_MAX) */
  productsMax: number;
}

/** What a row would make of the household: the state after it, and the fields it changes or keeps. */
export interface Merge {
  next: HouseholdState;
  changed: Updatable[];
  /** identity fields the row differs in but an owner's household keeps */
  kept: Updatable[];
  /** identity fields the row changes, to be applied only when the batch allows changes */
  toConfirm: Updatable[];
  /** a repeat row's values that differ from the household's and were not applied */
  differs: Array<{ field: Updatable; value: Value; kept: Value }>;
  consentAdded: boolean;
}

const isEmpty = (value: Value) => value === null || value === "";

/** Applies a validated row to an existing household under the rules above. */
export function mergeHousehold(current: HouseholdState, value: HouseholdRow, options: MergeOptions): Merge {
  const owned = current.status !== "registered" || current.ownerUserId !== null;
  // The shop name follows the representative's name unless it was set apart from it.
  const followsName = current.displayName === current.representativeName;
  // The same name typed without diacritics (an old sheet, a phone keyboard) does not replace it.
  const representativeName =
    !hasDiacritics(value.representativeName) && hasDiacritics(current.representativeName) && fold(value.representativeName) === fold(current.representativeName)
      ? current.representativeName
      : value.representativeName;
  const proposed: Record<Updatable, Value> = {
    kind: value.kind,
    representativeName,
    displayName: value.displayName ?? (followsName ? representativeName : current.displayName),
    phone: value.phone,
    // An empty cell never erases what is known.
    nationalId: value.nationalId ?? current.nationalId,
    communeCode: value.communeCode,
    addressLine: value.addressLine || current.addressLine,
    mainProducts: mergeProducts(current.mainProducts, value.mainProducts, options.productsMax),
    farmAreaM2: value.farmAreaM2 ?? current.farmAreaM2,
    extraAttributes: mergeExtraAttributes(current.extraAttributes, value.extraAttributes, options.repeat),
  };
  const next: HouseholdState = { ...current };
  const merge: Merge = { next, changed: [], kept: [], toConfirm: [], differs: [], consentAdded: current.consentAt === null };
  for (const field of UPDATABLE) {
    const now = current[field];
    const to = proposed[field];
    if (to === now) continue;
    // Products and extra attributes merge value by value (mergeProducts, mergeExtraAttributes).
    if (options.repeat && field !== "mainProducts" && field !== "extraAttributes" && !isEmpty(now)) {
      // First non-empty value wins within a file; a later different one is noted (a name differing only in
      // its marks or case is the same name, and a shop name following it is no value of its own).
      const sameName = (field === "representativeName" || field === "displayName") && fold(String(to)) === fold(String(now));
      if (!sameName && !(field === "displayName" && value.displayName === null)) merge.differs.push({ field, value: to, kept: now });
      continue;
    }
    if (IDENTITY.has(field)) {
      if (owned) {
        merge.kept.push(field);
        continue;
      }
      if (isIdentityChange(field, now, to)) merge.toConfirm.push(field);
    }
    (next as unknown as Record<string, Value>)[field] = to;
    merge.changed.push(field);
  }
  if (owned && merge.kept.includes("representativeName") && merge.changed.includes("displayName") && value.displayName === null) {
    // The shop name was only following the name the owner kept.
    next.displayName = current.displayName;
    merge.changed.splice(merge.changed.indexOf("displayName"), 1);
  }
  if (merge.changed.includes("nationalId")) next.nationalIdKind = value.nationalIdKind;
  return merge;
}

/**
 * The row's extra attributes added to those known: a value of the row replaces the one under the same
 * header (a repeat row only adds headers not known yet: first value wins in a file), an empty cell
 * (absent from the row) never erases one. Keys keep their first order, so the same values give the same
 * text and a re-import is "unchanged".
 */
function mergeExtraAttributes(current: string | null, row: string | null, repeat: boolean): string | null {
  if (!row || row === current) return current;
  if (!current) return row;
  const merged = JSON.parse(current) as Record<string, string>;
  for (const [key, value] of Object.entries(JSON.parse(row) as Record<string, string>)) {
    if (!(repeat && Object.hasOwn(merged, key))) merged[key] = value;
  }
  const text = JSON.stringify(merged);
  return text === current ? current : text;
}

/** A real change of identity: not the same name re-spelled (marks, case), not an ID given where none was. */
function isIdentityChange(field: Updatable, from: Value, to: Value): boolean {
  if (field === "representativeName") return fold(String(from)) !== fold(String(to));
  if (field === "nationalId") return from !== null;
  return true;
}

function hasDiacritics(text: string): boolean {
  // fold() strips diacritics and lower-cases: compare against the lower-cased text.
  return fold(text) !== text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** How a value is shown in a problem or the activity log: commune by its name, phone as read, ID masked. */
export type DescribeValue = (field: Updatable, value: Value) => string | number;

/** The problems of a row whose identity changes wait for confirmation (imports:reimport.changeNeedsConfirmation). */
export function changeProblems(merge: Merge, current: HouseholdState, describe: DescribeValue): RowProblem[] {
  return merge.toConfirm.map((field) => ({
    field: PROBLEM_FIELD[field],
    key: CHANGE_TO_CONFIRM_KEY,
    params: { from: describe(field, current[field]), to: describe(field, merge.next[field]) },
  }));
}

/** The notes of a repeat row: merged into row N, and each later value that was not applied. */
export function repeatNotes(merge: Merge, firstRow: number, describe: DescribeValue): RowProblem[] {
  const notes: RowProblem[] = [{ field: "representativeName", key: "imports:reimport.mergedInto", params: { row: firstRow } }];
  for (const d of merge.differs) {
    notes.push(
      d.field === "farmAreaM2"
        ? { field: "farmAreaM2", key: "imports:reimport.repeatAreaDiffers", params: { area: d.value ?? "", kept: d.kept ?? "", row: firstRow } }
        : { field: PROBLEM_FIELD[d.field], key: "imports:reimport.repeatDiffers", params: { value: describe(d.field, d.value), kept: describe(d.field, d.kept), row: firstRow } },
    );
  }
  return notes;
}
