import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { catalogVersion } from "./cache.server";
import type { DetectablePlace } from "./places.server";
import { buildMatch, isPrefixGroup } from "./query";
import { candidateWords, type CandidateWords, type PreparedCandidate, type RankGroup } from "./ranking";
import { prefixTerms, surelyAbsent } from "./spelling.server";

/** Candidate listings of a search plan, read from the index with the words ranking reads of them. */

/**
 * At most this many candidates are ranked and counted. A word found in most of the catalog ("trái cây")
 * then costs the same as a rare one: the newest CANDIDATE_CAP matches are ranked, and the count reads
 * "more than 200" (10 pages; filters narrow further).
 */
export const CANDIDATE_CAP = 200;
function statementCache(sqlite: Database.Database) {
  const map = new Map<string, Database.Statement>();
  return (sql: string) => {
    let s = map.get(sql);
    if (!s) map.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
}
const caches = new WeakMap<Database.Database, ReturnType<typeof statementCache>>();
export function prepare(db: Db, sql: string) {
  let c = caches.get(db.$client);
  if (!c) caches.set(db.$client, (c = statementCache(db.$client)));
  return c(sql);
}

export interface Plan {
  /** the words' FTS5 expression, "" when the query is only a place */
  text: string;
  /** place, category, commune and certification filters, as FTS5 expressions */
  filters: string[];
  priceSql: string;
  priceArgs: number[];
  groups: RankGroup[];
  place: DetectablePlace | null;
}

interface CandidateRow {
  id: number;
  publishedAt: number;
  price: number;
}

/** Rows with the words ranking reads (split once per catalog version, wordsOf). */
function withWords(db: Db, rows: CandidateRow[]): PreparedCandidate[] {
  const words = wordsOf(db, rows.map((r) => r.id));
  return rows.flatMap((r) => {
    const w = words.get(r.id);
    return w ? [{ ...r, words: w }] : [];
  });
}

/** The newest CANDIDATE_CAP + 1 listings matching an FTS5 expression and the price filter. */
export function candidates(db: Db, plan: Plan, match: string): PreparedCandidate[] {
  const rows = prepare(
    db,
    `SELECT listings_fts.rowid AS id, l.published_at AS publishedAt, l.price_vnd AS price
     FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid
     WHERE listings_fts MATCH ?${plan.priceSql} ORDER BY listings_fts.rowid DESC LIMIT ?`,
  ).all(match, ...plan.priceArgs, CANDIDATE_CAP + 1) as CandidateRow[];
  return withWords(db, rows);
}

/**
 * Listings matching some but not all word groups, most groups first: each group's newest CANDIDATE_CAP
 * matches (cheap for broad words too), counted per listing; the best CANDIDATE_CAP are read for ranking.
 * Rarer groups weigh more, so "bưởi" found outweighs a common "da" found.
 */
export function partialCandidates(db: Db, plan: Plan, exclude: Set<number>): PreparedCandidate[] {
  const counts = new Map<number, number>();
  const docs: number[] = [];
  plan.groups.forEach((group, index) => {
    const words = buildMatch([group], { prefixLast: isPrefixGroup(plan.groups, index), prefixTerms: (p) => prefixTerms(db, p) });
    const match = [words, ...plan.filters].join(" AND ");
    // A word no listing has: no query (an AND with it finds nothing, and FTS5 still reads the others).
    const ids = surelyAbsent(db, group, isPrefixGroup(plan.groups, index))
      ? []
      : (prepare(
          db,
          `SELECT listings_fts.rowid FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid
           WHERE listings_fts MATCH ?${plan.priceSql} ORDER BY listings_fts.rowid DESC LIMIT ?`,
        )
          .pluck()
          .all(match, ...plan.priceArgs, CANDIDATE_CAP + 1) as number[]);
    docs.push(Math.max(ids.length, 1));
    for (const id of ids) if (!exclude.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  // The first word names the product ("bưởi" in "bưởi da xanh"); the words after it say which one.
  const rarest = Math.min(...docs);
  plan.groups.forEach((group, index) => (group.weight = (index === 0 ? 2 : 1) * (1 + (2 * rarest) / docs[index])));
  const chosen = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, CANDIDATE_CAP).map(([id]) => id);
  if (chosen.length === 0) return [];
  const rows = prepare(
    db,
    `SELECT l.id AS id, l.published_at AS publishedAt, l.price_vnd AS price FROM json_each(?) j JOIN listings l ON l.id = j.value`,
  ).all(JSON.stringify(chosen)) as CandidateRow[];
  return withWords(db, rows);
}

/**
 * The words ranking reads of each candidate listing, split and folded once per catalog version rather
 * than on every query: the same newest listings are candidates of most queries, and splitting their
 * texts was about a third of a search's time on a large catalogue. Any write to the catalog moves the
 * version and empties the map, so a listing's words are never stale.
 */

/** Words are interned (one string per distinct word), so an entry is a few arrays of references: about 1 KB. */
const MAX_ENTRIES = 20_000;

/** The marked text leaves out the commodity's aliases: they are stored folded, so they say nothing about marks ("dua" would make every pineapple a plain match of "dừa"). */
const WORDS_SQL = `SELECT listings_fts.rowid AS id, listings_fts.title AS title, listings_fts.body AS body,
  listings_fts.seller AS seller, listings_fts.place AS place,
  l.title || ' ' || l.description || ' ' || coalesce(c.name_vi, '') AS marked
  FROM json_each(?) j JOIN listings_fts ON listings_fts.rowid = j.value
  JOIN listings l ON l.id = listings_fts.rowid LEFT JOIN commodities c ON c.id = l.commodity_id`;

interface WordsRow {
  id: number;
  title: string;
  body: string;
  seller: string;
  place: string;
  marked: string;
}

interface Store {
  version: number;
  words: Map<number, CandidateWords>;
  interned: Map<string, string>;
  statement: Database.Statement;
}
const stores = new WeakMap<Database.Database, Store>();

function intern(store: Store, list: string[]): string[] {
  return list.map((w) => {
    const seen = store.interned.get(w);
    if (seen !== undefined) return seen;
    store.interned.set(w, w);
    return w;
  });
}

/** The words of each listing id (ids no longer in the index are left out). */
function wordsOf(db: Db, ids: number[]): Map<number, CandidateWords> {
  const version = catalogVersion(db);
  let store = stores.get(db.$client);
  if (!store) stores.set(db.$client, (store = { version, words: new Map(), interned: new Map(), statement: db.$client.prepare(WORDS_SQL) }));
  if (store.version !== version || store.words.size + ids.length > MAX_ENTRIES) {
    store.version = version;
    store.words.clear();
    store.interned.clear();
  }
  const s = store;
  const missing = ids.filter((id) => !s.words.has(id));
  if (missing.length > 0) {
    for (const row of s.statement.all(JSON.stringify(missing)) as WordsRow[]) {
      const w = candidateWords(row);
      s.words.set(row.id, {
        title: intern(s, w.title),
        body: intern(s, w.body),
        seller: intern(s, w.seller),
        place: intern(s, w.place),
        marked: intern(s, w.marked),
        markedFolded: intern(s, w.markedFolded),
      });
    }
  }
  const out = new Map<number, CandidateWords>();
  for (const id of ids) {
    const words = s.words.get(id);
    if (words) out.set(id, words);
  }
  return out;
}
