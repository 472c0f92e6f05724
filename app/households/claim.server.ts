import { createCookie } from "@remix-run/node";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { households, users, type Household, type User } from "../../db/schema";
import { allows, authorizeOrFail, mayManageHousehold } from "~/accounts/access.server";
import { consumeCode, issueCode } from "~/accounts/one-time-codes.server";
import { assertPasswordAllowed, hashPassword } from "~/accounts/password.server";
import { consumeRate, RATE_RULES } from "~/accounts/rate-limit.server";
import { cleanName, findUserByPhone, getUserById, insertUser, requirePhone } from "~/accounts/users.server";
import { recordActivity } from "~/activity/log.server";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { formatPhone } from "~/lib/phone";
import { enqueueMessage } from "~/notifications/outbox.server";
import { communeName } from "./forms.server";
import type { Actor } from "~/accounts/access";
import { activateHousehold } from "./lifecycle.server";
import { getHousehold, getHouseholdForUser } from "./records.server";

/**
 * Account hand-over: a household an officer registered (no owner, status "registered") is claimed
 * by whoever proves its phone with a one-time code (purpose "claim"). The code is asked for on
 * /nhan-tai-khoan or given by the officer (shown once, also sent by SMS). A correct code yields a
 * short-lived signed ticket for that phone; only then are the households on the phone named (a
 * shared phone may carry several), so typing someone's number reveals no names. Claiming creates
 * or completes the farmer's account and activates the household through activateHousehold.
 * A household staff already verified (and perhaps sold for, on its behalf) is claimable too: it is
 * handed over verified, with its listings and orders.
 */

/** Statuses a household without an owner can be claimed in. */
const CLAIMABLE_STATUSES = ["registered", "verified"] as const;

function fail(key: string, field?: string, params: Record<string, string | number> = {}, status = 400): never {
  throw new AppError(`households:claim.errors.${key}`, status, params, field);
}

/** How long a proven phone stays proven: long enough to log in first, short enough to not linger. */
export const CLAIM_TICKET_MINUTES = 30;

/** Proof, from a consumed code, that the holder controls `phone`; householdId when an officer's code named one. */
export interface ClaimTicket {
  phone: string;
  householdId: number | null;
  /** ms since the epoch */
  expiresAt: number;
}

interface ClaimableHousehold {
  id: number;
  displayName: string;
  representativeName: string;
  communeName: string;
  /** verified by staff before the claim: it is handed over with its listings and orders */
  verified: boolean;
}

/** Households registered on this phone (E.164) that no one has claimed yet, oldest first. */
export function claimableHouseholds(db: Db, phone: string, onlyId: number | null = null): ClaimableHousehold[] {
  const rows = db
    .select({
      id: households.id,
      displayName: households.displayName,
      representativeName: households.representativeName,
      communeCode: households.communeCode,
      status: households.status,
    })
    .from(households)
    .where(
      and(
        eq(households.phone, phone),
        isNull(households.ownerUserId),
        inArray(households.status, [...CLAIMABLE_STATUSES]),
        onlyId === null ? undefined : eq(households.id, onlyId),
      ),
    )
    .orderBy(asc(households.id))
    .all();
  return rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    representativeName: r.representativeName,
    communeName: communeName(db, r.communeCode),
    verified: r.status === "verified",
  }));
}

/** No owner yet, and in a status a claim hands over (the officer page shows the hand-over code then). */
export function isClaimable(h: Pick<Household, "ownerUserId" | "status">): boolean {
  return h.ownerUserId === null && (CLAIMABLE_STATUSES as readonly string[]).includes(h.status);
}

/**
 * Step 1 on /nhan-tai-khoan: the farmer types the household's phone; a code goes to it. Refused
 * when nothing on that phone waits to be claimed. Codes per phone are limited by issueCode, per
 * IP here (every attempt counts, so the form cannot be used to sweep numbers).
 */
export function startClaim(db: Db, input: { phone: string; locale: Locale; clientIp?: string }): { phone: string } {
  const phone = requirePhone(input.phone);
  if (input.clientIp) consumeRate(db, `code-send:ip:${input.clientIp}`, RATE_RULES.codeSendIp, "accounts:errors.tooManyCodes");
  if (claimableHouseholds(db, phone).length === 0) fail("nothingToClaim", "phone", {}, 404);
  issueCode(db, { purpose: "claim", phone, locale: input.locale });
  return { phone };
}

