import { describe, expect, it } from "vitest";
import { buildMatch, quote, textMatch, tokenize } from "./query";

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
    expect(textMatch(tokenize("khóm"))).toBe('("khom" OR "thom" OR "pineapple")');
    expect(buildMatch([{ alternatives: [["cai", "be"]] }], { column: "place" })).toBe('{place} : ("cai be")');
  });

  it("does not make a one- or two-letter last word a prefix", () => {
    expect(textMatch(tokenize("xoai c"), { prefixLast: true })).toBe('("xoai" OR "mango") AND "c"');
  });
});
