import { existsSync, readFileSync, statSync } from "node:fs";
import { ISLANDS_MANIFEST } from "./page-scripts";

/**
 * The island build's manifest (island name → fingerprinted URL). Read once per build: the file's
 * time is checked so that a rebuild under `npm run dev` is picked up without a restart.
 */
let cached: { mtimeMs: number; urls: Record<string, string> } | undefined;

export function islandUrls(): Record<string, string> {
  if (!existsSync(ISLANDS_MANIFEST)) return {};
  const { mtimeMs } = statSync(ISLANDS_MANIFEST);
  if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, urls: JSON.parse(readFileSync(ISLANDS_MANIFEST, "utf8")) as Record<string, string> };
  return cached.urls;
}
