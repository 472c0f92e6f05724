import { redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { officerCoversCommune } from "~/addresses/areas.server";
import { db } from "~/lib/db.server";
import { forbidden } from "~/lib/errors";
import { getSessionUser, type SessionUser } from "./session.server";

/**
 * One check per rule; every loader and action starts with the one it needs. Failures are thrown
 * Responses: a redirect to log in, or a localized 403 page (common:errors.forbiddenText).
 */

/** Anyone signed in; otherwise off to the log-in page, coming back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(`/dang-nhap?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

/** Signed in with one of the given roles. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/** An officer whose areas include the commune (current GSO code), or an administrator. */
export async function requireOfficerFor(request: Request, communeCode: string): Promise<SessionUser> {
  const user = await requireRole(request, "officer", "admin");
  if (user.role === "admin") return user;
  if (!officerCoversCommune(db(), user.id, communeCode)) throw forbidden();
  return user;
}

/** Pages for signed-out visitors (log in, sign up) send signed-in users on. */
export async function requireAnonymous(request: Request, to = "/tai-khoan") {
  const user = await getSessionUser(request);
  if (user) throw redirect(to);
}

/**
 * Who may start a password reset for whom. Administrators: any non-administrator. Officers:
 * farmers and buyers. Households carry the commune that will narrow an officer to their areas;
 * until households exist, an officer's reach is by role only.
 */
export function canStartResetFor(actor: { id: number; role: Role }, target: { id: number; role: Role }): boolean {
  if (actor.id === target.id) return false;
  if (actor.role === "admin") return target.role !== "admin";
  if (actor.role === "officer") return target.role === "farmer" || target.role === "buyer";
  return false;
}
