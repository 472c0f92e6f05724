import { eq } from "drizzle-orm";
import { users, type User } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { enqueueMessage } from "~/notifications/outbox.server";
import { consumeCode, issueCode, pendingCode } from "./one-time-codes.server";
import { assertPasswordAllowed, hashPassword, verifyPassword } from "./password.server";
import { revokeUserSessions } from "./session.server";
import { assertPhoneFree, cleanName, getUserById, requirePhone } from "./users.server";

/**
 * Changes a signed-in user makes to their own account. Every function takes the user id from
 * the session (never from a form), so one user cannot touch another's account.
 */

function requireUserRow(db: Db, userId: number): User {
  const user = getUserById(db, userId);
  if (!user || user.disabledAt) throw new AppError("accounts:errors.accountDisabled", 403);
  return user;
}

export function updateProfile(db: Db, userId: number, input: { name: string; locale: Locale }): User {
  requireUserRow(db, userId);
  const name = cleanName(input.name);
  return db.update(users).set({ name, locale: input.locale, updatedAt: new Date() }).where(eq(users.id, userId)).returning().get();
}

/** Needs the current password; other devices are signed out, this one stays. */
export async function changePassword(
  db: Db,
  userId: number,
  input: { currentPassword: string; newPassword: string; keepSessionId?: string },
): Promise<void> {
  const user = requireUserRow(db, userId);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("accounts:errors.currentPasswordWrong", 400, {}, "currentPassword");
  }
  assertPasswordAllowed(input.newPassword, user.phone, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
    revokeUserSessions(tx as unknown as Db, userId, { except: input.keepSessionId });
    enqueueMessage(tx as unknown as Db, {
      channel: "sms",
      recipient: user.phone,
      template: "account.password_changed",
      locale: user.locale,
      payload: {},
    });
  });
}

/**
 * Phone change, step 1: the current password, then a code to the NEW number (proving the user
 * holds it). A number another account uses is refused.
 */
export async function startPhoneChange(
  db: Db,
  userId: number,
  input: { newPhone: string; password: string },
): Promise<{ newPhone: string }> {
  const user = requireUserRow(db, userId);
  const newPhone = requirePhone(input.newPhone, "newPhone");
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    throw new AppError("accounts:errors.currentPasswordWrong", 400, {}, "password");
  }
  if (newPhone === user.phone) throw new AppError("accounts:errors.samePhone", 400, {}, "newPhone");
  assertPhoneFree(db, newPhone, "newPhone");
  issueCode(db, { purpose: "phone_change", phone: newPhone, userId, locale: user.locale, payload: { newPhone } });
  return { newPhone };
}

/** The phone change this user is waiting to confirm, if any. */
export function pendingPhoneChange(db: Db, userId: number): { newPhone: string; expiresAt: Date } | null {
  const row = pendingCode(db, { purpose: "phone_change", userId });
  return row ? { newPhone: row.phone, expiresAt: row.expiresAt } : null;
}

/** Step 2: the code from the new phone. The old number is told, in case it was not the owner. */
export function confirmPhoneChange(db: Db, userId: number, input: { code: string }): User {
  const user = requireUserRow(db, userId);
  const pending = pendingPhoneChange(db, userId);
  if (!pending) throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  const consumed = consumeCode(db, { purpose: "phone_change", phone: pending.newPhone, code: input.code });
  if (consumed.userId !== userId) throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  assertPhoneFree(db, pending.newPhone, "code");
  return db.transaction((tx) => {
    const updated = tx
      .update(users)
      .set({ phone: pending.newPhone, phoneVerifiedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning()
      .get();
    enqueueMessage(tx as unknown as Db, {
      channel: "sms",
      recipient: user.phone,
      template: "account.phone_changed",
      locale: user.locale,
      payload: {},
    });
    return updated;
  });
}
