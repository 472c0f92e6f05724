import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  gradeListing,
  ndcgAt,
  parseLabelledSet,
  QUERY_KINDS,
  summarise,
  type LabelledSet,
  type ListingFacts,
} from "../../bench/search-labels";

const listing = (over: Partial<ListingFacts>): ListingFacts => ({
  id: 1,
  title: "Xoài cát Hòa Lộc loại 1",
  category: "fruit",
  product: "xoai",
  farm: "hoaloc1",
  ...over,
});

const tiny = (queries: unknown[]): unknown => ({
  places: { "cai-be": ["hoaloc1"] },
  gradeSets: { xoai: [{ product: "xoai", grade: 3 }, { title: "^Cây giống xoài", grade: 1 }] },
  queries,
});

describe("grading a listing by hand-written rules", () => {
  const set = parseLabelledSet(
    tiny([
      { q: "xoài Cái Bè", kind: "place", grades: [{ product: "xoai", place: "cai-be", grade: 3 }, { product: "xoai", grade: 2 }, { place: "cai-be", grade: 1 }] },
      { q: "xoai", kind: "no-marks", grades: [{ use: "xoai" }] },
      { q: "bưởi lông", kind: "variety", grades: [{ product: "buoi", title: "BƯỞI LÔNG", grade: 3 }] },
    ]),
  );
  const [place, plain, variety] = set.queries;

  it("takes the highest grade among the rules whose conditions all hold", () => {
    expect(gradeListing(listing({}), place, set)).toBe(3);
    expect(gradeListing(listing({ farm: "daothanh" }), place, set)).toBe(2);
    expect(gradeListing(listing({ product: "buoi", title: "Bưởi lông Cổ Cò" }), place, set)).toBe(1);
    expect(gradeListing(listing({ product: "buoi", title: "Bưởi lông Cổ Cò", farm: "myloi" }), place, set)).toBe(0);
  });

  it("brings in a named grade set, and reads titles case-insensitively with their marks", () => {
    expect(gradeListing(listing({}), plain, set)).toBe(3);
    expect(gradeListing(listing({ product: "cayxoai", title: "Cây giống xoài cát Hòa Lộc ghép", category: "seedlings" }), plain, set)).toBe(1);
    expect(gradeListing(listing({ product: "buoi", title: "Bưởi lông Cổ Cò" }), variety, set)).toBe(3);
    expect(gradeListing(listing({ product: "buoi", title: "Buoi long Co Co" }), variety, set)).toBe(0);
  });
});

describe("nDCG@10 with gains 2^g − 1", () => {
  it("is 1 for the ideal order and lower for a worse one, by the textbook formula", () => {
    expect(ndcgAt([3, 2, 0], [0, 2, 3], 10)).toBe(1);
    // DCG = (2^2−1)/log2(2) + (2^3−1)/log2(3) = 3 + 4.4165; IDCG = 7 + 3/log2(3) = 8.8928
    expect(ndcgAt([2, 3], [2, 3], 10)).toBeCloseTo((3 + 7 / Math.log2(3)) / (7 + 3 / Math.log2(3)), 10);
  });

  it("counts only the first k results, and the ideal from every listing's grade", () => {
    const grades = Array.from({ length: 12 }, () => 3);
    expect(ndcgAt([...Array(10).fill(0), 3, 3], grades, 10)).toBe(0);
    // Only one of twelve relevant listings returned, on top.
    expect(ndcgAt([3], grades, 10)).toBeCloseTo(1 / [...Array(10).keys()].reduce((s, i) => s + 1 / Math.log2(i + 2), 0), 10);
  });

  it("scores a query nothing in the catalogue answers by whether the page is empty", () => {
    expect(ndcgAt([], [0, 0, 0], 10)).toBe(1);
    expect(ndcgAt([0], [0, 0, 0], 10)).toBe(0);
  });
});

describe("summary figures", () => {
  it("counts a zero-result page only for queries some listing answers with grade 2 or more", () => {
    const s = summarise([
      { q: "a", kind: "marks", ndcg: 1, results: 5, bestGrade: 3 },
      { q: "b", kind: "typo", ndcg: 0, results: 0, bestGrade: 2 },
      { q: "c", kind: "typo", ndcg: 0, results: 0, bestGrade: 1 },
      { q: "d", kind: "not-in-catalogue", ndcg: 1, results: 0, bestGrade: 0 },
    ]);
    expect(s.zeroResultRate).toBe(0.5);
    expect(s.ndcg).toBe(0.5);
    expect(s.byKind.get("typo")).toEqual({ queries: 2, ndcg: 0, zero: 1 });
  });
});

describe("the labelled set", () => {
  it("refuses a rule naming an unknown product, farm, place, set or field, or a bad pattern", () => {
    const bad = (grades: unknown[]) => () => parseLabelledSet(tiny([{ q: "x", kind: "marks", grades }]));
    expect(bad([{ product: "xoia", grade: 3 }])).toThrow(/xoia/);
    expect(bad([{ farm: "nobody", grade: 3 }])).toThrow(/nobody/);
    expect(bad([{ place: "ha-noi", grade: 3 }])).toThrow(/ha-noi/);
    expect(bad([{ use: "mango", grade: 3 }])).toThrow(/mango/);
    expect(bad([{ titel: "xoài", grade: 3 }])).toThrow(/titel/);
    expect(bad([{ title: "(", grade: 3 }])).toThrow(/\(/);
    expect(bad([{ product: "xoai", grade: 4 }])).toThrow(/grade/);
    expect(() => parseLabelledSet(tiny([{ q: "x", kind: "slang", grades: [] }]))).toThrow(/slang/);
  });

  it("ships at least 80 queries covering every kind the issue names, with a farm-name query graded below a product match", () => {
    const file = path.resolve(__dirname, "../../bench/search-queries.json");
    const set: LabelledSet = parseLabelledSet(JSON.parse(fs.readFileSync(file, "utf8")));
    expect(set.queries.length).toBeGreaterThanOrEqual(80);
    const kinds = new Set(set.queries.map((q) => q.kind));
    for (const kind of QUERY_KINDS) expect(kinds, kind).toContain(kind);
    const farm = set.queries.filter((q) => q.kind === "farm");
    expect(farm.length).toBeGreaterThan(0);
    for (const q of farm) for (const rule of q.rules) expect(rule.grade).toBeLessThanOrEqual(2);
    expect(new Set(set.queries.map((q) => q.q)).size).toBe(set.queries.length);
  });
});
