import { RemixBrowser } from "@remix-run/react";
import i18next, { type Resource } from "i18next";
import Backend from "i18next-http-backend";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./i18n/config";
import { I18N_DATA_ID } from "./lib/page-scripts";

/** What root inlined: the page's language and the namespaces its routes declare. */
function inlinedI18n(): { lng: string; resources: Record<string, Resource[string][string]> } {
  const text = document.getElementById(I18N_DATA_ID)?.textContent;
  if (text) return JSON.parse(text) as { lng: string; resources: Record<string, Resource[string][string]> };
  return { lng: document.documentElement.lang, resources: {} };
}

async function hydrate() {
  const { lng, resources } = inlinedI18n();
  await i18next
    .use(initReactI18next)
    .use(Backend)
    .init({
      ...i18nConfig,
      lng,
      ns: Object.keys(resources).length > 0 ? Object.keys(resources) : [...i18nConfig.ns],
      resources: { [lng]: resources },
      // Start from the inlined bundles; only a later navigation or a language switch fetches
      // a namespace, and only in the page's language (no fallback language is loaded).
      partialBundledLanguages: true,
      fallbackLng: false,
      backend: { loadPath: `/locales/{{lng}}/{{ns}}.json?v=${document.documentElement.dataset.i18nVersion ?? ""}` },
    });

  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

if (window.requestIdleCallback) window.requestIdleCallback(hydrate);
else window.setTimeout(hydrate, 1);
