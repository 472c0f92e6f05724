import crypto from "node:crypto";
import { i18nResources } from "./resources.server";

const globalForVersion = globalThis as unknown as { __i18nVersion?: string };

/** A short hash of all translations, so browsers fetch new locale files after a deploy. */
export function i18nVersion(): string {
  globalForVersion.__i18nVersion ??= crypto
    .createHash("sha256")
    .update(JSON.stringify(i18nResources()))
    .digest("hex")
    .slice(0, 10);
  return globalForVersion.__i18nVersion;
}
