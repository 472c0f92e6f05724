import type Database from "better-sqlite3";
import { z } from "zod";
import type { Db } from "~/lib/db.server";
import { CATEGORIES, CERTIFICATIONS, type Category, type Certification } from "~/listings/options";
import { cachedCatalogRead } from "./cache.server";
import { cardsByIds, VISIBLE, type ListingCard } from "./catalog.server";
import { communesOfPlace, detectablePlaces, type DetectablePlace } from "./places.server";
import { buildMatch, filterToken, quote, tokenize, type Tokens } from "./query";
import { expandSynonyms, type TermGroup } from "./synonyms";

const SORTS = ["relevance", "newest", "price-asc", "price-desc"] as const;
type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 20;
/**
 * At most this many candidates are ranked and counted. A word found in most of the catalog ("trái cây")
 * then costs the same as a rare one: the newest CANDIDATE_CAP matches are ranked, and the count reads
 * "more than 200" (10 pages; filters narrow further).
 */
const CANDIDATE_CAP = 200;
const MAX_PAGE = CANDIDATE_CAP / PAGE_SIZE;
const MAX_PRICE = 1_000_000_000;
/** Above this many matches (or with a place or filter), relevance is scored on capped candidates (scoreCandidate). */
const BM25_MAX = 200;
/** bm25 column weights: title, body, seller, place. */
const BM25 = "bm25(listings_fts, 10.0, 2.0, 4.0, 1.0)";

interface SearchParams {
  q?: string;
  category?: Category;
  /** current commune code */
  commune?: string;
  certification?: Certification;
  minPrice?: number;
  maxPrice?: number;
  sort?: Sort;
  page?: number;
}

interface SearchResult {
  items: ListingCard[];
  /** number of matches, or CANDIDATE_CAP when totalIsLowerBound */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
  /** the place name found in the query and used as a filter */
  place: { label: string; kind: DetectablePlace["kind"] } | null;
  sort: Sort;
}

const optionalInt = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[.,\s₫đ]/g, "") : v),
  z.coerce.number().int().min(0).max(MAX_PRICE).optional().catch(undefined),
);
const empty = (v: unknown) => (v === "" || v === null ? undefined : v);

/** Query string → search parameters; a bad value is dropped, never an error page. */
const SearchParamsSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  category: z.preprocess(empty, z.enum(CATEGORIES).optional().catch(undefined)),
  commune: z.preprocess(empty, z.string().regex(/^\d{5}$/).optional().catch(undefined)),
  certification: z.preprocess(empty, z.enum(CERTIFICATIONS).optional().catch(undefined)),
  minPrice: z.preprocess(empty, optionalInt),
  maxPrice: z.preprocess(empty, optionalInt),
  sort: z.preprocess(empty, z.enum(SORTS).optional().catch(undefined)),
  page: z.preprocess(empty, z.coerce.number().int().min(1).max(MAX_PAGE).optional().catch(undefined)),
});

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(SearchParamsSchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return SearchParamsSchema.parse(raw);
}

