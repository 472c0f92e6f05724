import type Database from "better-sqlite3";
import { publicSeller, type PublicSeller } from "~/households/seller.server";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { todayInVietnam } from "~/lib/clock";
import { slugify } from "~/lib/text";
import type { Category, Certification, Unit } from "~/listings/options";
import { cachedCatalogRead } from "./cache.server";
import { communePlace } from "./places.server";

/**
 * Catalog reads for buyers. Everything here shows only published listings of verified households,
 * the same rows the search index holds.
 */

interface Photo {
  hash: string;
  width: number;
  height: number;
}

/** What a product card shows, and nothing more: cards are serialised into every catalog page. */
export interface ListingCard {
  id: number;
  /** "/san-pham/xoai-cat-hoa-loc-123" */
  path: string;
  title: string;
  priceVnd: number;
  unit: Unit;
  sellerName: string;
  communeName: string;
  cover: Photo | null;
}

export const listingPath = (id: number, slug: string) => `/san-pham/${slug || "san-pham"}-${id}`;
export const shopPath = (id: number, name: string) => `/nha-vuon/${slugify(name) || "nha-vuon"}-${id}`;
/**
 * Visible to buyers. The household test is a correlated lookup rather than a join condition on purpose:
 * as a join, SQLite plans from the households side and sorts every listing (≈ 200 ms on 100,000
 * listings); this way it walks the listings index in the requested order and stops at the LIMIT.
 */
export const VISIBLE = `l.status = 'published' AND (SELECT hv.status FROM households hv WHERE hv.id = l.household_id) = 'verified'`;

/** "xoai-cat-hoa-loc-123" → { id: 123, slug: "xoai-cat-hoa-loc" }; null when there is no id. */
export function parseSlugId(param: string | undefined): { id: number; slug: string } | null {
  const m = /^(?:(.*)-)?(\d{1,12})$/.exec(param ?? "");
  if (!m) return null;
  const id = Number(m[2]);
  return Number.isSafeInteger(id) && id > 0 ? { id, slug: m[1] ?? "" } : null;
}

interface CardRow {
  id: number;
  slug: string;
  title: string;
  priceVnd: number;
  unit: Unit;
  sellerName: string;
  communeCode: string;
  coverHash: string | null;
  coverWidth: number | null;
  coverHeight: number | null;
}

const CARD_COLUMNS = `l.id, l.slug, l.title, l.price_vnd AS priceVnd, l.unit, h.display_name AS sellerName, h.commune_code AS communeCode,
  p.hash AS coverHash, p.width AS coverWidth, p.height AS coverHeight`;
const CARD_FROM = `listings l JOIN households h ON h.id = l.household_id
  LEFT JOIN listing_photos p ON p.id = (SELECT id FROM listing_photos WHERE listing_id = l.id AND status = 'ready'
    AND hash IS NOT NULL ORDER BY position, id LIMIT 1)`;

