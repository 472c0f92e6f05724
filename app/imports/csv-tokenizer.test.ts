import { describe, expect, it } from "vitest";
import { CsvTokenizer } from "./csv-tokenizer";

function tokenize(text: string, delimiter = ",", chunk = text.length): string[][] {
  const t = new CsvTokenizer(delimiter);
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...t.push(text.slice(i, i + chunk)));
  return [...out, ...t.end()];
}

describe("CsvTokenizer", () => {
  const sample = 'a,"b, c","say ""hi""",\r\n"multi\r\nline",x\n\n"",last';
  const expected = [["a", "b, c", 'say "hi"', ""], ["multi\r\nline", "x"], [""], ["", "last"]];

  it("reads quotes, doubled quotes, empty fields, CRLF/LF, empty lines and a last line without break", () => {
    expect(tokenize(sample)).toEqual(expected);
  });

  it("gives the same records whatever the chunk boundaries (one character at a time)", () => {
    for (const size of [1, 2, 3, 7]) expect(tokenize(sample, ",", size)).toEqual(expected);
  });

  it("uses the given delimiter, keeps stray quotes inside unquoted text, and a lone CR ends a line", () => {
    expect(tokenize('a;b,c;5" TV\rnext;"x"y\n', ";")).toEqual([["a", "b,c", '5" TV'], ["next", "xy"]]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize("a\tb\n", "\t")).toEqual([["a", "b"]]);
  });
});
