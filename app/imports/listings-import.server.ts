/**
 * The listings processor: one product-sheet row → a listing created, updated, left unchanged or the row
 * rejected with its reasons. Runs on the same runner as the household import (batches.server.ts), for
 * the command line and the upload page alike.
 *
 * Rules:
 * - The household: by CCCD when the row has one (and only by it: a CCCD that finds nobody is refused,
 *   never guessed from the phone); else by phone among the households of the actor's areas; when
 *   several of them share the phone, the representative's name (folded) picks one, and without it the
 *   row is refused naming them. A household outside the officer's areas is refused; a suspended one too.
 * - The listing: the household's listing with the same folded product name ("Xoài cát" = "xoai cat").
 *   None: created. One: the changed fields are written; nothing changed: unchanged. Several live ones
 *   with that name: refused (the officer edits them in the app). A later row of the same product in the
 *   file is never a second create: with the same values it is "unchanged" (noted), with different ones
 *   it is refused naming the earlier row — a file contradicting itself is the officer's to settle, and
 *   a re-run of it stays all unchanged. (A run resumed after a kill does not know the rows before the
 *   resume point, so a contradicting row just after it is applied instead: the one case where the
 *   resumed result can differ.) In a dry run an overlay stands in for the writes.
 * - An empty stock or description cell keeps what the listing has; a new listing starts at stock 0.
 *   A name written without diacritics never overwrites the listing's accented name.
 * - Status "đăng bán" publishes only what the listings module allows: a household not yet verified,
 *   or stock 0, gets (or keeps) a draft, and the row says why in a note — the product is not lost,
 *   and publishing is one click once the household is verified. "nháp" takes a listing on sale off
 *   sale (paused: a published listing cannot go back to draft) and brings an archived one back as draft.
 * - Every write goes through app/listings/listings.server.ts (createListing, updateListing,
 *   updatePriceAndStock, setListingStatus): listing_events with onBehalf, the search index and the
 *   activity log stay in step exactly as for an edit in the app. Each row's writes sit in a savepoint,
 *   so a row the module refuses leaves nothing behind and the rest of the chunk carries on.
 */
import type { Listing } from "../../db/schema";
import { communeChecker } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { type Actor } from "~/accounts/access.server";
import { canPublish } from "~/households/records.server";
import { getHousehold, type Household } from "~/households/records.server";
import {
  createListing,
  getListing,
  normalizeListingInput,
  setListingStatus,
  updateListing,
  updatePriceAndStock,
} from "~/listings/listings.server";
import type { ListingStatus } from "~/listings/options";
import type { ListingInput } from "~/listings/schema";
import { canTransition } from "~/listings/status";
import type { Db } from "~/lib/db.server";
import { isAppError } from "~/lib/errors";
import { formatPhone } from "~/lib/phone";
import { fold } from "~/lib/text";
import {
  countKnownListingHeaders,
  LISTING_FIELD_SPECS,
  LISTING_CANONICAL_HEADERS,
  LISTING_IMPORT_FIELDS,
  matchListingHeaders,
  type ListingHeaderMatch,
  type RequestedStatus,
} from "./listings-headers";
import { validateListingRow, type ImportedListingRow } from "./listings-validate.server";
import {
  registerProcessor,
  type CheckContext,
  type ImportProcessor,
  type ProcessorContext,
  type RowChecker,
  type RowOutcome,
  type RowProblem,
  type RowWriter,
} from "./processor";

const KEY = "imports:listings";

interface HouseholdRef {
  id: number;
  representativeName: string;
  nameFolded: string;
  communeCode: string;
  status: Household["status"];
}

type HouseholdLookup = { ok: true; household: Household } | { ok: false; errors: RowProblem[] };

const problem = (field: string, key: string, params: Record<string, string | number> = {}): RowProblem => ({
  field,
  key: `${KEY}.${key}`,
  params,
});