interface OfficerClaimCode {
  code: string;
  expiresAt: Date;
  phone: string;
  householdId: number;
}

/**
 * "Give a hand-over code" on the officer's household page: a code for this household only, shown
 * once to be read out and also sent by SMS to the household's phone. Officers of the area and
 * administrators; recorded in the activity log.
 */
export function issueClaimCodeByOfficer(db: Db, actor: Actor, householdId: number, options: { now?: Date } = {}): OfficerClaimCode {
  const household = getHousehold(db, householdId);
  if (!household) throw new AppError("households:errors.notFound", 404);
  authorizeOrFail(mayManageHousehold(db, actor, household), "households:errors.notYourArea");
  if (!isClaimable(household)) fail("alreadyClaimed", undefined, {}, 409);
  return db.transaction(() => {
    const issued = issueCode(db, { purpose: "claim", phone: household.phone, payload: { householdId }, locale: "vi", now: options.now });
    recordActivity(db, { actorUserId: actor.id, action: "household.claimCode", householdId, communeCode: household.communeCode });
    return { code: issued.code, expiresAt: issued.expiresAt, phone: household.phone, householdId };
  });
}

/**
 * Step 2: phone + code. The code is spent only when there is something to claim, and yields the
 * ticket the route keeps in a signed cookie. consumeCode commits wrong guesses itself, so this
 * runs outside any transaction.
 */
export function verifyClaimCode(db: Db, input: { phone: string; code: string; now?: Date }): ClaimTicket {
  const now = input.now ?? new Date();
  const phone = requirePhone(input.phone);
  if (claimableHouseholds(db, phone).length === 0) fail("nothingToClaim", "phone", {}, 404);
  const consumed = consumeCode(db, { purpose: "claim", phone, code: input.code, now });
  const named = consumed.payload?.householdId;
  const householdId = typeof named === "number" && Number.isInteger(named) ? named : null;
  if (householdId !== null && claimableHouseholds(db, phone, householdId).length === 0) fail("alreadyClaimed", "code", {}, 409);
  return { phone, householdId, expiresAt: now.getTime() + CLAIM_TICKET_MINUTES * 60_000 };
}

export function ticketValid(ticket: ClaimTicket | null | undefined, now = new Date()): ticket is ClaimTicket {
  return Boolean(ticket && ticket.expiresAt > now.getTime());
}

/** Where the claim stands for the account side: what the finish step must ask for. */
type ClaimAccountState =
  /** no account on the phone: name and password create one */
  | "new"
  /** an account on the phone made without a password (by staff, to be claimed): a password completes it */
  | "passwordless"
  /** an account with a password exists on the phone: its owner logs in first */
  | "loginFirst"
  /** that account already owns a household: log in with (or create) an account on another phone */
  | "phoneAccountHasHousehold"
  /** signed in: the household goes to this account */
  | "signedIn"
  /** signed in with an account that already has a household */
  | "signedInHasHousehold"
  /** officers and administrators never own households */
  | "staff";

export function claimAccountState(db: Db, ticket: ClaimTicket, signedIn: { id: number } | null): ClaimAccountState {
  if (signedIn) {
    const user = getUserById(db, signedIn.id);
    if (!user) return "new";
    if (allows(user, "useOfficerWorkspace")) return "staff";
    return getHouseholdForUser(db, user.id) ? "signedInHasHousehold" : "signedIn";
  }
  const existing = findUserByPhone(db, ticket.phone);
  if (!existing) return "new";
  if (allows(existing, "useOfficerWorkspace")) return "staff";
  if (getHouseholdForUser(db, existing.id)) return "phoneAccountHasHousehold";
  return existing.passwordHash ? "loginFirst" : "passwordless";
}

interface CompleteClaimInput {
  ticket: ClaimTicket | null;
  householdId: number;
  /** the signed-in user, if any: the household goes to them */
  signedIn: { id: number } | null;
  /** for a new account (defaults to the household's representative) */
  name?: string | null;
  /** for a new or password-less account */
  password?: string | null;
  locale?: Locale;
  now?: Date;
}