function statements(sqlite: Database.Database) {
  return {
    card: sqlite.prepare(`SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE l.id = ? AND ${VISIBLE}`),
    newest: sqlite.prepare(
      `SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE ${VISIBLE} ORDER BY l.published_at DESC, l.id DESC LIMIT ?`,
    ),
    // Bounded: the season test runs on the newest 500 listings only, so the home page stays cheap.
    seasonal: sqlite.prepare(
      `SELECT ${CARD_COLUMNS} FROM (SELECT l.id AS sid FROM listings l JOIN households h ON h.id = l.household_id
         WHERE ${VISIBLE} ORDER BY l.published_at DESC LIMIT 500) s
       JOIN listings l ON l.id = s.sid JOIN households h ON h.id = l.household_id
       LEFT JOIN listing_photos p ON p.id = (SELECT id FROM listing_photos WHERE listing_id = l.id AND status = 'ready'
         AND hash IS NOT NULL ORDER BY position, id LIMIT 1)
       WHERE l.available_from IS NOT NULL AND l.available_from <= @today AND (l.available_to IS NULL OR l.available_to >= @today)
       ORDER BY l.published_at DESC LIMIT @limit`,
    ),
    // Not DISTINCT in SQL: that would read every listing before ordering; the newest 200 are enough.
    recentSellers: sqlite.prepare(
      `SELECT l.household_id AS id FROM listings l JOIN households h ON h.id = l.household_id
       WHERE ${VISIBLE} ORDER BY l.published_at DESC LIMIT 200`,
    ),
    ofSeller: sqlite.prepare(
      `SELECT ${CARD_COLUMNS} FROM ${CARD_FROM} WHERE l.household_id = ? AND l.id <> ? AND ${VISIBLE}
       ORDER BY l.published_at DESC, l.id DESC LIMIT ?`,
    ),
    listing: sqlite.prepare(
      `SELECT l.id, l.slug, l.title, l.description, l.category, l.unit, l.price_vnd AS priceVnd, l.stock,
         l.min_order AS minOrder, l.quantity_step AS quantityStep, l.available_from AS availableFrom, l.available_to AS availableTo,
         l.certifications, l.delivery_area AS deliveryArea, l.household_id AS householdId, l.commodity_id AS commodityId,
         l.published_at AS publishedAt, l.updated_at AS updatedAt, h.status AS householdStatus, l.status
       FROM listings l JOIN households h ON h.id = l.household_id WHERE l.id = ?`,
    ),
    photos: sqlite.prepare(
      `SELECT hash, width, height FROM listing_photos WHERE listing_id = ? AND status = 'ready' AND hash IS NOT NULL
       ORDER BY position, id`,
    ),
    householdBrief: sqlite.prepare(`SELECT display_name AS name, commune_code AS commune, certifications FROM households WHERE id = ?`),
    sitemapListings: sqlite.prepare(
      `SELECT l.id, l.slug, l.updated_at AS updatedAt FROM listings l JOIN households h ON h.id = l.household_id
       WHERE ${VISIBLE} ORDER BY l.id LIMIT ?`,
    ),
    sitemapShops: sqlite.prepare(
      `SELECT h.id, h.display_name AS name, h.updated_at AS updatedAt FROM households h WHERE h.status = 'verified'
       AND EXISTS (SELECT 1 FROM listings l WHERE l.household_id = h.id AND l.status = 'published') ORDER BY h.id LIMIT ?`,
    ),
  };
}
const caches = new WeakMap<Database.Database, ReturnType<typeof statements>>();
function stmts(db: Db) {
  let s = caches.get(db.$client);
  if (!s) caches.set(db.$client, (s = statements(db.$client)));
  return s;
}

