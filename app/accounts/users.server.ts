import { eq } from "drizzle-orm";
import { users, type Role, type User } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { normalizePhone } from "~/lib/phone";
import { cleanText } from "~/lib/text";
import { assertPasswordAllowed, hashPassword } from "./password.server";

export type { Role, User };

const NAME_MAX_LENGTH = 100;

/** Phone from user input in any accepted form, or an AppError on the given field. */
export function requirePhone(input: string, field = "phone"): string {
  const result = normalizePhone(input);
  if (!result.ok) throw new AppError(`accounts:phone.${result.reason}`, 400, {}, field);
  return result.e164;
}

export function cleanName(input: string, field = "name"): string {
  const name = cleanText(input);
  if (name === "") throw new AppError("accounts:errors.nameRequired", 400, {}, field);
  if (name.length > NAME_MAX_LENGTH) throw new AppError("accounts:errors.nameTooLong", 400, { max: NAME_MAX_LENGTH }, field);
  return name;
}

export function findUserByPhone(db: Db, phoneE164: string): User | undefined {
  return db.select().from(users).where(eq(users.phone, phoneE164)).get();
}

export function getUserById(db: Db, id: number): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export function assertPhoneFree(db: Db, phoneE164: string, field = "phone") {
  if (findUserByPhone(db, phoneE164)) throw new AppError("accounts:errors.phoneTaken", 409, {}, field);
}

interface CreateUserInput {
  /** any accepted written form; stored as E.164 */
  phone: string;
  name: string;
  /** null for accounts that will be claimed by code later (no password log-in until then) */
  password: string | null;
  role: Role;
  locale?: Locale;
  /** set when the phone was proven (confirmed code, or created by an administrator) */
  phoneVerified?: boolean;
}

/** Creates a user after the same checks as sign-up: valid phone, free phone, allowed password. */
export async function createUser(db: Db, input: CreateUserInput): Promise<User> {
  const phone = requirePhone(input.phone);
  const name = cleanName(input.name);
  if (input.password !== null) assertPasswordAllowed(input.password, phone);
  assertPhoneFree(db, phone);
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return insertUser(db, { phone, name, passwordHash, role: input.role, locale: input.locale ?? "vi", phoneVerified: input.phoneVerified ?? false });
}

/** The insert itself, for callers that already checked and hashed (sign-up confirmation). */
export function insertUser(
  db: Db,
  input: { phone: string; name: string; passwordHash: string | null; role: Role; locale: Locale; phoneVerified: boolean },
): User {
  const now = new Date();
  try {
    return db
      .insert(users)
      .values({
        phone: input.phone,
        name: input.name,
        passwordHash: input.passwordHash,
        role: input.role,
        locale: input.locale,
        phoneVerifiedAt: input.phoneVerified ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  } catch (error) {
    // Two sign-ups for one phone at the same moment: the unique index decides.
    if (error instanceof Error && /UNIQUE constraint failed: users\.phone/.test(error.message)) {
      throw new AppError("accounts:errors.phoneTaken", 409, {}, "phone");
    }
    throw error;
  }
}
