import { describe, expect, it } from "vitest";
import { buildMatch, joinCodes, quote, textMatch, tokenize } from "./query";

describe("tokenize", () => {
  it("folds and splits on anything that is not a letter or digit", () => {
    expect(tokenize("  Xoài CÁT, Hòa-Lộc!! ").folded).toEqual(["xoai", "cat", "hoa", "loc"]);
    expect(tokenize('"xoai" OR NEAR(a b) -cat *').folded).toEqual(["xoai", "or", "near", "a", "b", "cat"]);
    expect(tokenize('" * ( ) : ^ -').folded).toEqual([]);
  });

  it("bounds the number and length of words", () => {
    expect(tokenize("a ".repeat(50)).folded).toHaveLength(10);
    expect(tokenize("x".repeat(100)).folded[0]).toHaveLength(40);
  });
});

describe("FTS5 expressions", () => {
  it("quotes every word and doubles inner quotes", () => {
    expect(quote('a"b')).toBe('"a""b"');
    expect(textMatch(tokenize("xoai cat hoa loc"), { prefixLast: true })).toBe('("xoai" OR "mango") AND "cat" AND "hoa" AND "loc"*');
  });

  it("reads FTS operators typed by a user as plain words", () => {
    expect(textMatch(tokenize("OR NEAR"), {})).toBe('"or" AND "near"');
  });

  it("writes synonym groups as OR of phrases and restricts to a column", () => {
    expect(textMatch(tokenize("khóm"))).toBe('("khom" OR "pineapple")');
    expect(buildMatch([{ alternatives: [["cai", "be"]] }], { column: "place" })).toBe('{place} : ("cai be")');
  });

  it("does not make a one- or two-letter last word a prefix", () => {
    expect(textMatch(tokenize("xoai c"), { prefixLast: true })).toBe('("xoai" OR "mango") AND "c"');
  });
});

describe("joinCodes", () => {
  const groups = (...words: string[]) => words.map((w) => ({ alternatives: [[w]], marked: [w] }));
  const known = (...terms: string[]) => (word: string) => terms.includes(word);

  it("joins letters and digits typed apart when the index has them joined", () => {
    expect(joinCodes(groups("gao", "vd", "20"), known("gao", "vd20"))).toEqual([
      { alternatives: [["gao"]], marked: ["gao"] },
      { alternatives: [["vd", "20"], ["vd20"]], marked: ["vd", "20"] },
    ]);
    expect(joinCodes(groups("500", "g"), known("500g"))[0].alternatives).toEqual([["500", "g"], ["500g"]]);
  });

  it("leaves words apart when the joined word is not in the index", () => {
    expect(joinCodes(groups("ga", "2"), known("ga", "2"))).toEqual(groups("ga", "2"));
  });

  it("splits a joined code the index lacks into a phrase beside it", () => {
    expect(joinCodes(groups("vd20"), known("vd", "20"))[0].alternatives).toEqual([["vd20"], ["vd", "20"]]);
    expect(joinCodes(groups("500g"), known())[0].alternatives).toEqual([["500g"], ["500", "g"]]);
    // A code the index has stays one word (and the last word stays a prefix).
    expect(joinCodes(groups("ri6"), known("ri6"))).toEqual(groups("ri6"));
    expect(joinCodes(groups("xoai"), known())).toEqual(groups("xoai"));
  });
});