function statementCache(sqlite: Database.Database) {
  const map = new Map<string, Database.Statement>();
  return (sql: string) => {
    let s = map.get(sql);
    if (!s) map.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
}
const caches = new WeakMap<Database.Database, ReturnType<typeof statementCache>>();
function prepare(db: Db, sql: string) {
  let c = caches.get(db.$client);
  if (!c) caches.set(db.$client, (c = statementCache(db.$client)));
  return c(sql);
}

/** Finds the first home-area place name in the words; returns it and the words without it. */
function extractPlace(tokens: Tokens, places: DetectablePlace[]): { place: DetectablePlace | null; rest: Tokens } {
  for (const place of places) {
    const n = place.words.length;
    for (let i = 0; i + n <= tokens.folded.length; i++) {
      if (place.words.every((w, k) => tokens.folded[i + k] === w)) {
        const keep = (_: string, j: number) => j < i || j >= i + n;
        return { place, rest: { folded: tokens.folded.filter(keep), marked: tokens.marked.filter(keep) } };
      }
    }
  }
  return { place: null, rest: tokens };
}

interface Plan {
  match: string;
  priceSql: string;
  priceArgs: number[];
  /** word groups, for scoring candidates */
  groups: TermGroup[];
  /** rank with FTS5 bm25 (pure words, exact result set small enough) */
  bm25: boolean;
}

function priceFilter(params: SearchParams): { sql: string; args: number[] } {
  const parts: string[] = [];
  const args: number[] = [];
  if (params.minPrice !== undefined) {
    parts.push("l.price_vnd >= ?");
    args.push(params.minPrice);
  }
  if (params.maxPrice !== undefined) {
    parts.push("l.price_vnd <= ?");
    args.push(params.maxPrice);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(""), args };
}

/**
 * Relevance without bm25 for broad or filtered queries: bm25() reads the whole document list of every
 * phrase to weigh it (a word in 60 % of the catalog costs milliseconds), so candidates are scored here
 * instead — each word group found in the title counts 10, in the seller's name 4, elsewhere 1 — plus a
 * bonus for short titles that are mostly the query. Ties go to the newest listing.
 */
function scoreCandidate(title: string, seller: string, groups: TermGroup[], prefixLast: boolean): number {
  const titleWords = title.split(" ");
  const has = (text: string, words: string[], prefix: boolean) => {
    const padded = ` ${text} `;
    const needle = ` ${words.join(" ")}`;
    return prefix ? padded.includes(needle) : padded.includes(`${needle} `);
  };
  let score = 0;
  let titleHits = 0;
  groups.forEach((group, index) => {
    const prefix = prefixLast && index === groups.length - 1;
    if (group.alternatives.some((words) => has(title, words, prefix))) {
      score += 10;
      titleHits += group.alternatives[0].length;
    } else if (group.alternatives.some((words) => has(seller, words, prefix))) score += 4;
    else score += 1;
  });
  return score + (5 * titleHits) / Math.max(titleWords.length, 1);
}

interface Candidate {
  id: number;
  title: string;
  seller: string;
  publishedAt: number;
  price: number;
}

const BY_SORT: Record<Exclude<Sort, "relevance">, (a: Candidate, b: Candidate) => number> = {
  newest: (a, b) => b.publishedAt - a.publishedAt || b.id - a.id,
  "price-asc": (a, b) => a.price - b.price || b.id - a.id,
  "price-desc": (a, b) => b.price - a.price || b.id - a.id,
};

/**
 * Full-text path: FTS5 intersects the words, the place and the filter tokens. One read of at most
 * CANDIDATE_CAP + 1 newest matches gives both the count and the candidates to rank or sort.
 */
function runFts(db: Db, plan: Plan, sort: Sort, page: number): { ids: number[]; total: number } {
  const candidates = prepare(
    db,
    `SELECT listings_fts.rowid AS id, listings_fts.title AS title, listings_fts.seller AS seller,
       l.published_at AS publishedAt, l.price_vnd AS price
     FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid
     WHERE listings_fts MATCH ?${plan.priceSql} ORDER BY listings_fts.rowid DESC LIMIT ?`,
  ).all(plan.match, ...plan.priceArgs, CANDIDATE_CAP + 1) as Candidate[];
  const total = candidates.length;
  if (total === 0) return { ids: [], total: 0 };
  if (total > CANDIDATE_CAP) candidates.pop();
  const offset = (page - 1) * PAGE_SIZE;
  // Pure words with an exact (small) result set: FTS5's own bm25, title weighted highest.
  if (sort === "relevance" && plan.bm25 && total <= BM25_MAX) {
    const rows = prepare(
      db,
      `SELECT id FROM (
         SELECT listings_fts.rowid AS id, ${BM25} AS score, l.published_at AS publishedAt
         FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid
         WHERE listings_fts MATCH ?${plan.priceSql})
       ORDER BY score, publishedAt DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(plan.match, ...plan.priceArgs, PAGE_SIZE, offset) as { id: number }[];
    return { ids: rows.map((r) => r.id), total };
  }
  if (sort === "relevance") {
    const scored = candidates.map((c) => ({ c, score: scoreCandidate(c.title, c.seller, plan.groups, true) }));
    scored.sort((a, b) => b.score - a.score || b.c.publishedAt - a.c.publishedAt || b.c.id - a.c.id);
    return { ids: scored.slice(offset, offset + PAGE_SIZE).map((s) => s.c.id), total };
  }
  candidates.sort(BY_SORT[sort]);
  return { ids: candidates.slice(offset, offset + PAGE_SIZE).map((c) => c.id), total };
}

/** Browsing without words: plain indexed SQL over visible listings. */
function runBrowse(db: Db, params: SearchParams, sort: Sort, page: number): { ids: number[]; total: number } {
  const where: string[] = [VISIBLE];
  const args: Array<string | number> = [];
  if (params.category) {
    where.push("l.category = ?");
    args.push(params.category);
  }
  if (params.commune) {
    where.push("h.commune_code = ?");
    args.push(params.commune);
  }
  const price = priceFilter(params);
  const from = `FROM listings l JOIN households h ON h.id = l.household_id WHERE ${where.join(" AND ")}${price.sql}`;
  const allArgs = [...args, ...price.args];
  const count = prepare(db, `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ?)`).get(...allArgs, CANDIDATE_CAP + 1) as { n: number };
  const order = sort === "price-asc" ? "l.price_vnd ASC, l.id DESC" : sort === "price-desc" ? "l.price_vnd DESC, l.id DESC" : "l.published_at DESC, l.id DESC";
  const rows = prepare(db, `SELECT l.id ${from} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...allArgs, PAGE_SIZE, (page - 1) * PAGE_SIZE) as {
    id: number;
  }[];
  return { ids: rows.map((r) => r.id), total: count.n };
}

/** Above this many communes a place is matched by its name in the place column rather than by commune tokens. */
const MAX_PLACE_TOKENS = 24;

/**
 * A place as an FTS5 filter: the current province by its token, a former district by the tokens of the
 * communes it went into (small document lists, cheap to intersect), a wide former province by its name.
 */
function placeFilter(db: Db, place: DetectablePlace): string {
  if (place.provinceCode) return `{place} : ${quote(filterToken.province(place.provinceCode))}`;
  const codes = communesOfPlace(db, place);
  if (codes.length > 0 && codes.length <= MAX_PLACE_TOKENS) {
    return `{place} : (${codes.map((code) => quote(filterToken.commune(code))).join(" OR ")})`;
  }
  return buildMatch([{ alternatives: [place.words] }], { column: "place" });
}

function filterMatch(params: SearchParams): string[] {
  const parts: string[] = [];
  if (params.category) parts.push(`{body} : ${quote(filterToken.category(params.category))}`);
  if (params.certification) parts.push(`{body} : ${quote(filterToken.certification(params.certification))}`);
  if (params.commune) parts.push(`{place} : ${quote(filterToken.commune(params.commune))}`);
  return parts;
}

/**
 * Catalog search: words folded and quoted (never FTS5 syntax), regional synonyms as OR groups, a home-area
 * place name turned into a place filter, bm25 ranking with the title weighted highest, filters, sort and
 * pages of PAGE_SIZE. Only published listings of verified households are in the index.
 */
export function search(db: Db, params: SearchParams): SearchResult {
  const key = [params.q ?? "", params.category, params.commune, params.certification, params.minPrice, params.maxPrice, params.sort, params.page];
  return cachedCatalogRead(db, `search:${JSON.stringify(key)}`, () => searchUncached(db, params));
}

/** The search itself, without the catalog cache (what bench:catalog times). */
export function searchUncached(db: Db, params: SearchParams): SearchResult {
  const page = Math.min(Math.max(1, Math.trunc(params.page ?? 1)), MAX_PAGE);
  const tokens = tokenize(params.q ?? "");
  const { place, rest } = extractPlace(tokens, detectablePlaces(db));
  const groups = expandSynonyms(rest.folded, rest.marked);
  const text = groups.length ? buildMatch(groups, { prefixLast: true }) : "";
  const hasWords = text !== "" || place !== null;
  const sort: Sort = params.sort ?? (hasWords ? "relevance" : "newest");
  const price = priceFilter(params);

  let result: { ids: number[]; total: number };
  let usedPlace = place;
  if (!hasWords && !params.certification) {
    result = runBrowse(db, params, sort, page);
  } else {
    const filters = filterMatch(params);
    const placeMatch = place ? placeFilter(db, place) : "";
    const match = [text, placeMatch, ...filters].filter(Boolean).join(" AND ");
    const pure = !place && filters.length === 0;
    result = runFts(db, { match, priceSql: price.sql, priceArgs: price.args, groups, bm25: pure }, sort, page);
    // "khóm Tân Phước" from a farm elsewhere: when the place filter leaves nothing, read the place as words.
    if (result.total === 0 && place) {
      const allGroups = expandSynonyms(tokens.folded, tokens.marked);
      const words = buildMatch(allGroups, { prefixLast: true });
      result = runFts(db, { match: [words, ...filters].join(" AND "), priceSql: price.sql, priceArgs: price.args, groups: allGroups, bm25: false }, sort, page);
      usedPlace = null;
    }
  }
  const capped = result.total > CANDIDATE_CAP;
  const total = Math.min(result.total, CANDIDATE_CAP);
  return {
    items: cardsByIds(db, result.ids),
    total,
    totalIsLowerBound: capped,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    place: usedPlace ? { label: usedPlace.label, kind: usedPlace.kind } : null,
    sort,
  };
}
