/**
 * The labelled search query set (bench/search-queries.json) and the figures computed from it: graded
 * relevance by hand-written rules over the listing itself (never from the search engine), nDCG@k and the
 * zero-result rate. Pure functions; bench/search-quality.ts runs them against the real search.
 */
import { DEMO_FARMS, DEMO_PRODUCTS } from "../db/seed/catalog-data";

export const QUERY_KINDS = [
  "marks",
  "no-marks",
  "wrong-marks",
  "typo",
  "telex",
  "vni",
  "place",
  "english",
  "variety",
  "multi-word",
  "farm",
  "not-in-catalogue",
] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/** What a rule may look at: the listing's own facts (product and farm keys of the demo catalogue). */
export interface ListingFacts {
  id: number;
  title: string;
  category: string;
  /** DEMO_PRODUCTS key, or null when the title is not one of the demo titles */
  product: string | null;
  /** DEMO_FARMS key, or null */
  farm: string | null;
}

interface Rule {
  grade: number;
  product?: string[];
  farm?: string[];
  place?: string[];
  category?: string[];
  title?: RegExp;
}

export interface LabelledQuery {
  q: string;
  kind: QueryKind;
  rules: Rule[];
}

export interface LabelledSet {
  /** place key → farm keys */
  places: Map<string, Set<string>>;
  queries: LabelledQuery[];
}

const RULE_FIELDS = new Set(["grade", "product", "farm", "place", "category", "title", "use"]);
const PRODUCT_KEYS = new Set(DEMO_PRODUCTS.map((p) => p.key));
const FARM_KEYS = new Set(DEMO_FARMS.map((f) => f.key));
const CATEGORIES = new Set(DEMO_PRODUCTS.map((p) => p.category));

type Raw = Record<string, unknown>;

const list = (value: unknown, where: string): string[] => {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === "string")) throw new Error(`${where}: expected a string or a list of strings`);
  return values as string[];
};

function known(values: string[], keys: Set<string>, what: string, where: string) {
  for (const v of values) if (!keys.has(v)) throw new Error(`${where}: unknown ${what} "${v}"`);
  return values;
}

/**
 * Checks the file strictly: a misspelt key in a rule would otherwise grade every listing 0 and quietly
 * lower (or raise) the figures.
 */
export function parseLabelledSet(input: unknown): LabelledSet {
  const doc = input as { places?: Record<string, unknown>; gradeSets?: Record<string, unknown>; queries?: unknown };
  const places = new Map<string, Set<string>>();
  for (const [key, farms] of Object.entries(doc.places ?? {})) {
    places.set(key, new Set(known(list(farms, `places.${key}`), FARM_KEYS, "farm", `places.${key}`)));
  }
  const sets = new Map(Object.entries(doc.gradeSets ?? {}));

  const parseRule = (raw: Raw, where: string): Rule[] => {
    for (const field of Object.keys(raw)) if (!RULE_FIELDS.has(field)) throw new Error(`${where}: unknown field "${field}"`);
    if (raw.use !== undefined) {
      const name = String(raw.use);
      const rules = sets.get(name);
      if (!Array.isArray(rules)) throw new Error(`${where}: unknown grade set "${name}"`);
      return rules.flatMap((r: Raw, i) => parseRule(r, `gradeSets.${name}[${i}]`));
    }
    const grade = raw.grade;
    if (typeof grade !== "number" || !Number.isInteger(grade) || grade < 0 || grade > 3) throw new Error(`${where}: grade must be 0–3`);
    const rule: Rule = { grade };
    if (raw.product !== undefined) rule.product = known(list(raw.product, where), PRODUCT_KEYS, "product", where);
    if (raw.farm !== undefined) rule.farm = known(list(raw.farm, where), FARM_KEYS, "farm", where);
    if (raw.place !== undefined) rule.place = known(list(raw.place, where), new Set(places.keys()), "place", where);
    if (raw.category !== undefined) rule.category = known(list(raw.category, where), CATEGORIES, "category", where);
    if (raw.title !== undefined) {
      try {
        rule.title = new RegExp(String(raw.title).normalize("NFC"), "iu");
      } catch {
        throw new Error(`${where}: bad title pattern ${String(raw.title)}`);
      }
    }
    return [rule];
  };

  if (!Array.isArray(doc.queries)) throw new Error("queries: expected a list");
  const queries = doc.queries.map((raw: Raw, i): LabelledQuery => {
    const where = `queries[${i}] "${String(raw.q)}"`;
    if (typeof raw.q !== "string" || raw.q.trim() === "") throw new Error(`${where}: q must be text`);
    if (!QUERY_KINDS.includes(raw.kind as QueryKind)) throw new Error(`${where}: unknown kind "${String(raw.kind)}"`);
    const grades = (raw.grades ?? []) as Raw[];
    return { q: raw.q, kind: raw.kind as QueryKind, rules: grades.flatMap((r) => parseRule(r, where)) };
  });
  return { places, queries };
}

/** The highest grade among the query's rules whose every condition the listing meets (0 when none). */
export function gradeListing(listing: ListingFacts, query: LabelledQuery, set: LabelledSet): number {
  const title = listing.title.normalize("NFC");
  let best = 0;
  for (const rule of query.rules) {
    if (rule.grade <= best) continue;
    if (rule.product && !(listing.product && rule.product.includes(listing.product))) continue;
    if (rule.farm && !(listing.farm && rule.farm.includes(listing.farm))) continue;
    if (rule.category && !rule.category.includes(listing.category)) continue;
    if (rule.place && !rule.place.some((p) => listing.farm !== null && set.places.get(p)?.has(listing.farm))) continue;
    if (rule.title && !rule.title.test(title)) continue;
    best = rule.grade;
  }
  return best;
}

function dcg(grades: number[], k: number): number {
  return grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/**
 * nDCG@k of the grades of the returned results (in rank order) against the ideal order of every listing's
 * grade. When no listing is relevant, an empty page is the right answer (1) and any result is wrong (0).
 */
export function ndcgAt(resultGrades: number[], allGrades: number[], k: number): number {
  const ideal = dcg([...allGrades].sort((a, b) => b - a), k);
  if (ideal === 0) return resultGrades.length === 0 ? 1 : 0;
  return dcg(resultGrades, k) / ideal;
}

export interface QueryOutcome {
  q: string;
  kind: QueryKind;
  ndcg: number;
  /** results on the first page */
  results: number;
  /** the best grade any listing of the catalogue has for this query */
  bestGrade: number;
}

/** Mean nDCG, the zero-result rate (among queries some listing answers with grade ≥ 2), and both per kind. */
export function summarise(outcomes: QueryOutcome[]) {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const answerable = outcomes.filter((o) => o.bestGrade >= 2);
  const byKind = new Map<string, { queries: number; ndcg: number; zero: number }>();
  for (const kind of new Set(outcomes.map((o) => o.kind))) {
    const of = outcomes.filter((o) => o.kind === kind);
    byKind.set(kind, { queries: of.length, ndcg: mean(of.map((o) => o.ndcg)), zero: of.filter((o) => o.bestGrade >= 2 && o.results === 0).length });
  }
  return {
    ndcg: mean(outcomes.map((o) => o.ndcg)),
    zeroResultRate: answerable.length ? answerable.filter((o) => o.results === 0).length / answerable.length : 0,
    byKind,
  };
}
