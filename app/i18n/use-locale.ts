import { useRouteLoaderData } from "@remix-run/react";
import type { RootData } from "~/root";
import { DEFAULT_LOCALE, type Locale } from "./config";

/** The page's language, as the root loader chose it (cookie, else Accept-Language, else Vietnamese). */
export function useLocale(): Locale {
  return useRouteLoaderData<RootData>("root")?.locale ?? DEFAULT_LOCALE;
}
