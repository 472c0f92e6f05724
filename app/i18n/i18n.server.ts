import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, i18nConfig, isLocale, NAMESPACES, SUPPORTED_LOCALES, type Locale } from "./config";
import { i18nResources } from "./resources.server";

export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

const remixI18n = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: { ...i18nConfig, resources: i18nResources() },
});

const globalForI18n = globalThis as unknown as { __i18nInstances?: Map<Locale, I18n> };

/**
 * One initialised i18next instance per locale, over resources read once. remix-i18next's own
 * getFixedT builds a new instance on every call, which cost a third of a page's throughput.
 * Nothing on the server changes an instance's language, so sharing them is safe.
 */
export function i18nInstance(locale: Locale): I18n {
  globalForI18n.__i18nInstances ??= new Map();
  let instance = globalForI18n.__i18nInstances.get(locale);
  if (!instance) {
    instance = createInstance();
    // With resources in memory and initImmediate off, init completes synchronously.
    void instance.use(initReactI18next).init({
      ...i18nConfig,
      lng: locale,
      ns: [...NAMESPACES],
      resources: i18nResources(),
      initImmediate: false,
    });
    globalForI18n.__i18nInstances.set(locale, instance);
  }
  return instance;
}

/** The request's locale: the cookie set by the switcher, else Accept-Language, else Vietnamese. */
export async function getLocale(request: Request): Promise<Locale> {
  const locale = await remixI18n.getLocale(request);
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}

const headerLocales = new Map<string, Locale>();

/**
 * What getLocale chooses for a request with these Cookie and Accept-Language headers, for code that
 * has no Request at hand (the page cache keys pages by it). Remembered per pair of header values:
 * browsers send a handful, and the detection parses both headers.
 */
export async function localeForHeaders(cookie: string | undefined, acceptLanguage: string | undefined): Promise<Locale> {
  const key = `${cookie ?? ""}\n${acceptLanguage ?? ""}`;
  const known = headerLocales.get(key);
  if (known) return known;
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (acceptLanguage) headers.set("Accept-Language", acceptLanguage);
  const locale = await getLocale(new Request("http://localhost/", { headers }));
  if (headerLocales.size >= 500) headerLocales.clear();
  headerLocales.set(key, locale);
  return locale;
}

const getFixedT = (async (requestOrLocale: Request | string, ns?: string | readonly string[], options?: { keyPrefix?: string }) => {
  const locale = typeof requestOrLocale === "string" ? (isLocale(requestOrLocale) ? requestOrLocale : DEFAULT_LOCALE) : await getLocale(requestOrLocale);
  // The typed signature is restored by the cast below; here only the call shape matters.
  const fixed = i18nInstance(locale).getFixedT as unknown as (lng: string, ns?: unknown, keyPrefix?: string) => unknown;
  return fixed(locale, ns, options?.keyPrefix);
}) as RemixI18Next["getFixedT"];

/** Same interface as remix-i18next's server object, backed by the cached instances. */
export const i18nServer = {
  getLocale,
  getRouteNamespaces: remixI18n.getRouteNamespaces.bind(remixI18n),
  getFixedT,
};
