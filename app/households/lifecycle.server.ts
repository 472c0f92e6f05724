import { and, asc, desc, eq } from "drizzle-orm";
import {
  householdEvents,
  households,
  users,
  VERIFICATION_METHODS,
  type Household,
  type HouseholdEvent,
  type HouseholdEventKind,
  type HouseholdStatus,
  type VerificationMethod,
} from "../../db/schema";
import { recordActivity, type ActivityAction } from "~/activity/log.server";
import { getUserById } from "~/accounts/users.server";
import { reindexHousehold } from "~/catalog/search-index.server";
import type { Db } from "~/lib/db.server";
import { cleanText } from "~/lib/text";
import { authorizeOrFail, mayManageHousehold, type Actor } from "~/accounts/access.server";
import { fail } from "./fail";
import { announceHouseholdEvent, type AnnounceOptions } from "./lifecycle-messages.server";
import { NOTE_MAX } from "./profile.server";
import { getHousehold, getHouseholdForUser } from "./records.server";

/**
 * The stored states and their changes: registered → activated (owner's phone confirmed, password
 * set) → verified (an officer of the area checked identity and address); suspended / reinstated at
 * any point. "listed" and "sold" are derived, never stored (funnel.server.ts). Every change of
 * state writes a household_events row (who, when, note).
 *
 * An officer may verify a household before anyone claims it (identity checked in person or on
 * papers, the method recorded), so it can sell through staff acting on its behalf; the farmer who
 * claims it later takes it over verified (a "handover" event, status kept).
 */

interface HouseholdEventView extends HouseholdEvent {
  actorName: string | null;
}

export function listHouseholdEvents(db: Db, householdId: number): HouseholdEventView[] {
  // Names of the people who acted, read for display only.
  return db
    .select({
      id: householdEvents.id,
      householdId: householdEvents.householdId,
      fromStatus: householdEvents.fromStatus,
      toStatus: householdEvents.toStatus,
      actorUserId: householdEvents.actorUserId,
      kind: householdEvents.kind,
      note: householdEvents.note,
      at: householdEvents.at,
      actorName: users.name,
    })
    .from(householdEvents)
    .leftJoin(users, eq(users.id, householdEvents.actorUserId))
    .where(eq(householdEvents.householdId, householdId))
    .orderBy(asc(householdEvents.at), asc(householdEvents.id))
    .all();
}

function transition(
  db: Db,
  household: Household,
  to: HouseholdStatus,
  actor: Actor,
  note: string | null,
  changes: Partial<Household> = {},
  /** officers' and administrators' transitions are logged; the owner's activation is not */
  activity?: ActivityAction,
  /** announce: the household is told by SMS (lifecycle-messages.server.ts), in this transaction */
  extra: { kind?: HouseholdEventKind; detail?: Record<string, string>; announce?: AnnounceOptions } = {},
): Household {
  return db.transaction((tx) => {
    const updated = tx
      .update(households)
      .set({ ...changes, status: to, statusNote: note, updatedAt: new Date() })
      // Guarded by the status we checked: two officers acting at once cannot both move it.
      .where(and(eq(households.id, household.id), eq(households.status, household.status)))
      .returning()
      .get();
    if (!updated) fail("statusChanged", undefined, {}, 409);
    const event = tx
      .insert(householdEvents)
      .values({ householdId: household.id, fromStatus: household.status, toStatus: to, actorUserId: actor.id, kind: extra.kind ?? "status", note, at: new Date() })
      .returning({ id: householdEvents.id })
      .get();
    if (extra.announce) announceHouseholdEvent(db, event.id, extra.announce);
    // Verification and suspension decide whether the household's listings are searchable.
    reindexHousehold(db, household.id);
    if (activity) {
      recordActivity(db, {
        actorUserId: actor.id,
        action: activity,
        householdId: household.id,
        communeCode: household.communeCode,
        detail: { from: household.status, to, note, ...extra.detail },
      });
    }
    return updated!;
  });
}

function noteOf(value: string | null | undefined, field: string, required: boolean): string | null {
  const text = cleanText(value ?? "");
  if (required && text === "") fail("reasonRequired", field);
  if (text.length > NOTE_MAX) fail("tooLong", field, { max: NOTE_MAX });
  return text || null;
}

function loadForChange(db: Db, householdId: number): Household {
  const household = getHousehold(db, householdId);
  if (!household) return fail("notFound", undefined, {}, 404);
  return household;
}

/**
 * registered → activated: the owner proved their phone and set a password (e.g. by claiming it).
 * A household staff verified before anyone claimed it stays verified: the owner takes it over with
 * its listings and orders (a "handover" event; staff's on-behalf order rights end with the owner).
 */
