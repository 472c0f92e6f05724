import { parseWithZod } from "@conform-to/zod";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isWeightUnit, UNITS } from "./options";
import { listingInputFromForm, ListingFormSchema } from "./schema";

function submit(fields: Record<string, string>) {
  const form = new FormData();
  const all = { title: "Dưa hấu Long An", category: "fruit", unit: "fruit", price: "35000", stock: "40", minOrder: "1", ...fields };
  for (const [k, v] of Object.entries(all)) form.append(k, v);
  return parseWithZod(form, { schema: ListingFormSchema });
}

describe("the weight of one counted unit on the listing form", () => {
  it("reads whole grams for a counted unit and leaves it unset when empty", () => {
    const typed = submit({ unitWeight: " 2500 " });
    expect(typed.status === "success" && listingInputFromForm(typed.value).unitWeightGrams).toBe(2_500);
    const empty = submit({ unitWeight: "" });
    expect(empty.status === "success" && listingInputFromForm(empty.value).unitWeightGrams).toBeNull();
  });

  it("refuses fractions, zero and more than 100 kg on its field", () => {
    for (const [value, message] of [["2,5", "listings:errors.unitWeight.invalid"], ["0", "listings:errors.unitWeight.invalid"], ["100001", "listings:errors.unitWeight.tooLarge"]]) {
      const result = submit({ unitWeight: value });
      expect(result.status).toBe("error");
      expect(result.reply().error?.unitWeight).toEqual([message]);
    }
  });

  it("is ignored for units sold by weight, whose weight is fixed", () => {
    const result = submit({ unit: "kg", unitWeight: "500" });
    expect(result.status === "success" && listingInputFromForm(result.value).unitWeightGrams).toBeNull();
  });
});

describe("the unit-weight field on the page", () => {
  it("is hidden by the style sheet for exactly the units sold by weight", () => {
    const css = readFileSync(fileURLToPath(new URL("./listings.css", import.meta.url)), "utf8");
    const rule = css.split("\n").find((line) => line.includes(".unit-weight-field"));
    const hiddenFor = [...(rule ?? "").matchAll(/option\[value="([^"]+)"\]/g)].map((m) => m[1]);
    expect(hiddenFor.sort()).toEqual(UNITS.filter(isWeightUnit).sort());
    expect(rule).toMatch(/display: none/);
  });
});
