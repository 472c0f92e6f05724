import { and, desc, eq } from "drizzle-orm";
import { households, oneTimeCodes, users, type Role, type User } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { consumeCode, issueCode, issueDecoyCode } from "./one-time-codes.server";
import { assertPasswordAllowed, burnPasswordCheck, hashPassword, verifyPassword } from "./password.server";
import { mayStartResetFor } from "./access.server";
import type { Actor } from "./access";
import { clearRate, clearRatePrefix, consumeRate, hitBackoff, hitRate, peekBackoff, peekRate, RATE_RULES, waitParams, type RateStatus } from "./rate-limit.server";
import { revokeUserSessions } from "./session.server";
import { cleanName, findUserByPhone, insertUser, requirePhone } from "./users.server";

/**
 * Sign-up, log-in and password reset as module functions; routes only parse forms and turn
 * results into responses. Phones may be given in any accepted written form.
 */

const loginPhoneKey = (phone: string) => `login:phone:${phone}`;
const loginPhoneIpPrefix = (phone: string) => `login:phone-ip:${phone}|`;
const loginPhoneIpKey = (phone: string, ip: string) => `${loginPhoneIpPrefix(phone)}${ip}`;
const loginIpKey = (ip: string) => `login:ip:${ip}`;

/** Per-IP cap on code requests (generous: carriers put many phones behind one address). */
function countCodeRequestFromIp(db: Db, clientIp: string | undefined) {
  if (clientIp) consumeRate(db, `code-send:ip:${clientIp}`, RATE_RULES.codeSendIp, "accounts:errors.tooManyCodes");
}

/**
 * Sign-up with a phone that already has an account: from outside it must look like any sign-up
 * (the same code page, the same limits), so the phone's owner is told by SMS instead of sent a
 * code, and a code nobody knows stands in for the real one (issueDecoyCode).
 */
function answerSignupForRegisteredPhone(db: Db, owner: User) {
  issueDecoyCode(db, { purpose: "signup", phone: owner.phone, locale: owner.locale, notice: { template: "account.signup_attempt" } });
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
 * the pending name, role and password hash wait in the code's payload. A phone that already
 * has an account gets the same answer (see answerSignupForRegisteredPhone), so the form cannot
 * be used to find out who is registered; the result says nothing either way.
 */
export async function startSignup(db: Db, input: SignupInput): Promise<{ phone: string }> {
  if (input.role !== "buyer" && input.role !== "farmer") throw new AppError("accounts:errors.roleRequired", 400, {}, "role");
  const phone = requirePhone(input.phone);
  const name = cleanName(input.name);
  assertPasswordAllowed(input.password, phone);
  countCodeRequestFromIp(db, input.clientIp);
  // Hashed for a registered phone too, so the time taken does not tell the two apart.
  const passwordHash = await hashPassword(input.password);
  const owner = findUserByPhone(db, phone);
  if (owner) {
    answerSignupForRegisteredPhone(db, owner);
  } else {
    issueCode(db, {
      purpose: "signup",
      phone,
      locale: input.locale,
      payload: { name, role: input.role, locale: input.locale, passwordHash },
    });
  }
  return { phone };
}

/**
 * Step 2: the code proves the phone; the account is created verified. A code standing in for a
 * registered phone never matches, so that fails as any wrong code does. If the phone got an
 * account after its real code was sent, insertUser says so: only the phone's holder sees that.
 */
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

/**
 * Sends a fresh sign-up code for a pending sign-up (the "send again" button). For a phone that
 * has an account it answers exactly the same: its owner is told again, within the same limits.
 */
export function resendSignupCode(db: Db, input: { phone: string; clientIp?: string }): void {
  const phone = requirePhone(input.phone);
  // The newest sign-up attempt for this phone, used or not: its payload holds the details.
  const pending = db
    .select({ payload: oneTimeCodes.payload })
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.purpose, "signup"), eq(oneTimeCodes.phone, phone)))
    .orderBy(desc(oneTimeCodes.id))
    .limit(1)
    .get();
  if (!pending) throw new AppError("accounts:errors.signupNotStarted", 400, {}, "phone");
  countCodeRequestFromIp(db, input.clientIp);
  const owner = findUserByPhone(db, phone);
  if (owner) return answerSignupForRegisteredPhone(db, owner);
  // A stand-in code (payload-less) whose phone has no account any more: nothing to send again.
  if (typeof pending.payload?.passwordHash !== "string") throw new AppError("accounts:errors.signupNotStarted", 400, {}, "phone");
  const locale: Locale = pending.payload.locale === "en" ? "en" : "vi";
  issueCode(db, { purpose: "signup", phone, locale, payload: pending.payload });
}

