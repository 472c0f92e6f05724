import crypto from "node:crypto";
import { assignOfficerAreas, type AreaSelection, type OfficerArea } from "~/addresses/areas.server";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { assertPasswordAllowed, hashPassword } from "./password.server";
import { assertPhoneFree, cleanName, insertUser, requirePhone, type User } from "./users.server";

/**
 * Staff accounts (administrators, extension officers) are made from the command line
 * (scripts/create-user.ts), never by sign-up.
 */

/** `82` or `province:82`, `commune:28249`, `former-district:819` → an area selection. */
export function parseAreaArg(value: string): AreaSelection {
  const match = /^(?:(province|commune|former-district):)?(\d+)$/.exec(value.trim());
  if (!match) throw new AppError("accounts:errors.areaFormat", 400, { value }, "area");
  const kind = (match[1] ?? "province") as AreaSelection["kind"];
  return { kind, code: match[2] };
}

/** A password to print once for the new user: 16 random characters, no look-alikes. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join("");
}

interface StaffUserInput {
  phone: string;
  name: string;
  password: string;
  role: "admin" | "officer";
  locale?: Locale;
  areas?: AreaSelection[];
}

/** Creates the account and its areas together: an unknown area code leaves no half-made user. */
export async function createStaffUser(db: Db, input: StaffUserInput): Promise<{ user: User; areas: OfficerArea[] }> {
  if (input.role !== "admin" && input.role !== "officer") throw new AppError("accounts:errors.staffRole", 400, {}, "role");
  const areas = input.areas ?? [];
  if (areas.length > 0 && input.role !== "officer") throw new AppError("accounts:errors.areasForOfficers", 400, {}, "area");
  const phone = requirePhone(input.phone);
  const name = cleanName(input.name);
  assertPasswordAllowed(input.password, phone);
  assertPhoneFree(db, phone);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(() => {
    // Same connection as db, so assignOfficerAreas (which uses the raw handle) joins this transaction.
    const user = insertUser(db, { phone, name, passwordHash, role: input.role, locale: input.locale ?? "vi", phoneVerified: true });
    const assigned = input.role === "officer" && areas.length > 0 ? assignOfficerAreas(db, user.id, areas) : [];
    return { user, areas: assigned };
  });
}
