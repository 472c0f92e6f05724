import type { Locale } from "./config";

/**
 * The one place numbers, money, dates and quantities become text. Safe in the browser.
 * Money is integer VND: vi "45.000 ₫", en "₫45,000".
 */
const TIME_ZONE = "Asia/Ho_Chi_Minh";
const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-US");

/** Intl formatters are costly to build (tens of µs) and pages format dozens of values: build each once. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = build()));
  return f;
}

export function formatMoney(vnd: number, locale: Locale): string {
  if (!Number.isInteger(vnd)) throw new TypeError(`money must be integer VND, got ${vnd}`);
  // Intl puts a no-break space before ₫ in Vietnamese; keep it (it must not wrap).
  return cached(`m:${locale}`, () => new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency: "VND", maximumFractionDigits: 0 })).format(vnd);
}

export function formatNumber(value: number, locale: Locale, maximumFractionDigits = 2): string {
  return cached(`n:${locale}:${maximumFractionDigits}`, () => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits })).format(value);
}

/** dd/MM/yyyy in Vietnamese, "23 Nov 2026" in English, always in Vietnam's time zone. */
export function formatDate(date: Date | number, locale: Locale): string {
  const options: Intl.DateTimeFormatOptions =
    locale === "vi"
      ? { day: "2-digit", month: "2-digit", year: "numeric", timeZone: TIME_ZONE }
      : { day: "numeric", month: "short", year: "numeric", timeZone: TIME_ZONE };
  return cached(`d:${locale}`, () => new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", options)).format(date);
}

export function formatDateTime(date: Date | number, locale: Locale): string {
  const time = cached(
    `t:${locale}`,
    () => new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: TIME_ZONE }),
  ).format(date);
  return `${time} ${formatDate(date, locale)}`;
}

/** "12,5 kg" / "12.5 kg"; the unit label comes from the locale files (common:units.*). */
export function formatQuantity(amount: number, unitLabel: string, locale: Locale): string {
  return `${formatNumber(amount, locale, 3)}\u00a0${unitLabel}`;
}
