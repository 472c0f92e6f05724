import { and, desc, eq } from "drizzle-orm";
import { households, oneTimeCodes, users, type Role, type User } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { consumeCode, issueCode, type IssuedCode } from "./one-time-codes.server";
import { assertPasswordAllowed, burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import { mayStartResetFor } from "./access.server";
import type { Actor } from "./access";
import { assertRate, clearRate, consumeRate, hitRate, RATE_RULES } from "./rate-limit.server";
import { revokeUserSessions } from "./session.server";
import { assertPhoneFree, cleanName, findUserByPhone, insertUser, requirePhone } from "./users.server";

/**
 * Sign-up, log-in and password reset as module functions; routes only parse forms and turn
 * results into responses. Phones may be given in any accepted written form.
 */

const loginPhoneKey = (phone: string) => `login:phone:${phone}`;
const loginIpKey = (ip: string) => `login:ip:${ip}`;

/** Per-IP cap on code requests (generous: carriers put many phones behind one address). */
function countCodeRequestFromIp(db: Db, clientIp: string | undefined) {
  if (clientIp) consumeRate(db, `code-send:ip:${clientIp}`, RATE_RULES.codeSendIp, "accounts:errors.tooManyCodes");
}

export interface SignupInput {
  phone: string;
  name: string;
  password: string;
  role: Role;
  locale: Locale;
  clientIp?: string;
}

/**
 * Step 1 of sign-up: checks everything, then sends a code to the phone. The account is created
 * only when the code comes back (confirmSignup), so nobody can hold a number they do not own;
 * the pending name, role and password hash wait in the code's payload.
 */
export async function startSignup(db: Db, input: SignupInput): Promise<{ phone: string; issued: IssuedCode }> {
  if (input.role !== "buyer" && input.role !== "farmer") throw new AppError("accounts:errors.roleRequired", 400, {}, "role");
  const phone = requirePhone(input.phone);
  const name = cleanName(input.name);
  assertPasswordAllowed(input.password, phone);
  assertPhoneFree(db, phone);
  countCodeRequestFromIp(db, input.clientIp);
  const passwordHash = await hashPassword(input.password);
  const issued = issueCode(db, {
    purpose: "signup",
    phone,
    locale: input.locale,
    payload: { name, role: input.role, locale: input.locale, passwordHash },
  });
  return { phone, issued };
}

/** Step 2: the code proves the phone; the account is created verified. */
export function confirmSignup(db: Db, input: { phone: string; code: string }): User {
  const phone = requirePhone(input.phone);
  const consumed = consumeCode(db, { purpose: "signup", phone, code: input.code });
  const p = consumed.payload ?? {};
  const role = p.role === "farmer" ? "farmer" : "buyer";
  const locale: Locale = p.locale === "en" ? "en" : "vi";
  if (typeof p.passwordHash !== "string" || typeof p.name !== "string") {
    throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  }
  return insertUser(db, { phone, name: p.name, passwordHash: p.passwordHash, role, locale, phoneVerified: true });
}

/** Sends a fresh sign-up code for a pending sign-up (the "send again" button). */
export function resendSignupCode(db: Db, input: { phone: string; clientIp?: string }) {
  const phone = requirePhone(input.phone);
  assertPhoneFree(db, phone);
  // The newest sign-up attempt for this phone, used or not: its payload holds the details.
  const pending = db
    .select({ payload: oneTimeCodes.payload })
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.purpose, "signup"), eq(oneTimeCodes.phone, phone)))
    .orderBy(desc(oneTimeCodes.id))
    .limit(1)
    .get();
  if (!pending?.payload) throw new AppError("accounts:errors.signupNotStarted", 400, {}, "phone");
  countCodeRequestFromIp(db, input.clientIp);
  const locale: Locale = pending.payload.locale === "en" ? "en" : "vi";
  return issueCode(db, { purpose: "signup", phone, locale, payload: pending.payload });
}

/**
 * Phone + password. Failures count per phone (RATE_RULES.loginPhone) and per IP (generous);
 * the message never says whether the phone has an account. A disabled account is told so only
 * after the right password.
 */
