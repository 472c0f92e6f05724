import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { and, eq, gt, isNull, lte, ne } from "drizzle-orm";
import { sessions, users, type Role } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import { db as appDb, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { safeRedirectPath } from "~/lib/redirect";
import { pruneCodes } from "./one-time-codes.server";
import { pruneRateLimits } from "./rate-limit.server";

/** What the root loader hands to every page: small and serialisable. */
interface OptionalUser {
  id: number;
  name: string;
  role: Role;
  phone: string;
}

/** The signed-in user as server code needs it. */
export interface SessionUser extends OptionalUser {
  locale: Locale;
  sessionId: string;
}

const DAY_MS = 86_400_000;

/** The cookie holds only the session id, signed with SESSION_SECRET. */
export function sessionCookie() {
  const config = env();
  return createCookie("__session", {
    secrets: [config.SESSION_SECRET],
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production",
    path: "/",
    maxAge: config.SESSION_DAYS * 86_400,
  });
}

function newSessionId(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** The session id from the request's cookie (unchecked against the database), or null. */
export async function getSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function createSession(db: Db, userId: number, options: { userAgent?: string | null; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const id = newSessionId();
  const expiresAt = new Date(now.getTime() + env().SESSION_DAYS * DAY_MS);
  db.insert(sessions)
    .values({ id, userId, createdAt: now, expiresAt, userAgent: options.userAgent?.slice(0, 300) ?? null })
    .run();
  return { id, expiresAt };
}

/** The live session's user: not expired, not disabled. An expired row is deleted on sight. */
export function lookupSession(db: Db, sessionId: string, now = new Date()): SessionUser | null {
  const row = db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      phone: users.phone,
      locale: users.locale,
      disabledAt: users.disabledAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return null;
  }
  if (row.disabledAt) return null;
  return { id: row.id, name: row.name, role: row.role, phone: row.phone, locale: row.locale, sessionId };
}

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await getSessionId(request);
  return sessionId ? lookupSession(appDb(), sessionId) : null;
}

/** Called by the root loader on every page. */
export async function getOptionalUser(request: Request): Promise<OptionalUser | null> {
  const user = await getSessionUser(request);
  return user ? { id: user.id, name: user.name, role: user.role, phone: user.phone } : null;
}

/**
 * Logs a user in: a NEW random session id every time (an id planted before log-in is worth
 * nothing), the request's previous session removed, and a redirect carrying the cookie.
 */
export async function createUserSession(request: Request, userId: number, redirectTo: string, db: Db = appDb()) {
  const previous = await getSessionId(request);
  if (previous) db.delete(sessions).where(eq(sessions.id, previous)).run();
  pruneAccountsData(db);
  const session = createSession(db, userId, { userAgent: request.headers.get("User-Agent") });
  return redirect(safeRedirectPath(redirectTo), {
    headers: { "Set-Cookie": await sessionCookie().serialize(session.id, { expires: session.expiresAt }) },
  });
}

/** Revokes this request's session and clears the cookie. */
export async function logout(request: Request, redirectTo = "/", db: Db = appDb()) {
  const sessionId = await getSessionId(request);
  if (sessionId) db.delete(sessions).where(eq(sessions.id, sessionId)).run();
  return redirect(safeRedirectPath(redirectTo), {
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) }) },
  });
}

/** Ends every session of a user (password reset), or every one except the current (password change). */
export function revokeUserSessions(db: Db, userId: number, options: { except?: string } = {}) {
  const where = options.except ? and(eq(sessions.userId, userId), ne(sessions.id, options.except)) : eq(sessions.userId, userId);
  return db.delete(sessions).where(where).run().changes;
}

export function countActiveSessions(db: Db, userId: number, now = new Date()) {
  return db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
    .all().length;
}

export function pruneExpiredSessions(db: Db, now = new Date()) {
  return db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes;
}

/** Housekeeping at each log-in (indexed deletes, cheap): expired sessions, old codes and counters. */
function pruneAccountsData(db: Db, now = new Date()) {
  pruneExpiredSessions(db, now);
  pruneCodes(db, now);
  pruneRateLimits(db, now.getTime());
}