/**
 * Step 3: the farmer picks their household (when the phone has several) and gets an account:
 * new (role farmer, phone verified), a password-less one completed, or the signed-in one. The
 * household gets its owner and becomes "activated" (or stays "verified": a hand-over; event
 * recorded either way) in one transaction, and the
 * household's phone is told by SMS, so a claim by someone else does not go unnoticed.
 */
export async function completeClaim(db: Db, input: CompleteClaimInput): Promise<{ user: User; household: Household }> {
  const now = input.now ?? new Date();
  const ticket = input.ticket;
  if (!ticketValid(ticket, now)) fail("ticketExpired", undefined, { minutes: CLAIM_TICKET_MINUTES }, 401);
  if (ticket.householdId !== null && ticket.householdId !== input.householdId) fail("notOnThisPhone", "householdId", {}, 403);
  const household = getHousehold(db, input.householdId);
  if (!household || household.phone !== ticket.phone) fail("notOnThisPhone", "householdId", {}, 403);
  if (!isClaimable(household)) fail("alreadyClaimed", "householdId", {}, 409);

  const state = claimAccountState(db, ticket, input.signedIn);
  if (state === "staff") fail("staffAccount", undefined, {}, 403);
  if (state === "signedInHasHousehold") fail("alreadyHasHousehold", undefined, {}, 409);
  if (state === "phoneAccountHasHousehold") fail("phoneAccountHasHousehold", undefined, { phone: formatPhone(ticket.phone) }, 409);
  if (state === "loginFirst") fail("loginFirst", undefined, { phone: formatPhone(ticket.phone) }, 409);

  let setup: { name: string; passwordHash: string } | null = null;
  if (state === "new" || state === "passwordless") {
    const name = cleanName(input.name?.trim() ? input.name : household.representativeName);
    const password = input.password ?? "";
    if (password === "") throw new AppError("accounts:errors.passwordRequired", 400, {}, "password");
    assertPasswordAllowed(password, ticket.phone);
    setup = { name, passwordHash: await hashPassword(password) };
  }

  return db.transaction(() => {
    let user: User;
    if (state === "new") {
      user = insertUser(db, { phone: ticket.phone, ...setup!, role: "farmer", locale: input.locale ?? "vi", phoneVerified: true });
    } else {
      const current = state === "signedIn" ? getUserById(db, input.signedIn!.id)! : findUserByPhone(db, ticket.phone)!;
      user = db
        .update(users)
        .set({
          ...(setup ?? {}),
          // Claiming a farm makes a buyer account a seller; the code proved the phone when it is the account's.
          role: "farmer",
          phoneVerifiedAt: current.phoneVerifiedAt ?? (current.phone === ticket.phone ? now : null),
          updatedAt: now,
        })
        .where(eq(users.id, current.id))
        .returning()
        .get();
    }
    const activated = activateHousehold(db, household.id, { id: user.id, role: "farmer" });
    enqueueMessage(db, {
      channel: "sms",
      recipient: household.phone,
      template: "claim.done",
      locale: user.locale,
      payload: { name: household.displayName, account: formatPhone(user.phone) },
    });
    return { user, household: activated };
  });
}

// ---------------------------------------------------------------------------------------------
// The ticket cookie

/** Signed with the session secret, readable only by the claim pages, gone after 30 minutes. */
function claimTicketCookie() {
  const config = env();
  return createCookie("__claim", {
    secrets: [config.SESSION_SECRET],
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production",
    path: "/nhan-tai-khoan",
    maxAge: CLAIM_TICKET_MINUTES * 60,
  });
}

export async function readClaimTicket(request: Request, now = new Date()): Promise<ClaimTicket | null> {
  const value: unknown = await claimTicketCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.phone !== "string" || typeof v.expiresAt !== "number") return null;
  const ticket: ClaimTicket = {
    phone: v.phone,
    householdId: typeof v.householdId === "number" ? v.householdId : null,
    expiresAt: v.expiresAt,
  };
  return ticketValid(ticket, now) ? ticket : null;
}

export function serializeClaimTicket(ticket: ClaimTicket): Promise<string> {
  return claimTicketCookie().serialize(ticket, { expires: new Date(ticket.expiresAt) });
}

export function clearClaimTicket(): Promise<string> {
  return claimTicketCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
