import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dedupeKey, DuplicateTracker, mergeProducts, splitProducts } from "./dedupe";

const A = { nationalId: "082123456789", phone: "+84912345678", representativeName: "Nguyễn Văn Bé" };

describe("dedupeKey", () => {
  it("uses the ID when there is one, else phone and folded name", () => {
    expect(dedupeKey(A)).toBe("id:082123456789");
    expect(dedupeKey({ ...A, nationalId: null })).toBe("pn:+84912345678|nguyen van be");
    expect(dedupeKey({ ...A, nationalId: null, representativeName: "NGUYEN VAN BE" })).toBe(dedupeKey({ ...A, nationalId: "" }));
  });
});

describe("DuplicateTracker", () => {
  it("reports the first row of the same ID", () => {
    const tracker = new DuplicateTracker();
    expect(tracker.check(A, 5)).toBeNull();
    expect(tracker.check({ ...A, phone: "+84987654321", representativeName: "Nguyễn V. Bé" }, 9)).toBe(5);
  });

  it("never merges two households sharing a phone under different names", () => {
    const tracker = new DuplicateTracker();
    expect(tracker.check({ ...A, nationalId: null }, 2)).toBeNull();
    expect(tracker.check({ ...A, nationalId: null, representativeName: "Nguyễn Thị Hoa" }, 3)).toBeNull();
    expect(tracker.check({ ...A, nationalId: null, representativeName: "nguyễn văn bé" }, 4)).toBe(2);
  });

  it("matches a row without an ID to an earlier row with one, but keeps two IDs apart", () => {
    const tracker = new DuplicateTracker();
    expect(tracker.check(A, 2)).toBeNull();
    expect(tracker.check({ ...A, nationalId: null }, 3)).toBe(2);
    expect(tracker.check({ ...A, nationalId: "082999999999" }, 4)).toBeNull();
  });
});

describe("mergeProducts", () => {
  it("adds each product not yet listed, compared folded, in the spelling seen first", () => {
    expect(splitProducts("Bưởi, xoài;  dừa\n")).toEqual(["Bưởi", "xoài", "dừa"]);
    expect(mergeProducts("Xoài", "Bưởi, xoài")).toBe("Xoài, Bưởi");
    expect(mergeProducts("", "Lúa")).toBe("Lúa");
    expect(mergeProducts("Lúa", "")).toBe("Lúa");
    // nothing new: the stored text itself, never rewritten in another form
    expect(mergeProducts("Xoài,bưởi", "BƯỞI; xoai")).toBe("Xoài,bưởi");
    // a product that would pass the limit is left out
    expect(mergeProducts("Lúa", "Dừa, Sầu riêng", 12)).toBe("Lúa, Dừa");
  });
});

describe("locale files", () => {
  // Parity between languages is checked for every namespace by app/i18n/locales.test.ts.
  const load = (l: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "../../public/locales", l, "imports.json"), "utf8"));

  it("word every key the readers and the validator emit", () => {
    const vi = load("vi");
    const source = ["readers.server.ts", "validate.server.ts"].map((f) => fs.readFileSync(path.join(__dirname, f), "utf8")).join("\n");
    const emitted = new Set<string>();
    for (const m of source.matchAll(/fail\("([\w.]+)"/g)) emitted.add(m[1]);
    for (const m of source.matchAll(/addError\(errors, "\w+", "([\w.]+)"/g)) emitted.add(m[1]);
    for (const reason of ["empty", "invalidCharacters", "wrongLength", "landline", "notMobile"]) emitted.add(`phone.${reason}`);
    for (const reason of ["invalidCharacters", "wrongLength", "badProvince"]) emitted.add(`nationalId.${reason}`);
    emitted.add("addressAmbiguous").add("addressUnknown");
    expect(emitted.size).toBeGreaterThan(15);
    const missing = [...emitted].filter((k) => typeof `errors.${k}`.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], vi) !== "string");
    expect(missing).toEqual([]);
  });
});
