import { redirect } from "@remix-run/node";
import { type Household, type Role } from "../../db/schema";
import { requireUser } from "~/accounts/permissions.server";
import type { SessionUser } from "~/accounts/session.server";
import { officerCoversCommune } from "~/addresses/areas.server";
import { db as appDb, type Db } from "~/lib/db.server";
import { fail } from "./fail";
import { maskNationalId } from "./national-id";
import { getHouseholdForUser } from "./records.server";

/**
 * Who may do what with a household, kept together in one place until the one access policy in
 * app/accounts/ takes these rules over. Moved here unchanged from the old households module.
 */

/** Who acts: a signed-in user or a script acting as one. */
export interface Actor {
  id: number;
  role: Role;
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

/** True for administrators and for officers whose areas include the commune. */
export function isOfficerFor(db: Db, actor: Actor | null | undefined, communeCode: string): boolean {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  return actor.role === "officer" && officerCoversCommune(db, actor.id, communeCode);
}

export function assertOfficerFor(db: Db, actor: Actor, communeCode: string) {
  if (!isOfficerFor(db, actor, communeCode)) fail("notYourArea", undefined, {}, 403);
}

/** The full national ID is for its owner, officers of its area and administrators. */
export function canSeeNationalId(
  db: Db,
  household: Pick<Household, "ownerUserId" | "communeCode">,
  viewer: Actor | null | undefined,
): boolean {
  if (!viewer) return false;
  if (household.ownerUserId !== null && household.ownerUserId === viewer.id) return true;
  return isOfficerFor(db, viewer, household.communeCode);
}

/** The household's national ID as this viewer may see it (masked unless allowed). */
export function nationalIdFor(db: Db, household: Household, viewer: Actor | null | undefined): string | null {
  return maskNationalId(household.nationalId, canSeeNationalId(db, household, viewer));
}
