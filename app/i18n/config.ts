/** Shared i18next options for the server and the browser. */
export const SUPPORTED_LOCALES = ["vi", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "vi";
export const NAMESPACES = [
  "common",
  "accounts",
  "addresses",
  "notifications",
  "dev",
  "households",
  "listings",
  "catalog",
  "prices",
  "orders",
  "imports",
  "activity",
  "dashboard",
  "alerts",
  "shipping",
  "complaints",
  "money",
] as const;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

export const i18nConfig = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
} as const;
