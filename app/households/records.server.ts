import { redirect } from "@remix-run/node";
import { asc, eq } from "drizzle-orm";
import { households, type Household, type HouseholdStatus } from "../../db/schema";
import { maySeeNationalId, requireUser, type Actor } from "~/accounts/access.server";
import type { SessionUser } from "~/accounts/session.server";
import { db as appDb, type Db } from "~/lib/db.server";
import { maskNationalId } from "./national-id";

/** One household's row, by id or by its owner: what every other households module starts from. */

export type { Household, HouseholdStatus };

export function getHousehold(db: Db, id: number): Household | undefined {
  return db.select().from(households).where(eq(households.id, id)).get();
}

/** The household the user owns (one per owner). */
export function getHouseholdForUser(db: Db, userId: number): Household | undefined {
  return db.select().from(households).where(eq(households.ownerUserId, userId)).orderBy(asc(households.id)).limit(1).get();
}

/** The farmer's own household, or off to the registration wizard. */
export async function requireOwnHousehold(request: Request): Promise<{ user: SessionUser; household: Household }> {
  const user = await requireUser(request);
  const household = getHouseholdForUser(appDb(), user.id);
  if (!household) throw redirect("/ban-hang/dang-ky");
  return { user, household };
}

/** Only verified households publish listings (and only their published listings reach buyers). */
export function canPublish(household: Pick<Household, "status">): boolean {
  return household.status === "verified";
}

/** The household's national ID as this viewer may see it (masked unless the access policy allows it). */
export function nationalIdFor(db: Db, household: Household, viewer: Actor | null | undefined): string | null {
  return maskNationalId(household.nationalId, maySeeNationalId(db, viewer, household));
}
