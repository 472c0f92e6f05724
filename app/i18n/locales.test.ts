import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NAMESPACES, SUPPORTED_LOCALES } from "./config";

const dir = path.resolve(__dirname, "../../public/locales");

function keys(obj: unknown, prefix = ""): string[] {
  if (typeof obj !== "object" || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
const load = (locale: string, ns: string) => JSON.parse(fs.readFileSync(path.join(dir, locale, `${ns}.json`), "utf8"));

describe("locale files", () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: every key exists in every language, with text`, () => {
      const [first, ...rest] = SUPPORTED_LOCALES;
      const reference = keys(load(first, ns)).sort();
      for (const locale of rest) {
        const other = keys(load(locale, ns)).sort();
        expect({ locale, missing: reference.filter((k) => !other.includes(k)) }).toEqual({ locale, missing: [] });
        expect({ locale, extra: other.filter((k) => !reference.includes(k)) }).toEqual({ locale, extra: [] });
      }
      for (const locale of SUPPORTED_LOCALES) {
        const data = load(locale, ns);
        for (const key of keys(data)) {
          const value = key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], data);
          expect({ locale, ns, key, ok: typeof value === "string" && value.trim() !== "" }).toEqual({ locale, ns, key, ok: true });
        }
      }
    });
  }

  it("every namespace the app declares has a file in each language", () => {
    for (const locale of SUPPORTED_LOCALES) {
      expect(fs.readdirSync(path.join(dir, locale)).sort()).toEqual(NAMESPACES.map((n) => `${n}.json`).sort());
    }
  });
});
