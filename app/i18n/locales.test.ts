import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { NAMESPACES, SUPPORTED_LOCALES } from "./config";

const dir = path.resolve(__dirname, "../../public/locales");
const appDir = path.resolve(__dirname, "..");

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

  it("every message key written out in the code (errors, titles, labels) exists in Vietnamese", () => {
    // A missing key reaches the user as the key itself. Keys built at run time are not seen here.
    const literal = new RegExp(`["'\`]((?:${NAMESPACES.join("|")}):[A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)["'\`]`, "g");
    const exists = (key: string) => {
      const [ns, rest] = key.split(":");
      const parts = rest.split(".");
      const last = parts.pop()!;
      const parent = parts.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], load("vi", ns)) as Record<string, unknown> | undefined;
      // A string, its plural forms, or a group the code builds keys under ("imports:listings" + …).
      return typeof parent?.[last] === "object" || [last, `${last}_one`, `${last}_other`].some((k) => typeof parent?.[k] === "string");
    };
    const missing: string[] = [];
    const walk = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const file = path.join(d, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          for (const [, key] of fs.readFileSync(file, "utf8").matchAll(literal)) {
            if (!exists(key)) missing.push(`${path.relative(appDir, file)}: ${key}`);
          }
        }
      }
    };
    walk(appDir);
    expect(missing).toEqual([]);
  });
});
