import { z } from "zod";
import type { Db } from "~/lib/db.server";
import { CATEGORIES, CERTIFICATIONS, type Category, type Certification } from "~/listings/options";
import { cachedCatalogRead } from "./cache.server";
import { cardsByIds, VISIBLE, type ListingCard } from "./catalog.server";
import { communesOfPlace, detectablePlaces, type DetectablePlace } from "./places.server";
import { buildMatch, cutQuery, filterToken, isPrefixGroup, joinCodes, quote, tokenize, type Tokens } from "./query";
import { CANDIDATE_CAP, candidates, partialCandidates, prepare, type Plan } from "./candidates.server";
import { compareRanked, rankPrepared, type PreparedCandidate, type RankGroup, type Ranked } from "./ranking";
import { correctQuery, isIndexTerm, markedSpelling, prefixTerms, surelyAbsent } from "./spelling.server";
import { expandSynonyms } from "./synonyms";

const SORTS = ["relevance", "newest", "price-asc", "price-desc"] as const;
type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 20;
const MAX_PAGE = CANDIDATE_CAP / PAGE_SIZE;
const MAX_PRICE = 1_000_000_000;
/**
 * Fewer matches of all the words than this (half a page: about the first screen of a phone), and listings
 * matching most of them are shown after them ("vú sữa hộp quà": the five gift boxes, then other vú sữa).
 */
const FEW_RESULTS = 10;
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
  /** search exactly what was typed: no correction */
  exact?: boolean;
  /** the query was longer than MAX_QUERY_CHARS and was cut (parseSearchParams) */
  cut?: boolean;
}

/** Why a result is shown although it is not a plain match of every word as typed. */
export type MatchNote = "close" | "partial" | "farm";

export interface SearchItem extends ListingCard {
  notes: MatchNote[];
}

interface SearchResult {
  items: SearchItem[];
  /** number of matches, or CANDIDATE_CAP when totalIsLowerBound */
  total: number;
  totalIsLowerBound: boolean;
  page: number;
  pageCount: number;
  /** the place name found in the query and used as a filter */
  place: { label: string; kind: DetectablePlace["kind"] } | null;
  sort: Sort;
  /** the query was cut to MAX_QUERY_CHARS characters */
  cut: boolean;
  /** the query found nothing as typed; these are the results of a clear correction */
  correction: { typed: string; searched: string } | null;
  /** several corrections were close: queries to offer */
  suggestions: string[];
  /** some results match only some of the words */
  partial: boolean;
  /** the partial matches follow listings matching every word (the notice must not say none does) */
  partialAfterFull: boolean;
  /** some results match a word typed with marks only once its marks are stripped */
  close: boolean;
}

const optionalInt = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/[.,\s₫đ]/g, "") : v),
  z.coerce.number().int().min(0).max(MAX_PRICE).optional().catch(undefined),
);
const empty = (v: unknown) => (v === "" || v === null ? undefined : v);

/** Query string → search parameters; a bad value is dropped, never an error page. */
const SearchParamsSchema = z.object({
  q: z.string().optional().catch(undefined),
  category: z.preprocess(empty, z.enum(CATEGORIES).optional().catch(undefined)),
  commune: z.preprocess(empty, z.string().regex(/^\d{5}$/).optional().catch(undefined)),
  certification: z.preprocess(empty, z.enum(CERTIFICATIONS).optional().catch(undefined)),
  minPrice: z.preprocess(empty, optionalInt),
  maxPrice: z.preprocess(empty, optionalInt),
  sort: z.preprocess(empty, z.enum(SORTS).optional().catch(undefined)),
  page: z.preprocess(empty, z.coerce.number().int().min(1).max(MAX_PAGE).optional().catch(undefined)),
  exact: z.preprocess(empty, z.literal("1").optional().catch(undefined)),
});

