import { cleanText, fold } from "~/lib/text";
import { expandSynonyms, type TermGroup } from "./synonyms";

/** Longest query read, in characters: a longer one is cut here (and the page says so), never dropped. */
export const MAX_QUERY_CHARS = 200;
/** Longest query kept, in words and characters: enough for any product name, bounded work. */
const MAX_TOKENS = 10;
const MAX_TOKEN_CHARS = 40;
/** The last word is matched as a prefix only from this length: "x"* would touch most of the index. */
const MIN_PREFIX_CHARS = 3;

export interface Tokens {
  /** folded words */
  folded: string[];
  /** the same words, lower-case with their marks (for strict synonyms) */
  marked: string[];
}

/**
 * User text → words. Anything that is not a letter or a digit separates words, so quotes, stars,
 * parentheses, colons, carets and minus signs can never reach FTS5 as syntax.
 */
export function tokenize(input: string): Tokens {
  const marked = cleanText(input)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_TOKENS)
    .map((w) => w.slice(0, MAX_TOKEN_CHARS));
  const folded = marked.map((w) => fold(w));
  return { folded, marked };
}

/**
 * The query as searched: at most MAX_QUERY_CHARS characters (code points, so a mark is never split from
 * its letter), cut at the last word boundary when one is near, and whether it was cut.
 */
export function cutQuery(q: string): { q: string; cut: boolean } {
  const chars = [...q];
  if (chars.length <= MAX_QUERY_CHARS) return { q, cut: false };
  let kept = chars.slice(0, MAX_QUERY_CHARS).join("");
  const space = kept.lastIndexOf(" ");
  if (chars[MAX_QUERY_CHARS] !== " " && space > MAX_QUERY_CHARS - MAX_TOKEN_CHARS) kept = kept.slice(0, space);
  return { q: kept.trimEnd(), cut: true };
}

/** Whether a group is matched as a prefix: the last one, a single word long enough (as buildMatch writes it). */
export function isPrefixGroup(groups: TermGroup[], index: number): boolean {
  const group = groups[index];
  return index === groups.length - 1 && group.alternatives.length === 1 && group.alternatives[0].length === 1 && group.alternatives[0][0].length >= MIN_PREFIX_CHARS;
}

/** One FTS5 string literal: double quotes doubled, so the content is always data. */
export function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

interface MatchOptions {
  prefixLast?: boolean;
  column?: string;
  /** the terms a prefix stands for, or null to leave it a prefix query (spelling.server.ts prefixTerms) */
  prefixTerms?: (prefix: string) => string[] | null;
}

/** An FTS5 expression for term groups: each group an OR of quoted phrases, groups joined by AND. */
export function buildMatch(groups: TermGroup[], options: MatchOptions = {}): string {
  const parts = groups.map((group, index) => {
    const alternatives = group.alternatives.flatMap((words) => {
      const phrase = quote(words.join(" "));
      if (!options.prefixLast || !isPrefixGroup(groups, index)) return [phrase];
      // A prefix no term has still finds nothing, as FTS5 would: keep it as typed.
      const terms = options.prefixTerms?.(words[0]);
      return terms && terms.length > 0 ? terms.map(quote) : [`${phrase}*`];
    });
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(" OR ")})`;
  });
  const expr = parts.join(" AND ");
  return options.column && expr ? `{${options.column}} : (${expr})` : expr;
}

/** Words of a query, with synonyms expanded, as an FTS5 expression (empty when there are no words). */
export function textMatch(tokens: Tokens, options: { prefixLast?: boolean } = {}): string {
  if (tokens.folded.length === 0) return "";
  return buildMatch(expandSynonyms(tokens.folded, tokens.marked), options);
}

/**
 * Exact filter tokens written into the index beside the text (see search-index.server.ts): they let
 * FTS5 intersect category, commune and certification filters with the words in one pass.
 */
export const filterToken = {
  category: (category: string) => `zk${category.replace(/[^a-z0-9]/g, "")}`,
  commune: (code: string) => `zc${code.replace(/[^0-9]/g, "")}`,
  province: (code: string) => `zp${code.replace(/[^0-9]/g, "")}`,
  certification: (cert: string) => `zv${cert.replace(/[^a-z0-9]/g, "")}`,
};


const LETTERS = /^[a-z]+$/;
const DIGITS = /^\d+$/;
/** Letters then digits or digits then letters, split where they meet: "vd20" → ["vd", "20"], "500g" → ["500", "g"]. */
const CODE = /^(?:([a-z]+)(\d+)|(\d+)([a-z]+))$/;

const single = (group: TermGroup): string | null => (group.alternatives.length === 1 && group.alternatives[0].length === 1 ? group.alternatives[0][0] : null);

/**
 * Codes written with or without a space between letters and digits ("VD20" and "VD 20", "ST25" and
 * "ST 25", "500g" and "500 g") find each other. A joined word the index lacks also finds the parts
 * as a phrase; two words that join into a word the index has also find that word (only then, so
 * "gà 2" still means both words anywhere). `isTerm` says whether the index has a folded word.
 */
export function joinCodes(groups: TermGroup[], isTerm: (word: string) => boolean): TermGroup[] {
  const out: TermGroup[] = [];
  for (let i = 0; i < groups.length; i++) {
    const word = single(groups[i]);
    const next = i + 1 < groups.length ? single(groups[i + 1]) : null;
    if (word && next && ((LETTERS.test(word) && DIGITS.test(next)) || (DIGITS.test(word) && LETTERS.test(next))) && isTerm(word + next)) {
      out.push({ alternatives: [[word, next], [word + next]], marked: [...(groups[i].marked ?? [word]), ...(groups[i + 1].marked ?? [next])] });
      i++;
      continue;
    }
    const parts = word && !isTerm(word) ? CODE.exec(word) : null;
    if (parts) out.push({ ...groups[i], alternatives: [[word as string], parts[1] ? [parts[1], parts[2]] : [parts[3], parts[4]]] });
    else out.push(groups[i]);
  }
  return out;
}
