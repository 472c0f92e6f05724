import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { HOUSEHOLD_STATUSES, households, listings, orders, type HouseholdStatus } from "../../db/schema";
import { communeScope } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { servedCommuneOptions } from "~/addresses/served.server";
import type { Db } from "~/lib/db.server";
import { normalizePhone } from "~/lib/phone";
import { cleanText, fold } from "~/lib/text";
import type { Actor } from "~/accounts/access";
import { parseNationalId } from "./national-id";
import { HOUSEHOLD_STAGES, type HouseholdStage } from "./schemas";

/**
 * The officer's household list: households of the officer's areas (administrators: all), filtered
 * and searched in SQL, one page at a time, with the counts beside the stage filter and the communes
 * the list can be narrowed to.
 */

interface OfficerHouseholdRow {
  id: number;
  displayName: string;
  representativeName: string;
  phone: string;
  status: HouseholdStatus;
  communeCode: string;
  communeName: string;
  nationalIdKind: "cccd" | "cmnd" | null;
  hasOwner: boolean;
  createdAt: Date;
  /** derived: at least one published listing */
  listed: boolean;
  /** derived: at least one completed order */
  sold: boolean;
}

const OFFICER_PAGE_SIZE = 50;

interface OfficerHouseholdFilters {
  /** a stored status, or the derived "listed" / "sold" */
  stage?: HouseholdStage | null;
  /** @deprecated alias of stage, for a stored status */
  status?: HouseholdStatus | null;
  /** current commune code; intersected with the officer's areas */
  communeCode?: string | null;
  /** at least one listing that is not archived (true), or none (false) */
  hasListings?: boolean | null;
  /** at least one completed order (true), or none (false) */
  hasSales?: boolean | null;
  /** name (with or without diacritics), phone (any written form, or a part of it) or ID number */
  q?: string | null;
  /** a hamlet as written in the address line ("Ấp Mỹ Lợi", or "Mỹ Lợi") */
  hamlet?: string | null;
  /** households created or last updated by this import batch */
  batchId?: number | null;
  page?: number;
}

export type HouseholdSetFilters = Omit<OfficerHouseholdFilters, "status" | "page">;

function areaFilter(db: Db, actor: Actor): SQL | undefined | "none" {
  const communes = communeScope(db, actor);
  if (communes === null) return undefined;
  if (communes.length === 0) return "none";
  return inArray(households.communeCode, communes);
}

// Correlated EXISTS on listings_household_idx (household_id, status) and orders_household_idx
// (household_id, status, created_at): one index probe per household, never a join that multiplies rows.
const hasPublished = sql`EXISTS (SELECT 1 FROM ${listings} l WHERE l.household_id = ${households.id} AND l.status = 'published')`;
const hasActiveListing = sql`EXISTS (SELECT 1 FROM ${listings} l WHERE l.household_id = ${households.id} AND l.status <> 'archived')`;
const hasCompletedOrder = sql`EXISTS (SELECT 1 FROM ${orders} o WHERE o.household_id = ${households.id} AND o.status = 'completed')`;

function stageFilter(stage: HouseholdStage): SQL {
  if (stage === "listed") return hasPublished;
  if (stage === "sold") return hasCompletedOrder;
  return eq(households.status, stage);
}

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (column: SQL | typeof households.nameFolded, text: string) => sql`${column} LIKE ${`%${likeEscape(text)}%`} ESCAPE '\\'`;

/**
 * The search box. Words: the folded representative name (so "nguyen van tu" finds "Nguyễn Văn
 * Tư") or the shop name as typed. Digits: a whole phone number in any written form, or a whole ID
 * number (an 11-digit CCCD whose leading 0 a spreadsheet dropped too), matched exactly on the
 * indexes; any other run of digits (a CMND too) is also looked for inside phones and ID numbers.
 */
function householdSearchFilter(q: string): SQL | undefined {
  const text = cleanText(q);
  if (text === "") return undefined;
  const digits = text.replace(/[\s.\-()+\u00a0]/g, "");
  if (!/^\d{3,}$/.test(digits)) return or(contains(households.nameFolded, fold(text)), contains(sql`${households.displayName}`, text));
  const exact: SQL[] = [];
  const phone = normalizePhone(text);
  if (phone.ok) exact.push(eq(households.phone, phone.e164), eq(households.zaloPhone, phone.e164));
  const id = parseNationalId(digits.length === 11 ? `0${digits}` : digits);
  if (id.ok) exact.push(eq(households.nationalId, id.value));
  // A whole phone or CCCD is unambiguous; nine digits that are no phone may be a CMND or part of a phone.
  if (phone.ok || (id.ok && id.kind === "cccd")) return or(...exact);
  return or(...exact, contains(sql`${households.phone}`, digits.replace(/^(84|0)/, "")), contains(sql`${households.nationalId}`, digits));
}

/** Every filter but the stage (the stage counts are taken under these). */
function baseFilters(db: Db, actor: Actor, filters: OfficerHouseholdFilters): SQL | undefined | "none" {
  const area = areaFilter(db, actor);
  if (area === "none") return "none";
  const commune = (filters.communeCode ?? "").trim();
  return and(
    area,
    commune ? eq(households.communeCode, commune) : undefined,
    filters.hasListings === true ? hasActiveListing : filters.hasListings === false ? sql`NOT ${hasActiveListing}` : undefined,
    filters.hasSales === true ? hasCompletedOrder : filters.hasSales === false ? sql`NOT ${hasCompletedOrder}` : undefined,
    filters.q ? householdSearchFilter(filters.q) : undefined,
    filters.hamlet && cleanText(filters.hamlet) ? contains(sql`${households.addressLine}`, cleanText(filters.hamlet).normalize("NFC")) : undefined,
    filters.batchId ? eq(households.importBatchId, filters.batchId) : undefined,
  );
}

