import { fold } from "~/lib/text";
import { hasMarks, markKey } from "./keyboard";
import type { TermGroup } from "./synonyms";

/**
 * How one candidate listing matches the query's word groups, and the order of candidates. Pure: the
 * search module reads at most CANDIDATE_CAP candidates and ranks them here (see
 * docs/decisions/0017-search-ranking.md). Field weights: the product's name and variety (title) above
 * category, commodity and description (body), then the farm's name (seller) and the place.
 */
const WEIGHT = { title: 10, body: 3, seller: 1.5, place: 1 } as const;
type Field = keyof typeof WEIGHT;
const FIELDS: Field[] = ["title", "body", "seller", "place"];
/** A query word that opens the title: less than a field step, so it orders listings within a field. */
const LEAD_BONUS = 2;

export interface RankGroup extends TermGroup {
  /** the last word is matched as a prefix (as FTS5 was asked) */
  prefix: boolean;
  /**
   * "strict": the marks typed count (a listing spelt otherwise is a close match); "soft": they count only
   * if some candidate has them (marks guessed by a correction); "none": no marks typed.
   */
  marks: "strict" | "soft" | "none";
  /** rarity weight (partial matches: a rare word found says more than a common one); 1 by default */
  weight?: number;
}

export interface CandidateText {
  id: number;
  publishedAt: number;
  price: number;
  /** folded index columns */
  title: string;
  body: string;
  seller: string;
  place: string;
  /** the listing's own text with its marks (title, description, commodity names), when the query has marks */
  marked?: string;
}

export interface Ranked {
  id: number;
  publishedAt: number;
  price: number;
  /** some word group matched the product itself (title or body), not only the farm or place */
  self: boolean;
  /** how many word groups matched: one in the product itself, half in the farm's or place's name */
  matched: number;
  /** a word typed with marks is spelt with other marks in the listing ("dứa" for "dừa") */
  close: boolean;
  score: number;
}

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Index of each occurrence of the phrase in the words (the last phrase word as a prefix when asked). */
function occurrences(tokens: string[], phrase: string[], prefix: boolean): number[] {
  const out: number[] = [];
  const last = phrase.length - 1;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    let ok = true;
    for (let k = 0; k <= last && ok; k++) {
      const t = tokens[i + k];
      ok = prefix && k === last ? t.startsWith(phrase[k]) : t === phrase[k];
    }
    if (ok) out.push(i);
  }
  return out;
}

/**
 * markKey and hasMarks of the listings' words, remembered: the same few thousand words come back in every
 * search (Unicode normalisation was a tenth of a search's CPU). Bounded, emptied when full.
 */
const MAX_MEMO = 50_000;
const markKeys = new Map<string, string>();
const withMarks = new Map<string, boolean>();
function memo<T>(map: Map<string, T>, word: string, compute: (w: string) => T): T {
  let value = map.get(word);
  if (value === undefined) {
    if (map.size >= MAX_MEMO) map.clear();
    map.set(word, (value = compute(word)));
  }
  return value;
}
const markKeyOf = (word: string) => memo(markKeys, word, markKey);
const hasMarksOf = (word: string) => memo(withMarks, word, hasMarks);

/**
 * How the listing spells the group's words where its folded words are: EXACT with the marks typed,
 * UNMARKED without any marks (a farmer who typed none: compatible), OTHER with other marks ("dứa" for
 * "dừa"); null when the words are not in the listing's own text at all.
 */
const EXACT = 0;
const UNMARKED = 1;
const OTHER = 2;
function marksFound(group: RankGroup, marked: string[], foldedMarked: string[]): number | null {
  const typed = group.marked ?? [];
  const at = occurrences(foldedMarked, group.alternatives[0], group.prefix);
  if (at.length === 0) return null;
  let best = OTHER;
  for (const i of at) {
    let level = EXACT;
    typed.forEach((w, k) => {
      if (!hasMarksOf(w)) return;
      const t = marked[i + k];
      const same = markKeyOf(t) === markKeyOf(w) || (k === typed.length - 1 && group.prefix && t.startsWith(w));
      if (!same) level = Math.max(level, hasMarksOf(t) ? OTHER : UNMARKED);
    });
    best = Math.min(best, level);
  }
  return best;
}

