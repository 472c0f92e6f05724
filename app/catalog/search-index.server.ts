import type Database from "better-sqlite3";
import { i18nResources } from "~/i18n/resources.server";
import type { Db } from "~/lib/db.server";
import { fold } from "~/lib/text";
import { communePlace } from "./places.server";
import { filterToken } from "./query";
import { synonymsOf } from "./synonyms";

/**
 * The listings_fts index (db/migrations/0002_listings_search.sql): one row per published listing of a
 * verified household, rowid = listings.id, every column folded by fold() (unicode61 does not fold đ).
 *   title  — the title
 *   body   — description, category names (vi, en), commodity names and aliases, synonyms, filter tokens
 *   seller — shop name and representative's name
 *   place  — commune, province and the former communes/districts/provinces it came from, filter tokens
 * The listings and households modules call these functions inside their own write transactions.
 */

interface SourceRow {
  id: number;
  title: string;
  description: string;
  category: string;
  status: string;
  certifications: string;
  householdStatus: string;
  displayName: string;
  representativeName: string;
  communeCode: string;
  householdCertifications: string;
  commodityVi: string | null;
  commodityEn: string | null;
  commodityAliases: string | null;
}

const SOURCE_SQL = `SELECT l.id, l.title, l.description, l.category, l.status, l.certifications,
    h.status AS householdStatus, h.display_name AS displayName, h.representative_name AS representativeName,
    h.commune_code AS communeCode, h.certifications AS householdCertifications,
    c.name_vi AS commodityVi, c.name_en AS commodityEn, c.aliases AS commodityAliases
  FROM listings l JOIN households h ON h.id = l.household_id LEFT JOIN commodities c ON c.id = l.commodity_id`;

function statements(sqlite: Database.Database) {
  return {
    source: sqlite.prepare(`${SOURCE_SQL} WHERE l.id = ?`),
    householdListings: sqlite.prepare(`SELECT id FROM listings WHERE household_id = ?`),
    remove: sqlite.prepare(`DELETE FROM listings_fts WHERE rowid = ?`),
    insert: sqlite.prepare(`INSERT INTO listings_fts (rowid, title, body, seller, place) VALUES (?, ?, ?, ?, ?)`),
  };
}
const cache = new WeakMap<Database.Database, ReturnType<typeof statements>>();
function stmts(db: Db) {
  let s = cache.get(db.$client);
  if (!s) cache.set(db.$client, (s = statements(db.$client)));
  return s;
}

function parseList(json: string | null): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

function categoryNames(category: string): string[] {
  const resources = i18nResources();
  return (["vi", "en"] as const).map((locale) => {
    const catalog = resources[locale]?.catalog as { categories?: Record<string, string> } | undefined;
    return catalog?.categories?.[category] ?? category;
  });
}

interface IndexRow {
  title: string;
  body: string;
  seller: string;
  place: string;
}

/** The folded text of one listing, exactly as written into listings_fts. */
function indexText(db: Db, row: SourceRow): IndexRow {
  const commodityNames = [row.commodityVi ?? "", row.commodityEn ?? "", ...parseList(row.commodityAliases)];
  const certifications = new Set([...parseList(row.certifications), ...parseList(row.householdCertifications)]);
  const place = communePlace(db, row.communeCode);
  const body = [
    fold(row.description),
    ...categoryNames(row.category).map(fold),
    ...commodityNames.map(fold),
    fold(synonymsOf(`${row.title} ${row.commodityVi ?? ""}`)),
    filterToken.category(row.category),
    ...[...certifications].map(filterToken.certification),
  ];
  return {
    title: fold(row.title),
    body: body.filter(Boolean).join(" "),
    seller: fold(`${row.displayName} ${row.representativeName}`),
    place: [
      place?.searchText ?? "",
      filterToken.commune(row.communeCode),
      place ? filterToken.province(place.provinceCode) : "",
    ]
      .filter(Boolean)
      .join(" "),
  };
}

function write(db: Db, listingId: number, row: SourceRow | undefined) {
  const s = stmts(db);
  s.remove.run(listingId);
  if (!row || row.status !== "published" || row.householdStatus !== "verified") return false;
  const text = indexText(db, row);
  s.insert.run(listingId, text.title, text.body, text.seller, text.place);
  return true;
}