/**
 * The whole filtered set as one SQL condition (the list's filters, stage included, inside the
 * actor's areas): what a bulk action walks. "none" when the actor covers no commune.
 */
export function householdSetWhere(db: Db, actor: Actor, filters: HouseholdSetFilters): SQL | undefined | "none" {
  const base = baseFilters(db, actor, filters);
  if (base === "none") return "none";
  return and(base, filters.stage ? stageFilter(filters.stage) : undefined);
}

/**
 * Households in the actor's areas (administrators: all), newest first, filtered by commune, stage,
 * listings, sales and the search box; a page of OFFICER_PAGE_SIZE. Written for an officer with
 * tens of thousands of households: filters are SQL (EXISTS probes on the indexes), only the page's
 * rows are read.
 */
export function listHouseholdsForOfficer(
  db: Db,
  actor: Actor,
  options: OfficerHouseholdFilters = {},
): { rows: OfficerHouseholdRow[]; total: number; page: number; pageCount: number } {
  const base = baseFilters(db, actor, options);
  const requested = Math.max(1, Math.floor(options.page ?? 1));
  if (base === "none") return { rows: [], total: 0, page: 1, pageCount: 1 };
  const stage = options.stage ?? options.status ?? null;
  const where = and(base, stage ? stageFilter(stage) : undefined);
  const total = db.select({ n: count() }).from(households).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / OFFICER_PAGE_SIZE));
  const page = Math.min(requested, pageCount);
  const rows = db
    .select({
      id: households.id,
      displayName: households.displayName,
      representativeName: households.representativeName,
      phone: households.phone,
      status: households.status,
      communeCode: households.communeCode,
      nationalIdKind: households.nationalIdKind,
      ownerUserId: households.ownerUserId,
      createdAt: households.createdAt,
      listed: sql<number>`${hasPublished}`,
      sold: sql<number>`${hasCompletedOrder}`,
    })
    .from(households)
    .where(where)
    // Newest first by id (ids follow registration order): SQLite walks the table backwards and
    // stops at the page, where sorting by created_at (no index) sorted every household of the area.
    .orderBy(desc(households.id))
    .limit(OFFICER_PAGE_SIZE)
    .offset((page - 1) * OFFICER_PAGE_SIZE)
    .all();
  const names = new Map<string, string>();
  const nameOf = (code: string) => {
    if (!names.has(code)) names.set(code, getCurrentCommune(db, code)?.name ?? code);
    return names.get(code)!;
  };
  return {
    rows: rows.map((h) => ({
      id: h.id,
      displayName: h.displayName,
      representativeName: h.representativeName,
      phone: h.phone,
      status: h.status,
      communeCode: h.communeCode,
      communeName: nameOf(h.communeCode),
      nationalIdKind: h.nationalIdKind,
      hasOwner: h.ownerUserId !== null,
      createdAt: h.createdAt,
      listed: Boolean(h.listed),
      sold: Boolean(h.sold),
    })),
    total,
    page,
    pageCount,
  };
}

/**
 * How many households of the actor's areas are at each stage, under the other filters (commune,
 * listings, sales, search), in one pass: the counts beside the stage filter.
 */
export function householdStageCounts(db: Db, actor: Actor, filters: Omit<OfficerHouseholdFilters, "stage" | "status" | "page"> = {}): Record<HouseholdStage, number> {
  const counts = Object.fromEntries(HOUSEHOLD_STAGES.map((s) => [s, 0])) as Record<HouseholdStage, number>;
  const base = baseFilters(db, actor, filters);
  if (base === "none") return counts;
  const row = db
    .select({
      all: sql<number>`count(*)`,
      registered: sql<number>`coalesce(sum(${households.status} = 'registered'), 0)`,
      activated: sql<number>`coalesce(sum(${households.status} = 'activated'), 0)`,
      verified: sql<number>`coalesce(sum(${households.status} = 'verified'), 0)`,
      suspended: sql<number>`coalesce(sum(${households.status} = 'suspended'), 0)`,
      listed: sql<number>`coalesce(sum(${hasPublished}), 0)`,
      sold: sql<number>`coalesce(sum(${hasCompletedOrder}), 0)`,
    })
    .from(households)
    .where(base)
    .get();
  if (row) for (const s of HOUSEHOLD_STAGES) counts[s] = row[s];
  return counts;
}

/** How many households of the actor's areas are in each state (for the filter). */
export function householdStatusCounts(db: Db, actor: Actor): Record<HouseholdStatus, number> {
  const counts = Object.fromEntries(HOUSEHOLD_STATUSES.map((s) => [s, 0])) as Record<HouseholdStatus, number>;
  const area = areaFilter(db, actor);
  if (area === "none") return counts;
  const rows = db
    .select({ status: households.status, n: sql<number>`count(*)` })
    .from(households)
    .where(area)
    .groupBy(households.status)
    .all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** The communes the officer's list can be narrowed to: their own, or (administrators) the served provinces'. */
export function officerCommuneChoices(db: Db, actor: Actor): Array<{ code: string; name: string }> {
  const codes = communeScope(db, actor);
  if (codes === null) {
    return servedCommuneOptions(db);
  }
  return codes
    .map((code) => ({ code, name: getCurrentCommune(db, code)?.name ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}
