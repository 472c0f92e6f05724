import type Database from "better-sqlite3";
import type { Db } from "~/lib/db.server";
import { now } from "~/lib/clock";
import { fold } from "~/lib/text";
import { catalogVersion } from "./cache.server";
import { decodeKeyboard } from "./keyboard";
import { quote, type Tokens } from "./query";
import type { TermGroup } from "./synonyms";

/**
 * Corrections from the catalogue's own words: the folded terms of listings_fts (read through an fts5vocab
 * table with their document counts), kept in memory per connection. A word the catalogue does not have is
 * decoded as Telex or VNI keys, else compared by edit distance with the terms of about its length;
 * candidates are ranked by distance, then by how many listings use them.
 */

/** A rebuild reads the whole index (≈ 0.5 s for 100,000 listings here): at most once a minute when it is slow. */
const SLOW_BUILD_MS = 20;
const MAX_STALE_MS = 60_000;
/** The best candidate is "clearly best" when used by this many times more listings than the next at its distance. */
const CLEAR_RATIO = 3;
const MAX_OPTIONS = 3;

interface Vocabulary {
  /** folded term → number of listings using it */
  docs: Map<string, number>;
  /** terms sorted, for prefix look-ups of the last word */
  sorted: string[];
  /** terms by length */
  byLength: Map<number, string[]>;
  /** every term of every column (farm and place names, filter tokens too), sorted: what a prefix query reaches */
  allSorted: string[];
  allTerms: Set<string>;
}

interface Built {
  version: number;
  at: number;
  cost: number;
  vocabulary: Vocabulary;
}
const built = new WeakMap<Database.Database, Built>();

/** Filter tokens (zk…, zc…, zp…, zv…) and bare numbers are not words anyone would be corrected to. */
const NOT_A_WORD = /^(z[kcpv][a-z0-9]*|\d+)$/;

function build(db: Db): Vocabulary {
  const sqlite = db.$client;
  // A temp fts5vocab table over the main index: nothing in the schema, one per connection. Only the
  // product's own words (title, body) are corrections: a farm's or a place's name is not what a buyer
  // mistyped when nothing matched ("chom" must not become the "cho" of Chợ Gạo).
  sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.listings_fts_vocab USING fts5vocab(main, listings_fts, col)");
  const rows = sqlite.prepare("SELECT term, col, doc FROM temp.listings_fts_vocab").raw().all() as Array<[string, string, number]>;
  const docs = new Map<string, number>();
  const byLength = new Map<number, string[]>();
  const all = new Set<string>();
  for (const [term, col, doc] of rows) {
    all.add(term);
    if ((col !== "title" && col !== "body") || term.length < 2 || NOT_A_WORD.test(term)) continue;
    const seen = docs.get(term);
    // A word in both columns of one listing counts twice: an upper bound is enough to weigh options.
    docs.set(term, (seen ?? 0) + doc);
    if (seen !== undefined) continue;
    const list = byLength.get(term.length);
    if (list) list.push(term);
    else byLength.set(term.length, [term]);
  }
  return { docs, sorted: [...docs.keys()].sort(), byLength, allSorted: [...all].sort(), allTerms: all };
}

/** The vocabulary, rebuilt when the catalog changed (on a large catalogue at most once a minute). */
export function vocabulary(db: Db): Vocabulary {
  const version = catalogVersion(db);
  const at = now().getTime();
  const cached = built.get(db.$client);
  if (cached && (cached.version === version || (cached.cost >= SLOW_BUILD_MS && at - cached.at < MAX_STALE_MS))) return cached.vocabulary;
  const started = performance.now();
  const vocabularyNow = build(db);
  built.set(db.$client, { version, at, cost: performance.now() - started, vocabulary: vocabularyNow });
  return vocabularyNow;
}

