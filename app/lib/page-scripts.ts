/**
 * Which pages ship script, and which (docs/decisions/0033, 0036). No page loads the framework
 * runtime: every page is server-rendered HTML with plain forms and links. A route whose page gains
 * real value from script names small islands in its handle (`handle.islands = ["checkout"]`); each
 * is a plain module from app/islands/, built by scripts/build-islands.ts, that enhances the markup
 * the server already rendered and reads its texts from that markup.
 */
interface MatchLike {
  handle?: unknown;
}

export interface IslandsHandle {
  /** names of app/islands/<name>.ts modules this route's page loads */
  islands?: readonly string[];
  i18n?: string | string[];
}

/** The islands the page's routes ask for, each once, in route order. */
export function pageIslands(matches: readonly MatchLike[]): string[] {
  const names = new Set<string>();
  for (const match of matches) for (const name of (match.handle as IslandsHandle | undefined)?.islands ?? []) names.add(name);
  return [...names];
}

/**
 * Where the island build writes its modules and manifest (island name → URL under /islands/): outside
 * public/build, which Remix's compiler empties on every build and dev start.
 */
export const ISLANDS_DIR = "public/islands";
export const ISLANDS_MANIFEST = `${ISLANDS_DIR}/manifest.json`;
