import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getOptionalUser } from "./accounts/session.server";
import { ErrorPage } from "./components/ErrorPage";
import { SiteFooter, SiteHeader } from "./components/SiteChrome";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n/config";
import { getLocale } from "./i18n/i18n.server";
import { useNonce } from "./lib/nonce";
import { islandUrls } from "./lib/islands.server";
import { pageIslands } from "./lib/page-scripts";
import { REGISTER_SERVICE_WORKER_SRC } from "./lib/service-worker";
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
  return json({ locale, user, cartCount, requestId: context.requestId, islands: islandUrls() });
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
  // No page loads the framework runtime; a route may ask for small islands (docs/decisions/0036).
  const islands = pageIslands(useMatches()).flatMap((name) => data?.islands[name] ?? []);
  return (
    <html lang={locale} dir={i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f6f3f" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <script src={REGISTER_SERVICE_WORKER_SRC} defer />
        {islands.map((src) => (
          <script key={src} type="module" src={src} nonce={nonce} />
        ))}
      </body>
    </html>
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

