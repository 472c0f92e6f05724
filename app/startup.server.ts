import { ensureAdminUnits } from "~/addresses/load.server";
import { ensureSearchIndexFormat } from "~/catalog/search-index.server";
import { db, migrateDatabase, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { seedDemoData } from "../db/seed";

/**
 * Brings a database up to date: migrations, the shipped administrative units, and (when the
 * database has no users yet and SEED_DEMO is on) the demo data. Safe to run on every start.
 * It composes capabilities (addresses, the seed), so it sits beside entry.server.tsx and not in
 * app/lib, which knows none.
 */
export async function prepareDatabase(target: Db = db(), options: { seed?: boolean } = {}) {
  migrateDatabase(target);
  const units = ensureAdminUnits(target);
  if (units.loaded) logger().info({ sets: units.sets }, "administrative units loaded");
  if (ensureSearchIndexFormat(target)) logger().info("search index rebuilt for the current search rules");
  const seed = options.seed ?? env().SEED_DEMO;
  if (seed) {
    const seeded = await seedDemoData(target);
    if (seeded) logger().info("demo data seeded");
    return { seeded };
  }
  return { seeded: null };
}