function parseList<T extends string>(json: string | null): T[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toCard(db: Db, row: CardRow): ListingCard {
  return {
    id: row.id,
    path: listingPath(row.id, row.slug),
    title: row.title,
    priceVnd: row.priceVnd,
    unit: row.unit,
    sellerName: row.sellerName,
    communeName: communePlace(db, row.communeCode)?.name ?? "",
    cover: row.coverHash && row.coverWidth && row.coverHeight ? { hash: row.coverHash, width: row.coverWidth, height: row.coverHeight } : null,
  };
}

/** Cards for listing ids, in the order given; ids no longer visible are skipped. */
export function cardsByIds(db: Db, ids: number[]): ListingCard[] {
  const s = stmts(db);
  return ids.flatMap((id) => {
    const row = s.card.get(id) as CardRow | undefined;
    return row ? [toCard(db, row)] : [];
  });
}

interface LocalFarm {
  id: number;
  path: string;
  displayName: string;
  communeName: string;
  certifications: Certification[];
}

interface HomeSections {
  seasonal: ListingCard[];
  newest: ListingCard[];
  farms: LocalFarm[];
}

/** The home page: produce in season today, the newest listings, and farms of the home province. */
export function homeSections(db: Db, options: { now?: Date; limit?: number } = {}): HomeSections {
  const today = todayInVietnam(options.now);
  const limit = options.limit ?? 8;
  return cachedCatalogRead(db, `home:${today}:${limit}`, () => readHomeSections(db, today, limit));
}

function readHomeSections(db: Db, today: string, limit: number): HomeSections {
  const s = stmts(db);
  const seasonal = (s.seasonal.all({ today, limit }) as CardRow[]).map((r) => toCard(db, r));
  const newest = (s.newest.all(limit) as CardRow[]).map((r) => toCard(db, r));
  const home = env().HOME_PROVINCE_CODE;
  const farms: LocalFarm[] = [];
  const seen = new Set<number>();
  for (const { id } of s.recentSellers.all() as { id: number }[]) {
    if (seen.has(id)) continue;
    seen.add(id);
    const row = s.householdBrief.get(id) as
      | { name: string; commune: string; certifications: string }
      | undefined;
    const place = row ? communePlace(db, row.commune) : null;
    if (!row || place?.provinceCode !== home) continue;
    farms.push({ id, path: shopPath(id, row.name), displayName: row.name, communeName: place.name, certifications: parseList(row.certifications) });
    if (farms.length >= 6) break;
  }
  return { seasonal, newest, farms };
}

interface ListingDetail {
  id: number;
  path: string;
  slug: string;
  title: string;
  description: string;
  category: Category;
  unit: Unit;
  priceVnd: number;
  stock: number;
  minOrder: number;
  /** the farm's step for weight units (lib/quantity.ts) */
  quantityStep: number;
  availableFrom: string | null;
  availableTo: string | null;
  certifications: Certification[];
  photos: Photo[];
  /** market-price commodity, for the price hint */
  commodityId: number | null;
  updatedAt: number;
}

interface ListingPage {
  listing: ListingDetail;
  seller: PublicSeller;
  sellerPath: string;
  others: ListingCard[];
}

/** A published listing of a verified household with its seller and the seller's other listings; null otherwise. */
export function listingPage(db: Db, id: number, locale: Locale = "vi"): ListingPage | null {
  return cachedCatalogRead(db, `listing:${id}:${locale}`, () => readListingPage(db, id, locale));
}

function readListingPage(db: Db, id: number, locale: Locale): ListingPage | null {
  const s = stmts(db);
  const row = s.listing.get(id) as
    | (Omit<ListingDetail, "certifications" | "photos" | "path"> & {
        certifications: string;
        householdId: number;
        householdStatus: string;
        status: string;
      })
    | undefined;
  if (!row || row.status !== "published" || row.householdStatus !== "verified") return null;
  const seller = publicSeller(db, row.householdId, locale);
  if (!seller) return null;
  return {
    listing: {
      id: row.id,
      path: listingPath(row.id, row.slug),
      slug: row.slug,
      title: row.title,
      description: row.description,
      category: row.category,
      unit: row.unit,
      priceVnd: row.priceVnd,
      stock: row.stock,
      minOrder: row.minOrder,
      quantityStep: row.quantityStep,
      availableFrom: row.availableFrom,
      availableTo: row.availableTo,
      certifications: parseList<Certification>(row.certifications),
      photos: s.photos.all(id) as Photo[],
      commodityId: row.commodityId,
      updatedAt: row.updatedAt,
    },
    seller,
    sellerPath: shopPath(seller.id, seller.displayName),
    others: (s.ofSeller.all(row.householdId, id, 8) as CardRow[]).map((r) => toCard(db, r)),
  };
}

interface ShopPage {
  seller: PublicSeller;
  path: string;
  listings: ListingCard[];
}

/** A verified household's shop: its profile and its published listings (newest first); null otherwise. */
export function shopPage(db: Db, householdId: number, locale: Locale = "vi"): ShopPage | null {
  const seller = publicSeller(db, householdId, locale);
  if (!seller) return null;
  const listings = (stmts(db).ofSeller.all(householdId, 0, 200) as CardRow[]).map((r) => toCard(db, r));
  return { seller, path: shopPath(seller.id, seller.displayName), listings };
}

/** Every public URL for sitemap.xml (capped at the sitemap limit of 50,000 per file). */
export function sitemapEntries(db: Db): Array<{ path: string; updatedAt: number | null }> {
  const s = stmts(db);
  const listingRows = s.sitemapListings.all(45_000) as Array<{ id: number; slug: string; updatedAt: number }>;
  const shopRows = s.sitemapShops.all(4_900) as Array<{ id: number; name: string; updatedAt: number }>;
  return [
    ...listingRows.map((r) => ({ path: listingPath(r.id, r.slug), updatedAt: r.updatedAt })),
    ...shopRows.map((r) => ({ path: shopPath(r.id, r.name), updatedAt: r.updatedAt })),
  ];
}