/** Index of the first term not below the prefix. */
function lowerBound(sorted: string[], prefix: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasPrefix(v: Vocabulary, prefix: string): boolean {
  const lo = lowerBound(v.sorted, prefix);
  return lo < v.sorted.length && v.sorted[lo].startsWith(prefix);
}

/** The vocabulary when it is the catalog's as it is now (a slow rebuild may leave it a minute behind), else null. */
function currentVocabulary(db: Db): Vocabulary | null {
  const v = vocabulary(db);
  return built.get(db.$client)?.version === catalogVersion(db) ? v : null;
}

/**
 * True when the index surely has no listing with the group's words (a word of every alternative is no
 * term of the index): FTS5 does not stop early on such a word, and an AND of common words with it
 * still costs milliseconds. False when unsure.
 */
export function surelyAbsent(db: Db, group: TermGroup, prefix: boolean): boolean {
  const v = currentVocabulary(db);
  if (!v) return false;
  if (prefix) return prefixTerms(db, group.alternatives[0][0])?.length === 0;
  return group.alternatives.every((words) => words.some((w) => !v.allTerms.has(w)));
}

/** Whether any column of the index has the folded word (as of the vocabulary, at most a minute behind). */
export function isIndexTerm(db: Db, word: string): boolean {
  return vocabulary(db).allTerms.has(word);
}

/** A prefix spelt out as more terms than this stays an FTS5 prefix query. */
const MAX_PREFIX_TERMS = 8;

/**
 * The index's terms starting with a folded prefix, when they are few and the vocabulary is current; else
 * null. FTS5 without a prefix index merges the doclists of a prefix query on every search ("vuon"* took
 * 4.7 ms over 100,000 listings, "vuon" 0.4 ms): the same terms written out find the same listings.
 */
export function prefixTerms(db: Db, prefix: string): string[] | null {
  const v = currentVocabulary(db);
  if (!v) return null;
  const terms: string[] = [];
  for (let i = lowerBound(v.allSorted, prefix); i < v.allSorted.length && v.allSorted[i].startsWith(prefix); i++) {
    if (terms.length === MAX_PREFIX_TERMS) return null;
    terms.push(v.allSorted[i]);
  }
  return terms;
}

/** Whether the catalogue has the folded word (the last word of a query as a prefix, as it is searched). */
export function isKnown(v: Vocabulary, word: string, asPrefix: boolean): boolean {
  return v.docs.has(word) || (asPrefix && word.length >= 3 && hasPrefix(v, word));
}

/** Most edits allowed: none for words of 3 letters or fewer, one up to 6, two beyond. */
function maxDistance(length: number): number {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

/** Edit distance with adjacent transpositions ("xoia" → "xoai" is one), or max + 1 once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] <= max ? prev[b.length] : max + 1;
}

export interface WordOption {
  /** the folded word searched */
  folded: string;
  /** the word with marks when the keys typed said which (Telex, VNI) */
  marked: string | null;
  distance: number;
  docs: number;
}

/** Candidate corrections of one unknown word, best first. */
export function wordOptions(v: Vocabulary, typed: string): WordOption[] {
  const options = new Map<string, WordOption>();
  for (const decoded of decodeKeyboard(typed)) {
    const folded = fold(decoded);
    const docs = v.docs.get(folded);
    if (docs) options.set(folded, { folded, marked: decoded, distance: 0, docs });
  }
  const word = fold(typed);
  const max = maxDistance(word.length);
  for (let length = word.length - max; max > 0 && length <= word.length + max; length++) {
    for (const term of v.byLength.get(length) ?? []) {
      if (options.has(term)) continue;
      const distance = editDistance(word, term, max);
      if (distance <= max) options.set(term, { folded: term, marked: null, distance, docs: v.docs.get(term) ?? 0 });
    }
  }
  return [...options.values()].sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.folded < b.folded ? -1 : 1));
}

/** True when the first option is the one to search at once. */
export function isClearBest(options: WordOption[]): boolean {
  if (options.length === 0) return false;
  if (options.length === 1) return true;
  const [first, second] = options;
  return first.distance < second.distance || first.docs >= CLEAR_RATIO * second.docs;
}

export interface QueryCorrection {
  /** the query's words with each unknown word replaced by its best option */
  tokens: Tokens;
  /** replaced words whose marks were guessed from the keys typed (they count only when found) */
  softMarks: Set<string>;
  /** every replaced word had a clear best option */
  clear: boolean;
  /** other whole queries to offer when some word had several close options */
  alternatives: Tokens[];
}

/** Corrections of a query's unknown words, or null when every word is known or none can be corrected. */
export function correctQuery(db: Db, tokens: Tokens): QueryCorrection | null {
  const v = vocabulary(db);
  const folded = [...tokens.folded];
  const marked = [...tokens.marked];
  const softMarks = new Set<string>();
  let clear = true;
  let changed = false;
  let ambiguous: { index: number; options: WordOption[] } | null = null;
  tokens.folded.forEach((word, i) => {
    if (isKnown(v, word, i === tokens.folded.length - 1)) return;
    const options = wordOptions(v, tokens.marked[i]);
    if (options.length === 0) return;
    const best = options[0];
    folded[i] = best.folded;
    marked[i] = best.marked ?? best.folded;
    if (best.marked) softMarks.add(best.marked);
    changed = true;
    if (!isClearBest(options)) {
      clear = false;
      ambiguous ??= { index: i, options };
    }
  });
  if (!changed) return null;
  const alternatives: Tokens[] = [];
  const found = ambiguous as { index: number; options: WordOption[] } | null;
  if (found) {
    for (const option of found.options.slice(0, MAX_OPTIONS)) {
      const f = [...folded];
      const m = [...marked];
      f[found.index] = option.folded;
      m[found.index] = option.marked ?? option.folded;
      alternatives.push({ folded: f, marked: m });
    }
  }
  return { tokens: { folded, marked }, softMarks, clear, alternatives };
}

/**
 * The most common way listings write a folded word with its marks ("xoai" → "xoài"), read from the
 * titles of the newest listings using it; the folded word when none does.
 */
export function markedSpelling(db: Db, word: string): string {
  const rows = db.$client
    .prepare(`SELECT l.title FROM listings_fts JOIN listings l ON l.id = listings_fts.rowid WHERE listings_fts MATCH ? ORDER BY listings_fts.rowid DESC LIMIT 20`)
    .pluck()
    .all(`{title} : ${quote(word)}`) as string[];
  const counts = new Map<string, number>();
  for (const title of rows) {
    for (const w of title.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (w && fold(w) === word) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  let best = word;
  let bestCount = 0;
  for (const [w, n] of counts) {
    // On a tie the spelling with marks: "bưởi" rather than "buoi".
    if (n > bestCount || (n === bestCount && w !== word && best === word)) [best, bestCount] = [w, n];
  }
  return best;
}
