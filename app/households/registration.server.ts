import { and, asc, eq, sql } from "drizzle-orm";
import { households, type Household } from "../../db/schema";
import { recordActivity } from "~/activity/log.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText } from "~/lib/text";
import { allows, authorizeOrFail, mayRegisterHouseholdIn, type Actor } from "~/accounts/access.server";
import { fail } from "./fail";
import { insertHousehold, normalizeHouseholdInput, NOTE_MAX, type HouseholdInput } from "./profile.server";

/** Assisted registration: an officer, an administrator or an import registers a household that has no owner account yet. */

interface OfficerRegistrationInput extends HouseholdInput {
  /** the household agreed to be listed: when, and how it was recorded (paper form, phone call, import file) */
  consentAt: Date;
  consentSource: string;
  importBatchId?: number | null;
}

interface DuplicateHousehold {
  id: number;
  displayName: string;
  communeCode: string;
  /** what matched: the same ID number, or the same phone together with the folded name */
  by: "nationalId" | "phoneName";
}

/**
 * The household these details already describe, if any: the same CCCD/CMND, else the same phone
 * together with the folded representative name (a phone alone is shared by relatives and officers,
 * so it never makes two households one). Two different ID numbers are two households, whatever
 * the phone and name. The rule of the importer's dedupe keys (app/imports/dedupe.ts).
 */
export function findDuplicateHousehold(
  db: Db,
  value: { nationalId?: string | null; phone: string; nameFolded: string },
  exceptId?: number,
): DuplicateHousehold | undefined {
  const columns = { id: households.id, displayName: households.displayName, communeCode: households.communeCode };
  const notSelf = exceptId === undefined ? undefined : sql`${households.id} <> ${exceptId}`;
  if (value.nationalId) {
    const same = db.select(columns).from(households).where(and(eq(households.nationalId, value.nationalId), notSelf)).get();
    if (same) return { ...same, by: "nationalId" };
  }
  const samePhoneName = db
    .select(columns)
    .from(households)
    .where(
      and(
        eq(households.phone, value.phone),
        eq(households.nameFolded, value.nameFolded),
        value.nationalId ? sql`(${households.nationalId} IS NULL OR ${households.nationalId} = ${value.nationalId})` : undefined,
        notSelf,
      ),
    )
    .orderBy(asc(households.id))
    .limit(1)
    .get();
  return samePhoneName ? { ...samePhoneName, by: "phoneName" } : undefined;
}

/**
 * An officer (or an administrator, or an import run by one) registers a household without an
 * owner account: it starts "registered" and is activated when its owner claims it by phone. A
 * household already on file (findDuplicateHousehold) is refused with its id (params.id) so the
 * page can link to it. The activity log gets one "household.register" line, except for rows of an
 * import batch, which the batch's own "import.households" line stands for.
 */
export function registerHouseholdByOfficer(db: Db, actor: Actor, input: OfficerRegistrationInput): Household {
  authorizeOrFail(allows(actor, "useOfficerWorkspace"), "households:errors.notYourArea");
  const consentSource = cleanText(input.consentSource ?? "");
  if (!(input.consentAt instanceof Date) || Number.isNaN(input.consentAt.getTime()) || consentSource === "") {
    fail("consentRequired", "consentSource");
  }
  if (consentSource.length > NOTE_MAX) fail("tooLong", "consentSource", { max: NOTE_MAX });
  const columns = normalizeHouseholdInput(db, input);
  // On the commune field: the form names the reason where the officer chose the commune.
  authorizeOrFail(mayRegisterHouseholdIn(db, actor, columns.communeCode), "households:errors.notYourArea", "communeCode");
  const duplicate = findDuplicateHousehold(db, columns);
  if (duplicate) {
    throw new AppError(
      duplicate.by === "nationalId" ? "households:register.errors.duplicateNationalId" : "households:register.errors.duplicatePhoneName",
      409,
      { id: duplicate.id, name: duplicate.displayName },
      duplicate.by === "nationalId" ? "nationalId" : "phone",
    );
  }
  const importBatchId = input.importBatchId ?? null;
  return insertHousehold(
    db,
    {
      ...columns,
      ownerUserId: null,
      registeredBy: actor.id,
      importBatchId,
      consentAt: input.consentAt,
      consentSource,
    },
    [{ from: null, to: "registered", note: consentSource }],
    actor.id,
    importBatchId === null
      ? (household) =>
          recordActivity(db, {
            actorUserId: actor.id,
            action: "household.register",
            householdId: household.id,
            communeCode: household.communeCode,
            detail: { consent: consentSource },
          })
      : undefined,
  );
}