export function activateHousehold(db: Db, householdId: number, owner: Actor): Household {
  const household = loadForChange(db, householdId);
  const handover = household.status === "verified" && household.ownerUserId === null;
  if (household.status !== "registered" && !handover) fail("cannotActivate", undefined, { status: household.status }, 409);
  if (household.ownerUserId !== null && household.ownerUserId !== owner.id) fail("notYourHousehold", undefined, {}, 403);
  if (getHouseholdForUser(db, owner.id) && household.ownerUserId !== owner.id) fail("alreadyRegistered", undefined, {}, 409);
  const user = getUserById(db, owner.id);
  if (!user?.phoneVerifiedAt || !user.passwordHash) fail("ownerNotConfirmed", undefined, {}, 409);
  if (handover) return transition(db, household, "verified", owner, null, { ownerUserId: owner.id }, undefined, { kind: "handover" });
  return transition(db, household, "activated", owner, null, { ownerUserId: owner.id });
}

const VERIFIABLE: ReadonlySet<HouseholdStatus> = new Set(["registered", "activated"]);

/**
 * registered or activated → verified by an officer of the area (or an administrator), who checked
 * identity and address in the way `method` names. Recorded on the household (by, at, method), in
 * its history and the activity log; the household is told by SMS what to do next (in a bulk action
 * only a household with no owner yet, as before: see lifecycle-messages.server.ts). One household
 * per call (bulk verification calls this in a loop).
 */
export function verifyHousehold(
  db: Db,
  actor: Actor,
  householdId: number,
  /** inBulkAction: a bulk action records one activity entry for its whole set, not one per household */
  input: { method: VerificationMethod; note?: string | null; inBulkAction?: boolean },
): Household {
  const household = loadForChange(db, householdId);
  authorizeOrFail(mayManageHousehold(db, actor, household), "households:errors.notYourArea");
  const method = input.method as string | undefined;
  if (!method || !(VERIFICATION_METHODS as readonly string[]).includes(method)) fail("methodRequired", "method");
  const note = noteOf(input.note, "note", false);
  if (!VERIFIABLE.has(household.status)) fail("cannotVerify", undefined, { status: household.status }, 409);
  const changes = { verifiedBy: actor.id, verifiedAt: new Date(), verificationMethod: input.method };
  return transition(db, household, "verified", actor, note, changes, input.inBulkAction ? undefined : "household.verify", {
    detail: { method: input.method },
    announce: { inBulkAction: input.inBulkAction },
  });
}

/** "Verified by <officer> on <date>, <method>" for the household's page; null until verified. */
export function verificationOf(
  db: Db,
  household: Pick<Household, "verifiedBy" | "verifiedAt" | "verificationMethod">,
): { officerName: string | null; at: Date; method: VerificationMethod } | null {
  if (!household.verifiedAt || !household.verificationMethod) return null;
  const officer = household.verifiedBy === null ? undefined : getUserById(db, household.verifiedBy);
  return { officerName: officer?.name ?? null, at: household.verifiedAt, method: household.verificationMethod };
}

/**
 * Any state → suspended, with a reason; the catalog stops showing its listings. The household is told
 * why and whom to call, unless announce is false (an erasure suspends a household that asked to go).
 */
export function suspendHousehold(db: Db, actor: Actor, householdId: number, reason: string, options: { announce?: boolean } = {}): Household {
  const household = loadForChange(db, householdId);
  authorizeOrFail(mayManageHousehold(db, actor, household), "households:errors.notYourArea");
  const note = noteOf(reason, "reason", true);
  if (household.status === "suspended") fail("alreadySuspended", undefined, {}, 409);
  return transition(db, household, "suspended", actor, note, {}, "household.suspend", { announce: options.announce === false ? undefined : {} });
}

/** suspended → the state it was suspended from. */
export function reinstateHousehold(db: Db, actor: Actor, householdId: number, note?: string | null): Household {
  const household = loadForChange(db, householdId);
  authorizeOrFail(mayManageHousehold(db, actor, household), "households:errors.notYourArea");
  if (household.status !== "suspended") fail("notSuspended", undefined, {}, 409);
  const last = db
    .select({ from: householdEvents.fromStatus })
    .from(householdEvents)
    .where(and(eq(householdEvents.householdId, householdId), eq(householdEvents.toStatus, "suspended")))
    .orderBy(desc(householdEvents.id))
    .limit(1)
    .get();
  const back: HouseholdStatus =
    last?.from && last.from !== "suspended" ? last.from : household.ownerUserId !== null ? "activated" : "registered";
  return transition(db, household, back, actor, noteOf(note, "note", false), {}, "household.reinstate", { announce: {} });
}

