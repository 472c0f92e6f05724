import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("CSV downloads", () => {
  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    const text = toCsv(["name", "price"], [["Rice, Viet Namese 5%", 352], ['Xoài "cát"', 45_000], ["=HYPERLINK()", -1], [null, true]]);
    expect(text).toBe('\ufeffname,price\r\n"Rice, Viet Namese 5%",352\r\n"Xoài ""cát""",45000\r\n\'=HYPERLINK(),-1\r\n,true\r\n');
  });
});