export function parseSearchParams(params: URLSearchParams): SearchParams {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(SearchParamsSchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const { exact, q, ...rest } = SearchParamsSchema.parse(raw);
  // A long query is cut, never dropped: the page says so.
  const kept = q === undefined ? undefined : cutQuery(q);
  return { ...rest, q: kept?.q, ...(kept?.cut ? { cut: true } : {}), ...(exact ? { exact: true } : {}) };
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

interface Found {
  plan: Plan;
  full: PreparedCandidate[];
  /** number of full matches, CANDIDATE_CAP + 1 meaning more */
  total: number;
}

/** All the words (and the place and filters) together. */
function runFull(db: Db, plan: Plan): Found {
  if (plan.groups.some((group, index) => surelyAbsent(db, group, isPrefixGroup(plan.groups, index)))) return { plan, full: [], total: 0 };
  const full = candidates(db, plan, [plan.text, ...plan.filters].filter(Boolean).join(" AND "));
  const total = full.length;
  if (total > CANDIDATE_CAP) full.pop();
  return { plan, full, total };
}

interface Ranking {
  ranked: Array<Ranked & { partial: boolean }>;
  total: number;
}

/** Full matches, then (when they are few) partial ones, ranked and sorted together. */
function rankFound(db: Db, found: Found, sort: Sort): Ranking {
  const { plan } = found;
  let partial: PreparedCandidate[] = [];
  if (found.total < FEW_RESULTS && plan.groups.length >= 2) partial = partialCandidates(db, plan, new Set(found.full.map((c) => c.id)));
  const all = [...found.full, ...partial];
  const ranked = rankPrepared(all, plan.groups).map((r, i) => {
    const isPartial = i >= found.full.length;
    // FTS5 found every group in a full match, whatever the text check says.
    return { ...r, matched: isPartial ? Math.min(r.matched, plan.groups.length - 1) : Math.max(r.matched, plan.groups.length - 0.5), partial: isPartial };
  });
  // Partial matches come after every full match, also after one found only through its farm's name.
  const compare = compareRanked(sort);
  ranked.sort((a, b) => Number(a.partial) - Number(b.partial) || compare(a, b));
  return { ranked, total: found.total + partial.length };
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

/** Word groups of tokens for ranking: marks typed count, marks guessed by a correction count only when found. */
function rankGroups(db: Db, tokens: Tokens, softMarks: ReadonlySet<string>): RankGroup[] {
  return joinCodes(expandSynonyms(tokens.folded, tokens.marked), (word) => isIndexTerm(db, word)).map((group, index, all) => {
    const soft = (group.marked ?? []).some((w) => softMarks.has(w));
    return { ...group, prefix: isPrefixGroup(all, index), marks: soft ? "soft" : "strict" };
  });
}

/** The FTS5 plan of some words: a home-area place name in them becomes a filter (unless asked not to). */
function planOf(db: Db, params: SearchParams, tokens: Tokens, softMarks: ReadonlySet<string>, detectPlace: boolean): Plan {
  const { place, rest } = detectPlace ? extractPlace(tokens, detectablePlaces(db)) : { place: null, rest: tokens };
  const groups = rankGroups(db, rest, softMarks);
  const price = priceFilter(params);
  const filters = [...(place ? [placeFilter(db, place)] : []), ...filterMatch(params)];
  return { text: groups.length ? buildMatch(groups, { prefixLast: true, prefixTerms: (p) => prefixTerms(db, p) }) : "", filters, priceSql: price.sql, priceArgs: price.args, groups, place };
}

/** The words as typed; with a place name, read as words when the place filter leaves nothing ("khóm Tân Phước" from elsewhere). */
function findWords(db: Db, params: SearchParams, tokens: Tokens, softMarks: ReadonlySet<string>): Found {
  const found = runFull(db, planOf(db, params, tokens, softMarks, true));
  if (found.total > 0 || !found.plan.place) return found;
  return runFull(db, planOf(db, params, tokens, softMarks, false));
}

const joinWords = (words: string[]) => words.join(" ");

/**
 * Catalog search: words folded and quoted (never FTS5 syntax), regional synonyms as OR groups, a home-area
 * place name turned into a place filter; candidates ranked by fields, marks and words matched
 * (ranking.ts); a query that finds nothing corrected from the catalogue's own words (spelling.server.ts);
 * few results completed by listings matching most of the words. Filters, sort and pages of PAGE_SIZE.
 * Only published listings of verified households are in the index.
 */
export function search(db: Db, params: SearchParams): SearchResult {
  const key = [params.q ?? "", params.category, params.commune, params.certification, params.minPrice, params.maxPrice, params.sort, params.page, params.exact, params.cut];
  return cachedCatalogRead(db, `search:${JSON.stringify(key)}`, () => searchUncached(db, params));
}

/** The search itself, without the catalog cache (what bench:catalog times). */
export function searchUncached(db: Db, params: SearchParams): SearchResult {
  const page = Math.min(Math.max(1, Math.trunc(params.page ?? 1)), MAX_PAGE);
  const query = cutQuery(params.q ?? "");
  const tokens = tokenize(query.q);
  const notices = { cut: Boolean(params.cut) || query.cut, correction: null as SearchResult["correction"], suggestions: [] as string[], partial: false, partialAfterFull: false, close: false };
  const none = new Set<string>();

  if (tokens.folded.length === 0 && !params.certification) {
    const sort: Sort = params.sort ?? "newest";
    const result = runBrowse(db, params, sort, page);
    return pageOf(db, result.ids.map((id) => ({ id, notes: [] })), result.total, page, null, sort, notices);
  }
  const sort: Sort = params.sort ?? (tokens.folded.length ? "relevance" : "newest");
  let found = findWords(db, params, tokens, none);
  // Nothing as typed: a correction from the catalogue's words, searched at once when it is clearly best.
  if (found.total === 0 && tokens.folded.length > 0 && !params.exact) {
    const fix = correctQuery(db, tokens);
    if (fix) {
      notices.suggestions = fix.alternatives.map((t) => joinWords(t.folded.map((w, i) => (w === tokens.folded[i] ? tokens.marked[i] : markedSpelling(db, w)))));
      if (fix.clear) {
        const corrected = findWords(db, params, fix.tokens, fix.softMarks);
        if (corrected.total > 0) {
          found = corrected;
          const searched = fix.tokens.folded.map((w, i) => (w === tokens.folded[i] ? tokens.marked[i] : markedSpelling(db, w)));
          notices.correction = { typed: query.q, searched: joinWords(searched) };
          notices.suggestions = [];
        }
      }
    }
  }
  const { ranked, total } = rankFound(db, found, sort);
  const offset = (page - 1) * PAGE_SIZE;
  const pageItems = ranked.slice(offset, offset + PAGE_SIZE).map((r) => {
    const notes: MatchNote[] = [];
    if (r.partial) notes.push("partial");
    if (!r.self && r.matched > 0) notes.push("farm");
    if (r.close) notes.push("close");
    return { id: r.id, notes };
  });
  notices.partial = ranked.some((r) => r.partial);
  notices.partialAfterFull = notices.partial && ranked.some((r) => !r.partial);
  notices.close = ranked.some((r) => r.close);
  return pageOf(db, pageItems, total, page, found.plan.place, sort, notices);
}

function pageOf(
  db: Db,
  items: Array<{ id: number; notes: MatchNote[] }>,
  matches: number,
  page: number,
  place: DetectablePlace | null,
  sort: Sort,
  notices: Pick<SearchResult, "cut" | "correction" | "suggestions" | "partial" | "partialAfterFull" | "close">,
): SearchResult {
  const capped = matches > CANDIDATE_CAP;
  const total = Math.min(matches, CANDIDATE_CAP);
  const notesById = new Map(items.map((i) => [i.id, i.notes]));
  return {
    items: cardsByIds(db, items.map((i) => i.id)).map((card) => ({ ...card, notes: notesById.get(card.id) ?? [] })),
    total,
    totalIsLowerBound: capped,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    place: place ? { label: place.label, kind: place.kind } : null,
    sort,
    ...notices,
  };
}
