/**
 * Which pages ship the client runtime (docs/decisions/0033). A route that needs script for real
 * behaviour (live totals, upload progress, fee updates) says so with `handle.scripts = true`;
 * every other page is server-rendered HTML with plain forms and links, and no framework script.
 */
/** The id of the inlined i18n JSON that root writes and entry.client reads. */
export const I18N_DATA_ID = "i18n-data";

interface MatchLike {
  handle?: unknown;
}

export interface ScriptsHandle {
  /** this route's page loads React and hydrates */
  scripts?: boolean;
  i18n?: string | string[];
}

export function pageNeedsScripts(matches: readonly MatchLike[]): boolean {
  return matches.some((match) => (match.handle as ScriptsHandle | undefined)?.scripts === true);
}

/** The i18next namespaces the page's routes declare, each once, in route order. */
export function pageNamespaces(matches: readonly MatchLike[]): string[] {
  const names = new Set<string>();
  for (const match of matches) {
    const declared = (match.handle as ScriptsHandle | undefined)?.i18n;
    for (const ns of typeof declared === "string" ? [declared] : declared ?? []) names.add(ns);
  }
  return [...names];
}

/** JSON safe inside a <script> element: no "</script>" or "<!--" can end it early. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