/** Written with some tone or vowel mark (or đ): worth keeping over an unaccented spelling. */
function hasMarks(text: string): boolean {
  return fold(text) !== text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** A listing row on its own: the cells parsed and checked (households are found by the writer). */
function checkListings(_db: Db, ctx: CheckContext): RowChecker {
  const match = ctx.columns as ListingHeaderMatch;
  return (row) => {
    const validated = validateListingRow(row.cells, match.columns);
    return validated.ok ? { ok: true, value: validated.value } : { ok: false, errors: validated.errors };
  };
}

function beginListings(db: Db, ctx: ProcessorContext): RowWriter {
  const { actor, dryRun } = ctx;
  const sqlite = db.$client;
  const byNationalId = sqlite.prepare(
    `SELECT id, representative_name AS representativeName, name_folded AS nameFolded, commune_code AS communeCode, status
     FROM households WHERE national_id = ?`,
  );
  const byPhone = sqlite.prepare(
    `SELECT id, representative_name AS representativeName, name_folded AS nameFolded, commune_code AS communeCode, status
     FROM households WHERE phone = ? ORDER BY id`,
  );

  const listingTitles = sqlite.prepare(`SELECT id, title FROM listings WHERE household_id = ? ORDER BY id`);

  const covers = scopeOf(db, actor);
  const households = new Map<number, Household>();
  const householdOf = (id: number): Household => {
    let household = households.get(id);
    if (!household) households.set(id, (household = getHousehold(db, id)!));
    return household;
  };
  const communeName = (code: string) => getCurrentCommune(db, code)?.name ?? code;

  /** dry run: the listings the batch would have written so far, by household + folded name */
  const overlay = new Map<string, Listing>();
  /** first row of each product in this run, with what it asked for */
  const firstRow = new Map<string, { row: number; signature: string }>();

  function findHousehold(row: ImportedListingRow): HouseholdLookup {
    const { nationalId, phone, representativeName } = row.household;
    if (nationalId) {
      const found = byNationalId.get(nationalId) as HouseholdRef | undefined;
      if (!found) return { ok: false, errors: [problem("nationalId", "errors.householdNotFoundById", { value: nationalId })] };
      if (!covers(found.communeCode)) {
        return { ok: false, errors: [problem("nationalId", "errors.outsideArea", { commune: communeName(found.communeCode) })] };
      }
      return { ok: true, household: householdOf(found.id) };
    }
    const shown = formatPhone(phone!);
    const all = byPhone.all(phone) as HouseholdRef[];
    if (all.length === 0) return { ok: false, errors: [problem("phone", "errors.householdNotFoundByPhone", { phone: shown })] };
    // Only the households of the actor's areas are candidates; others are not even named.
    const mine = all.filter((h) => covers(h.communeCode));
    if (mine.length === 0) {
      return { ok: false, errors: [problem("phone", "errors.outsideArea", { commune: communeName(all[0].communeCode) })] };
    }
    let candidates = mine;
    if (representativeName) {
      const folded = fold(representativeName);
      candidates = mine.filter((h) => h.nameFolded === folded);
      if (candidates.length === 0) {
        return {
          ok: false,
          errors: [
            problem("representativeName", "errors.householdNotFoundByPhoneName", {
              phone: shown,
              name: representativeName,
              names: mine.map((h) => h.representativeName).join(", "),
            }),
          ],
        };
      }
      if (candidates.length > 1) {
        return {
          ok: false,
          errors: [problem("representativeName", "errors.phoneNameShared", { phone: shown, name: representativeName, count: candidates.length })],
        };
      }
    } else if (candidates.length > 1) {
      return {
        ok: false,
        errors: [
          problem("phone", "errors.phoneShared", {
            phone: shown,
            count: candidates.length,
            names: candidates.map((h) => h.representativeName).join(", "),
          }),
        ],
      };
    }
    return { ok: true, household: householdOf(candidates[0].id) };
  }

  /**
   * Listing ids of each household by folded title, loaded once per household and batch (a file names a
   * household's products row after row; re-reading all its listings per row would be quadratic).
   * Bounded, for a file naming a great many households.
   */
  const titles = new Map<number, Map<string, number[]>>();
  const listingIds = (householdId: number, titleFolded: string): number[] => {
    let byTitle = titles.get(householdId);
    if (!byTitle) {
      if (titles.size >= 20_000) titles.clear();
      byTitle = new Map();
      for (const l of listingTitles.all(householdId) as Array<{ id: number; title: string }>) {
        const key = fold(l.title);
        byTitle.set(key, [...(byTitle.get(key) ?? []), l.id]);
      }
      titles.set(householdId, byTitle);
    }
    return byTitle.get(titleFolded) ?? [];
  };

  /** The household's listing of that product: the overlay's (dry run), else the database's, read afresh. */
  function findListing(household: Household, titleFolded: string): { ok: true; listing: Listing | null } | { ok: false; count: number } {
    const pending = overlay.get(`${household.id}|${titleFolded}`);
    if (pending) return { ok: true, listing: pending };
    const same = listingIds(household.id, titleFolded)
      .map((id) => getListing(db, id))
      .filter((l): l is Listing => l !== undefined && l.householdId === household.id && fold(l.title) === titleFolded);
    if (same.length <= 1) return { ok: true, listing: same[0] ?? null };
    // A live listing wins over archived ones of the same name; two live ones cannot be told apart.
    const live = same.filter((l) => l.status !== "archived");
    if (live.length === 1) return { ok: true, listing: live[0] };
    if (live.length === 0) return { ok: true, listing: same.sort((a, b) => b.id - a.id)[0] };
    return { ok: false, count: live.length };
  }

  return (sheetRow, checked): RowOutcome => {
    const row = checked.value as ImportedListingRow;

    const found = findHousehold(row);
    if (!found.ok) return { outcome: "rejected", errors: found.errors };
    const household = found.household;
    if (household.status === "suspended") {
      return { outcome: "rejected", errors: [problem(row.household.nationalId ? "nationalId" : "phone", "errors.householdSuspended", { name: household.displayName })] };
    }

    const listingFound = findListing(household, row.titleFolded);
    if (!listingFound.ok) {
      return { outcome: "rejected", errors: [problem("title", "errors.listingAmbiguous", { title: row.title, count: listingFound.count })] };
    }
    const existing = listingFound.listing;
    const notes: RowProblem[] = [];
    // A product named again later in the file: the same values are a harmless repeat; different ones
    // are refused, so the file's result never depends on which row "wins" and a re-run stays unchanged.
    const productKey = `${household.id}|${row.titleFolded}`;
    const signature = JSON.stringify([row.category, row.unit, row.priceVnd, row.stock, row.description, row.status]);
    const earlier = firstRow.get(productKey);
    if (earlier) {
      if (earlier.signature !== signature) {
        return { outcome: "rejected", errors: [problem("title", "errors.conflictsWithRow", { row: earlier.row, title: row.title })] };
      }
      return { outcome: "unchanged", notes: [problem("title", "notes.repeatOf", { row: earlier.row })] };
    }
    firstRow.set(productKey, { row: sheetRow.rowNumber, signature });

    try {
      const plan = existing ? planUpdate(db, household, existing, row, notes) : planCreate(db, household, row, notes);
      if (plan.outcome === "unchanged") return { outcome: "unchanged", notes: notes.length ? notes : undefined };
      if (dryRun) overlay.set(productKey, plan.after);
      else {
        const id = db.transaction(() => plan.write(actor));
        // A new listing (or a renamed one: same folded title) is found by the next rows of the file.
        const ids = listingIds(household.id, row.titleFolded);
        if (!ids.includes(id)) ids.push(id);
        titles.get(household.id)?.set(row.titleFolded, ids);
      }
      return { outcome: plan.outcome, notes: notes.length ? notes : undefined };
    } catch (error) {
      // The listings module's own checks (e.g. the household's address no longer resolves): the row is refused.
      if (isAppError(error)) return { outcome: "rejected", errors: [{ field: error.field ?? "title", key: error.messageKey, params: error.params }] };
      throw error;
    }
  };
}

type Plan =
  | { outcome: "unchanged" }
  /** write: the listing's id */
  | { outcome: "created" | "updated"; after: Listing; write(actor: Actor): number };

/** The status a row's wish leads to from `from` (null: keep), with a note when it cannot be granted. */
function targetStatus(
  household: Household,
  from: ListingStatus,
  wish: RequestedStatus | null,
  stock: number,
  notes: RowProblem[],
): ListingStatus | null {
  if (!wish) return null;
  if (wish === "draft") {
    if (from === "published" || from === "sold_out") {
      notes.push(problem("status", "notes.pausedInsteadOfDraft"));
      return "paused";
    }
    if (from === "archived") {
      notes.push(problem("status", "notes.restoredAsDraft"));
      return "draft";
    }
    return null;
  }
  if (from === "published" || from === "sold_out") return null; // on sale already (sold out follows stock)
  if (!canPublish(household)) {
    notes.push(problem("status", "notes.draftUnverified"));
    return from === "archived" ? "draft" : null;
  }
  if (stock <= 0) {
    notes.push(problem("stock", "notes.draftNoStock"));
    return from === "archived" ? "draft" : null;
  }
  return "published";
}

function planCreate(db: Db, household: Household, row: ImportedListingRow, notes: RowProblem[]): Plan {
  const input: ListingInput = {
    title: row.title,
    description: row.description ?? "",
    category: row.category,
    unit: row.unit,
    priceVnd: row.priceVnd,
    stock: row.stock ?? 0,
  };
  // The module's own checks, run in a dry run too so it reports what a real run would.
  const columns = normalizeListingInput(db, household, input);
  const status = targetStatus(household, "draft", row.status, columns.stock, notes) ?? "draft";
  const now = new Date();
  const after: Listing = {
    ...columns,
    id: 0,
    householdId: household.id,
    status,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    publishedAt: status === "published" ? now : null,
  };
  return {
    outcome: "created",
    after,
    write(actor) {
      const listing = createListing(db, actor, household.id, input);
      if (status !== "draft") setListingStatus(db, actor, listing.id, status);
      return listing.id;
    },
  };
}

/** Fields a sheet sets; the rest (season, certifications, delivery area, photos…) stay the farmer's. */
const SHEET_FIELDS = ["title", "description", "category", "unit", "priceVnd", "stock"] as const;

function planUpdate(db: Db, household: Household, existing: Listing, row: ImportedListingRow, notes: RowProblem[]): Plan {
  const input: ListingInput = {
    title: row.title !== existing.title && hasMarks(row.title) ? row.title : existing.title,
    description: row.description ?? existing.description,
    category: row.category,
    unit: row.unit,
    priceVnd: row.priceVnd,
    stock: row.stock ?? existing.stock,
    commodityId: existing.commodityId,
    minOrder: existing.minOrder,
    availableFrom: existing.availableFrom,
    availableTo: existing.availableTo,
    certifications: existing.certifications,
    deliveryArea: existing.deliveryArea?.kind === "communes" ? existing.deliveryArea : null,
  };
  const columns = normalizeListingInput(db, household, input);
  const changed = SHEET_FIELDS.filter((field) => columns[field] !== existing[field]);
  // What the module itself does to the status on a stock change (published ↔ sold out).
  let statusAfterEdit = existing.status;
  if (changed.includes("stock")) {
    if (existing.status === "published" && columns.stock <= 0) statusAfterEdit = "sold_out";
    else if (existing.status === "sold_out" && columns.stock > 0 && canPublish(household)) statusAfterEdit = "published";
  }
  const wanted = targetStatus(household, statusAfterEdit, row.status, columns.stock, notes);
  // archived → published goes through draft (the state map has no direct step).
  const steps: ListingStatus[] = [];
  if (wanted && wanted !== statusAfterEdit) {
    if (!canTransition(statusAfterEdit, wanted) && statusAfterEdit === "archived") steps.push("draft");
    steps.push(wanted);
  }
  if (changed.length === 0 && steps.length === 0) return { outcome: "unchanged" };
  const finalStatus = steps.at(-1) ?? statusAfterEdit;
  const after: Listing = { ...existing, ...columns, status: finalStatus, updatedAt: new Date() };
  const priceAndStockOnly = changed.every((field) => field === "priceVnd" || field === "stock");
  return {
    outcome: "updated",
    after,
    write(actor) {
      if (changed.length && priceAndStockOnly) updatePriceAndStock(db, actor, existing.id, { priceVnd: columns.priceVnd, stock: columns.stock });
      else if (changed.length) updateListing(db, actor, existing.id, input);
      for (const status of steps) setListingStatus(db, actor, existing.id, status, "import");
      return existing.id;
    },
  };
}

/** Is a commune in the actor's areas (the access policy, cached per batch)? */
const scopeOf = communeChecker;

export const listingsProcessor: ImportProcessor = {
  kind: "listings",
  isHeaderRow: (cells) => countKnownListingHeaders(cells) >= 2,
  fields: LISTING_FIELD_SPECS,
  keepsExtras: false,
  matchHeaders(headers, overrides) {
    const match = matchListingHeaders(headers, overrides);
    return match.missing.length || match.duplicate
      ? { ok: false, missing: [...match.missing], duplicate: match.duplicate, mapping: match.mapping }
      : { ok: true, columns: match, mapping: match.mapping };
  },
  templateHeaders: (locale) => LISTING_IMPORT_FIELDS.map((field) => LISTING_CANONICAL_HEADERS[field][locale]),
  check: checkListings,
  begin: beginListings,
};

registerProcessor(listingsProcessor);