/** True when the group has marks typed by the buyer (or guessed for them) to compare with. */
export function groupHasMarks(group: RankGroup): boolean {
  return group.marks !== "none" && (group.marked ?? []).some(hasMarks);
}

/** A candidate's words, split and folded once (search.server.ts keeps them per catalog version). */
export interface CandidateWords {
  title: string[];
  body: string[];
  seller: string[];
  place: string[];
  /** the listing's own words with their marks (NFC), and the same words folded */
  marked: string[];
  markedFolded: string[];
}

export function candidateWords(c: Pick<CandidateText, "title" | "body" | "seller" | "place" | "marked">): CandidateWords {
  const marked = words(c.marked ?? "").map((w) => w.normalize("NFC"));
  return { title: words(c.title), body: words(c.body), seller: words(c.seller), place: words(c.place), marked, markedFolded: marked.map(fold) };
}

export interface PreparedCandidate {
  id: number;
  publishedAt: number;
  price: number;
  words: CandidateWords;
}

export function rankCandidates(candidates: CandidateText[], groups: RankGroup[]): Ranked[] {
  return rankPrepared(
    candidates.map((c) => ({ id: c.id, publishedAt: c.publishedAt, price: c.price, words: candidateWords(c) })),
    groups,
  );
}

export function rankPrepared(candidates: PreparedCandidate[], groups: RankGroup[]): Ranked[] {
  const marksFor = groups.map(groupHasMarks);
  // Soft marks count only when at least one candidate has them.
  const closeOf: Array<Array<number | null>> = [];
  groups.forEach((group, g) => {
    closeOf[g] = candidates.map((c) => (marksFor[g] ? marksFound(group, c.words.marked, c.words.markedFolded) : null));
    if (group.marks === "soft" && !closeOf[g].some((v) => v === EXACT)) closeOf[g] = candidates.map(() => null);
  });
  return candidates.map((c, i) => {
    const fields: Record<Field, string[]> = c.words;
    let self = false;
    let matched = 0;
    let close = false;
    let score = 0;
    let titleHits = 0;
    let leads = false;
    groups.forEach((group, g) => {
      const field = FIELDS.find((f) => group.alternatives.some((alt) => occurrences(fields[f], alt, group.prefix).length > 0));
      if (!field) return;
      score += WEIGHT[field] * (group.weight ?? 1);
      if (field === "title") {
        titleHits += group.alternatives[0].length;
        if (group.alternatives.some((alt) => occurrences(fields.title, alt, group.prefix)[0] === 0)) leads = true;
      }
      if (field === "title" || field === "body") {
        self = true;
        matched += 1;
        if (closeOf[g][i] === OTHER) close = true;
        // Written without marks: as good a spelling, just below the one with the marks typed.
        else if (closeOf[g][i] === UNMARKED) score -= 1;
      } else matched += 0.5;
    });
    // A short title that is mostly the query ("Xoài cát" for "xoài cát") above a long one that mentions it.
    score += (5 * titleHits) / Math.max(fields.title.length, 1);
    // A title names its product first: "Sầu riêng Ri6" is durian, "Cây giống sầu riêng Ri6" a seedling of it.
    if (leads) score += LEAD_BONUS;
    return { id: c.id, publishedAt: c.publishedAt, price: c.price, self, matched, close, score };
  });
}

export type RankSort = "relevance" | "newest" | "price-asc" | "price-desc";

const THEN: Record<RankSort, (a: Ranked, b: Ranked) => number> = {
  relevance: (a, b) => b.score - a.score || b.publishedAt - a.publishedAt || b.id - a.id,
  newest: (a, b) => b.publishedAt - a.publishedAt || b.id - a.id,
  "price-asc": (a, b) => a.price - b.price || b.id - a.id,
  "price-desc": (a, b) => b.price - a.price || b.id - a.id,
};

/**
 * The order of results under every sort: listings that match themselves before those found only through
 * their farm's or place's name; more word groups matched before fewer (partial matches); the marks typed
 * before close matches; then the chosen sort (relevance: field score, newest first on ties).
 */
export function compareRanked(sort: RankSort): (a: Ranked, b: Ranked) => number {
  const then = THEN[sort];
  return (a, b) => Number(b.self) - Number(a.self) || b.matched - a.matched || Number(a.close) - Number(b.close) || then(a, b);
}