/**
 * Writes a listing's folded text into the index, or removes it when the listing is not published or
 * its household is not verified. Synchronous: call it inside the transaction that changed the listing.
 */
export function indexListing(db: Db, listingId: number): void {
  write(db, listingId, stmts(db).source.get(listingId) as SourceRow | undefined);
}

export function removeListingFromIndex(db: Db, listingId: number): void {
  stmts(db).remove.run(listingId);
}

/** Re-indexes every listing of a household: after verify, suspend, reinstate, rename or a move. */
export function reindexHousehold(db: Db, householdId: number): void {
  const ids = stmts(db).householdListings.all(householdId) as { id: number }[];
  db.$client.transaction(() => {
    for (const { id } of ids) indexListing(db, id);
  })();
}

/** Empties and refills the whole index from the listings, left in one segment; returns how many listings are indexed. */
export function rebuildSearchIndex(db: Db): number {
  const sqlite = db.$client;
  const indexed = sqlite.transaction(() => {
    sqlite.prepare(`DELETE FROM listings_fts`).run();
    let indexed = 0;
    // all() rather than iterate(): the connection cannot write while a read cursor is open.
    const rows = sqlite.prepare(`${SOURCE_SQL} WHERE l.status = 'published' AND h.status = 'verified'`).all() as SourceRow[];
    const insert = stmts(db).insert;
    for (const row of rows) {
      const text = indexText(db, row);
      insert.run(row.id, text.title, text.body, text.seller, text.place);
      indexed++;
    }
    return indexed;
  })();
  // A bulk write leaves dozens of segments; one is what every query reads fastest (see mergeSearchIndex).
  sqlite.prepare(`INSERT INTO listings_fts (listings_fts) VALUES ('optimize')`).run();
  return indexed;
}

/**
 * Segments (b-trees) of the FTS5 index. Each write transaction adds one and FTS5's automerge keeps up to
 * about four per level, so a catalogue written one listing at a time has tens of them, and every term of
 * every query is looked up in each: on 400,000 listings, 25 segments made the candidate query ≈ 4× slower
 * than one (docs/decisions/0043-broad-searches.md).
 */
export function searchIndexSegments(db: Db): number {
  return db.$client.prepare(`SELECT count(DISTINCT segid) FROM listings_fts_idx`).pluck().get() as number;
}

/** Above this many segments the worker merges the index (in steps, see mergeSearchIndex), at most once a SEARCH_MERGE_INTERVAL_MS. */
export const MAX_SEARCH_SEGMENTS = 8;
export const SEARCH_MERGE_INTERVAL_MS = 24 * 3_600_000;

/**
 * One bounded step of merging every segment into one (FTS5 'merge' with a negative page count: all
 * levels together, about `pages` pages written), so the writer lock is held for one step at a time and
 * checkouts go between steps (500 pages: ≈ 0.1 s here under load). Returns true while there is more to merge.
 */
export function mergeSearchIndex(db: Db, pages = 500): boolean {
  const sqlite = db.$client;
  const before = sqlite.prepare(`SELECT total_changes()`).pluck();
  const start = before.get() as number;
  sqlite.prepare(`INSERT INTO listings_fts (listings_fts, rank) VALUES ('merge', ?)`).run(-Math.max(1, Math.trunc(pages)));
  // FTS5 documents it so: fewer than two changes means the step had nothing left to do.
  return (before.get() as number) - start >= 2;
}

/**
 * What indexText writes changes with the search rules (synonyms, aliases, codes). Bump this when it
 * does: start-up then rebuilds the index of an existing database once. Kept in SQLite's
 * user_version, which nothing else uses (drizzle keeps its own migrations table).
 */
export const SEARCH_INDEX_FORMAT = 2;

/** Rebuilds the index when it was written under another format; true when it did. */
export function ensureSearchIndexFormat(db: Db): boolean {
  const current = db.$client.pragma("user_version", { simple: true }) as number;
  if (current === SEARCH_INDEX_FORMAT) return false;
  rebuildSearchIndex(db);
  db.$client.pragma(`user_version = ${SEARCH_INDEX_FORMAT}`);
  return true;
}