/**
 * Before the password is checked: may this try go ahead? Refused while the account, or the
 * account from this address, is in its wait (RATE_RULES.loginPhone, loginPhoneIp), and, when
 * the address is over its limit (loginIp), for an account with recent failures. A try that goes
 * ahead is counted as a failure at once, in the same transaction (a success clears it), so
 * parallel tries cannot all slip through one opening. The counts never depend on whether the
 * phone has an account. Returns the address's status when it is over its limit.
 */
function claimLoginTry(db: Db, phone: string, clientIp: string | undefined, now: number): RateStatus | null {
  return db.transaction((tx) => {
    const txDb = tx as unknown as Db;
    const account = peekBackoff(txDb, loginPhoneKey(phone), RATE_RULES.loginPhone, now);
    const pair = clientIp ? peekBackoff(txDb, loginPhoneIpKey(phone, clientIp), RATE_RULES.loginPhoneIp, now) : account;
    if (!account.allowed || !pair.allowed) {
      const longer = account.retryAfterMs >= pair.retryAfterMs ? account : pair;
      throw new AppError("accounts:errors.tooManyLogins", 429, waitParams(longer));
    }
    const address = clientIp ? peekRate(txDb, loginIpKey(clientIp), RATE_RULES.loginIp, now) : null;
    const addressOver = address && !address.allowed ? address : null;
    // The brake against spraying: one address over its limit gets no further try at an account
    // that has failed recently (from anywhere), while an untouched account still gets its one.
    if (addressOver && account.count > 0) throw new AppError("accounts:errors.tooManyLoginsIp", 429, waitParams(addressOver));
    hitBackoff(txDb, loginPhoneKey(phone), RATE_RULES.loginPhone, now);
    if (clientIp) hitBackoff(txDb, loginPhoneIpKey(phone, clientIp), RATE_RULES.loginPhoneIp, now);
    return addressOver;
  });
}

/** Forgets an account's failed log-ins, from everywhere (after a success or a password reset). */
function clearLoginFailures(db: Db, phone: string) {
  clearRate(db, loginPhoneKey(phone));
  clearRatePrefix(db, loginPhoneIpPrefix(phone));
}

/**
 * Phone + password, throttled as RATE_RULES describes (decision 0010): growing waits per account
 * and per account + address; the address's own limit never refuses a right password for an
 * account with no recent failures. The message never says whether the phone has an account (an
 * unknown phone costs the same hashing time and is counted the same). A disabled account is told
 * so only after the right password. `now` is for tests.
 */
export async function login(db: Db, input: { phone: string; password: string; clientIp?: string; now?: number }): Promise<User> {
  const phone = requirePhone(input.phone);
  const now = input.now ?? Date.now();
  const addressOver = claimLoginTry(db, phone, input.clientIp, now);

  const user = findUserByPhone(db, phone);
  let ok = false;
  if (user?.passwordHash) ok = await verifyPassword(user.passwordHash, input.password);
  else await burnPasswordCheck(input.password);

  if (!ok || !user) {
    // The try was counted against the account already; the address counts only failures.
    if (input.clientIp) hitRate(db, loginIpKey(input.clientIp), RATE_RULES.loginIp, now);
    if (addressOver) throw new AppError("accounts:errors.tooManyLoginsIp", 429, waitParams(addressOver));
    throw new AppError("accounts:errors.loginFailed", 401);
  }
  clearLoginFailures(db, phone);
  if (user.disabledAt) throw new AppError("accounts:errors.accountDisabled", 403);
  return user;
}

/**
 * Forgot password, step 1. Answers the same whether or not the phone has an account: a phone
 * without one (or a disabled one) gets a stand-in code that is never sent and never matches, so
 * the limits and the code page behave the same for both and the form cannot be used to find users.
 */
export function startPasswordReset(db: Db, input: { phone: string; locale: Locale; clientIp?: string }): { phone: string; sent: boolean } {
  const phone = requirePhone(input.phone);
  countCodeRequestFromIp(db, input.clientIp);
  const user = findUserByPhone(db, phone);
  if (!user || user.disabledAt) {
    issueDecoyCode(db, { purpose: "reset", phone });
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
    // The owner proved the phone: whatever someone else guessed no longer holds them up.
    clearLoginFailures(tx as unknown as Db, phone);
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
