import { describe, expect, it } from "vitest";
import { tokenize } from "./query";
import { compareRanked, rankCandidates, type CandidateText, type RankGroup } from "./ranking";
import { expandSynonyms } from "./synonyms";

const groups = (q: string): RankGroup[] => {
  const t = tokenize(q);
  return expandSynonyms(t.folded, t.marked).map((g) => ({ ...g, prefix: false, marks: "strict" }));
};
const candidate = (id: number, title: string): CandidateText => ({ id, title, body: "", seller: "", place: "", publishedAt: id, price: 0, marked: title });

describe("ranking", () => {
  it("puts a title that opens with the query above a shorter one that names it later", () => {
    // "Cây giống sầu riêng Ri6" is a seedling; the durian's own title is longer but names it first.
    const ranked = rankCandidates(
      [candidate(2, "cay giong sau rieng ri6"), candidate(1, "sau rieng ri6 ngu hiep cai lay loai 1")],
      groups("sầu riêng"),
    ).sort(compareRanked("relevance"));
    expect(ranked.map((r) => r.id)).toEqual([1, 2]);
  });
});
