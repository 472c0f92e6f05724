import { asc, eq } from "drizzle-orm";
import { households, type Household, type HouseholdStatus } from "../../db/schema";
import type { Db } from "~/lib/db.server";

/** One household's row, by id or by its owner: what every other households module starts from. */

export type { Household, HouseholdStatus };

export function getHousehold(db: Db, id: number): Household | undefined {
  return db.select().from(households).where(eq(households.id, id)).get();
}

/** The household the user owns (one per owner). */
export function getHouseholdForUser(db: Db, userId: number): Household | undefined {
  return db.select().from(households).where(eq(households.ownerUserId, userId)).orderBy(asc(households.id)).limit(1).get();
}
