import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getOptionalUser } from "./accounts/session.server";
import { ErrorPage } from "./components/ErrorPage";
import { SiteFooter, SiteHeader } from "./components/SiteChrome";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/config";
import { getLocale } from "./i18n/i18n.server";
import { i18nVersion } from "./i18n/version.server";
import { useNonce } from "./lib/nonce";
import { I18N_DATA_ID, pageNamespaces, pageNeedsScripts, scriptSafeJson } from "./lib/page-scripts";
import { REGISTER_SERVICE_WORKER } from "./lib/service-worker";
import { cartLineCount } from "./orders/cart.server";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
  { rel: "manifest", href: "/site.webmanifest" },
];

export const meta: MetaFunction = () => [{ title: "Chợ Nông Sản" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, user] = await Promise.all([getLocale(request), getOptionalUser(request)]);
  const cartCount = await cartLineCount(request, user);
  return json({ locale, user, cartCount, i18nVersion: i18nVersion(), requestId: context.requestId });
}

export const handle = { i18n: ["common"] };

export type RootData = typeof loader;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const { i18n } = useTranslation();
  // Without root data (an action's error page: Remix runs no loaders then) the language is the one
  // the request was rendered in, not the default: the page, <html lang> and hydration then agree.
  const locale: Locale = data?.locale ?? (isLocale(i18n.language) ? i18n.language : DEFAULT_LOCALE);
  const nonce = useNonce();
  const matches = useMatches();
  // Only pages whose routes ask for it (handle.scripts) load the runtime: docs/decisions/0033.
  const scripts = pageNeedsScripts(matches);
  useChangeLanguage(locale);
  return (
    <html lang={locale} dir={i18n.dir(locale)} data-i18n-version={data?.i18nVersion}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f3f" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: REGISTER_SERVICE_WORKER }} />
        {scripts ? (
          <>
            <I18nData locale={locale} namespaces={pageNamespaces(matches)} nonce={nonce} />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

/**
 * The page's language and namespaces as JSON for entry.client, so the runtime starts without
 * fetching locale files. In the browser the element keeps what the server wrote (already read).
 */
function I18nData({ locale, namespaces, nonce }: { locale: Locale; namespaces: string[]; nonce?: string }) {
  const { i18n } = useTranslation();
  const json =
    typeof document === "undefined"
      ? scriptSafeJson({
          lng: locale,
          resources: Object.fromEntries(namespaces.map((ns) => [ns, i18n.getResourceBundle(locale, ns) ?? {}])),
        })
      : document.getElementById(I18N_DATA_ID)?.textContent ?? "";
  return (
    <script
      id={I18N_DATA_ID}
      type="application/json"
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: json }}
    />
  );
}

export default function App() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  return (
    <>
      <SiteHeader />
      <main id="main" className="container">
        <ErrorPage error={error} requestId={data?.requestId} />
      </main>
    </>
  );
}

