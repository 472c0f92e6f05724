import fs from "node:fs";
import path from "node:path";
import type { Resource } from "i18next";
import { NAMESPACES, SUPPORTED_LOCALES } from "./config";

const LOCALES_DIR = path.resolve(process.cwd(), "public/locales");
const globalForResources = globalThis as unknown as { __i18nResources?: Resource };

/** All translations, read from public/locales once per process (not per request). */
export function i18nResources(): Resource {
  if (!globalForResources.__i18nResources) {
    const resources: Resource = {};
    for (const locale of SUPPORTED_LOCALES) {
      resources[locale] = {};
      for (const ns of NAMESPACES) {
        const file = path.join(LOCALES_DIR, locale, `${ns}.json`);
        resources[locale][ns] = JSON.parse(fs.readFileSync(file, "utf8"));
      }
    }
    globalForResources.__i18nResources = resources;
  }
  return globalForResources.__i18nResources;
}