export async function login(db: Db, input: { phone: string; password: string; clientIp?: string }): Promise<User> {
  const phone = requirePhone(input.phone);
  const now = Date.now();
  assertRate(db, loginPhoneKey(phone), RATE_RULES.loginPhone, "accounts:errors.tooManyLogins", undefined, now);
  if (input.clientIp) assertRate(db, loginIpKey(input.clientIp), RATE_RULES.loginIp, "accounts:errors.tooManyLoginsIp", undefined, now);

  const user = findUserByPhone(db, phone);
  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);

  if (!ok || !user) {
    hitRate(db, loginPhoneKey(phone), RATE_RULES.loginPhone, now);
    if (input.clientIp) hitRate(db, loginIpKey(input.clientIp), RATE_RULES.loginIp, now);
    throw new AppError("accounts:errors.loginFailed", 401);
  }
  if (user.disabledAt) throw new AppError("accounts:errors.accountDisabled", 403);
  clearRate(db, loginPhoneKey(phone));
  return user;
}

/**
 * Forgot password, step 1. Answers the same whether or not the phone has an account (and
 * counts the request against the phone either way), so the form cannot be used to find users.
 */
export function startPasswordReset(db: Db, input: { phone: string; locale: Locale; clientIp?: string }): { phone: string; sent: boolean } {
  const phone = requirePhone(input.phone);
  countCodeRequestFromIp(db, input.clientIp);
  const user = findUserByPhone(db, phone);
  if (!user || user.disabledAt) {
    consumeRate(db, `code-send:phone:${phone}`, RATE_RULES.codeSendPhone, "accounts:errors.tooManyCodes");
    return { phone, sent: false };
  }
  issueCode(db, { purpose: "reset", phone, userId: user.id, locale: user.locale });
  return { phone, sent: true };
}

/** Step 2: code + new password. Every session of the user ends; the caller logs them in afresh. */
export async function completePasswordReset(db: Db, input: { phone: string; code: string; password: string }): Promise<User> {
  const phone = requirePhone(input.phone);
  // The password is checked before the code is spent, so a refused password costs no code.
  assertPasswordAllowed(input.password, phone);
  const passwordHash = await hashPassword(input.password);
  const consumed = consumeCode(db, { purpose: "reset", phone, code: input.code });
  const user = findUserByPhone(db, phone);
  if (!user || user.id !== consumed.userId) throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  if (user.disabledAt) throw new AppError("accounts:errors.accountDisabled", 403);
  return db.transaction((tx) => {
    const updated = tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(), phoneVerifiedAt: user.phoneVerifiedAt ?? new Date() })
      .where(eq(users.id, user.id))
      .returning()
      .get();
    revokeUserSessions(tx as unknown as Db, user.id);
    return updated;
  });
}

/**
 * An officer or administrator starts a reset for someone who cannot do it alone (a farmer
 * without the skill or the phone credit): the code goes to that person's phone, never to the
 * staff member. Who may act for whom is mayStartResetFor. The staff member learns nothing about
 * the number: no such person, not theirs to reset, a disabled account, a phone already sent too
 * many codes and a code sent all give the same answer (the person sees the code arrive). Attempts
 * are counted per staff member, whatever their outcome.
 */
export function startResetForUser(db: Db, actor: Actor, input: { phone: string }): { phone: string; sent: boolean } {
  const phone = requirePhone(input.phone);
  consumeRate(db, `staff-reset:${actor.id}`, RATE_RULES.staffReset, "accounts:errors.tooManyStaffResets", "phone");
  const target = findUserByPhone(db, phone);
  if (!target || target.disabledAt) return { phone, sent: false };
  const communes = db
    .select({ communeCode: households.communeCode })
    .from(households)
    .where(eq(households.ownerUserId, target.id))
    .all()
    .map((h) => h.communeCode);
  if (!mayStartResetFor(db, actor, target, communes)) return { phone, sent: false };
  try {
    issueCode(db, { purpose: "reset", phone, userId: target.id, locale: target.locale });
  } catch (error) {
    // The phone's own limit (codes per 15 minutes) would tell the staff member the number is real.
    if (error instanceof AppError && error.status === 429) return { phone, sent: false };
    throw error;
  }
  return { phone, sent: true };
}
