/**
 * A small cache of catalog reads (search results, home sections) keyed by the catalog version: a
 * counter that database triggers move on every write to listings, their photos or households
 * (migration 0006), whichever connection writes. A read costs one tiny query; a stale entry is never
 * served, because any write changes the version the entry was stored under. Cached values are shared
 * between requests: callers must not mutate them.
 */
import type { Db } from "~/lib/db.server";

/** Search pages, home sections and listing pages: a few MB at most. */
const MAX_ENTRIES = 2000;

interface Entry {
  version: number;
  value: unknown;
}

const caches = new WeakMap<Db, { entries: Map<string, Entry>; version: () => number }>();

function cacheOf(db: Db) {
  let cache = caches.get(db);
  if (!cache) {
    const statement = db.$client.prepare("SELECT version FROM catalog_version WHERE id = 1").pluck();
    cache = { entries: new Map(), version: () => (statement.get() as number | undefined) ?? 0 };
    caches.set(db, cache);
  }
  return cache;
}

/** The catalog version now (what cached reads are keyed by). */
export function catalogVersion(db: Db): number {
  return cacheOf(db).version();
}

/** The value of `compute()` for `key`, computed again only when the catalog changed since it was stored. */
export function cachedCatalogRead<T>(db: Db, key: string, compute: () => T): T {
  const cache = cacheOf(db);
  const version = cache.version();
  const hit = cache.entries.get(key);
  if (hit && hit.version === version) {
    // Least recently used goes first: re-insert moves the key to the end.
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit.value as T;
  }
  const value = compute();
  cache.entries.delete(key);
  cache.entries.set(key, { version, value });
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value as string);
  return value;
}
