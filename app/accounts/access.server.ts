/**
 * The access policy, part two: every rule that looks at a resource or an area, and the request
 * helpers routes start with. One named policy per rule; routes and modules ask these and decide
 * nothing themselves (docs/decisions/0011-one-access-policy.md). Role-only rules: access.ts.
 *
 * The one relation behind most rules: the household's owner, an officer whose areas include the
 * household's commune, or an administrator.
 */
import { redirect } from "@remix-run/node";
import type { Role } from "../../db/schema";
import { communesCoveredBy, officerCoversCommune } from "~/addresses/areas.server";
import type { Db } from "~/lib/db.server";
import { AppError, forbidden } from "~/lib/errors";
import { allows, type Actor, type RoleRule } from "./access";
import { getSessionUser, type SessionUser } from "./session.server";

export { allows, type Actor, type RoleRule };

type MaybeActor = Actor | null | undefined;

// ---------------------------------------------------------------------------------------------
// Areas

/** An administrator covers every commune; an officer the communes of their areas; anyone else none. */
export function coversCommune(db: Db, actor: MaybeActor, communeCode: string): boolean {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  return actor.role === "officer" && officerCoversCommune(db, actor.id, communeCode);
}

/** coversCommune for the rows of an import: each commune is looked up once per batch. */
export function communeChecker(db: Db, actor: Actor): (communeCode: string) => boolean {
  if (communeScope(db, actor) === null) return () => true;
  const cache = new Map<string, boolean>();
  return (code) => {
    let covered = cache.get(code);
    if (covered === undefined) cache.set(code, (covered = coversCommune(db, actor, code)));
    return covered;
  };
}

/** For lists: null = every commune (administrators), else the communes covered (empty for non-staff). */
export function communeScope(db: Db, actor: Actor): string[] | null {
  if (actor.role === "admin") return null;
  return actor.role === "officer" ? communesCoveredBy(db, actor.id) : [];
}

// ---------------------------------------------------------------------------------------------
// Households

export interface HouseholdRef {
  ownerUserId: number | null;
  communeCode: string;
}

/** How the actor stands to the household: its owner, staff of its area (or an administrator), or nothing. */
export function householdRelation(db: Db, actor: MaybeActor, household: HouseholdRef): "owner" | "staff" | null {
  if (!actor) return null;
  if (household.ownerUserId !== null && household.ownerUserId === actor.id) return "owner";
  return coversCommune(db, actor, household.communeCode) ? "staff" : null;
}

/** See the household's private page and edit its profile: owner, officer of the area, administrator. */
export function mayEditHousehold(db: Db, actor: MaybeActor, household: HouseholdRef): boolean {
  return householdRelation(db, actor, household) !== null;
}

/** The full national ID: the same people as the profile; everyone else sees it masked. */
export const maySeeNationalId = mayEditHousehold;

/** A copy of everything the platform holds about the household: the same people. */
export const mayExportHouseholdData = mayEditHousehold;

/**
 * Manage the household's listings: the owner for themself, staff of its area on its behalf (the
 * change is then written to the activity log as done on behalf).
 */
export function sellerAccess(db: Db, actor: MaybeActor, household: HouseholdRef): { allowed: boolean; onBehalf: boolean } {
  const relation = householdRelation(db, actor, household);
  return { allowed: relation !== null, onBehalf: relation === "staff" };
}

/** The staff page of a household: verify, suspend, reinstate, hand over. Staff of its area, never the owner. */
export function mayManageHousehold(db: Db, actor: MaybeActor, household: HouseholdRef): boolean {
  return coversCommune(db, actor, household.communeCode);
}

/**
 * The steps to a first sale (and who in the area verifies it): a farmer for their own household, or a
 * farmer who has none yet. Staff follow a household from its page in the workspace instead.
 */
export function mayFollowFirstSale(db: Db, actor: MaybeActor, household: HouseholdRef | null): boolean {
  if (!allows(actor, "sell")) return false;
  return household === null || householdRelation(db, actor, household) === "owner";
}

/** Register a household in a commune (or move one there): staff of that commune. */
export function mayRegisterHouseholdIn(db: Db, actor: MaybeActor, communeCode: string): boolean {
  return coversCommune(db, actor, communeCode);
}

// ---------------------------------------------------------------------------------------------
// Accounts

/**
 * Start a password reset for someone else. Administrators: anyone but administrators. Officers: a
 * farmer whose household lies in their areas (targetCommunes: the communes of the households the
 * target owns). Buyers and staff: administrators only. Never oneself (that is "forgot password").
 */
export function mayStartResetFor(db: Db, actor: MaybeActor, target: { id: number; role: Role }, targetCommunes: readonly string[]): boolean {
  if (!actor || actor.id === target.id) return false;
  if (actor.role === "admin") return target.role !== "admin";
  if (actor.role !== "officer" || target.role !== "farmer") return false;
  return targetCommunes.some((code) => officerCoversCommune(db, actor.id, code));
}

// ---------------------------------------------------------------------------------------------
// Orders

/** The parts an actor plays in an order (a farmer can buy elsewhere too); null acts as the system. */
export type OrderParty = "buyer" | "farm" | "admin" | "system";

export function orderParties(actor: Actor | null, order: { buyerUserId: number }, farmOwnerUserId: number | null): Set<OrderParty> {
  const parties = new Set<OrderParty>();
  if (actor === null) return parties.add("system");
  if (order.buyerUserId === actor.id) parties.add("buyer");
  if (farmOwnerUserId !== null && farmOwnerUserId === actor.id) parties.add("farm");
  if (actor.role === "admin") parties.add("admin");
  return parties;
}

/**
 * Take the farm's steps on its orders for a household that has no owner yet (registered by staff,
 * not claimed): staff of its area (or an administrator), "on behalf". Once the farmer claims the
 * account they act themself and this ends.
 */
export function mayActForFarm(db: Db, actor: MaybeActor, household: HouseholdRef): boolean {
  return household.ownerUserId === null && coversCommune(db, actor, household.communeCode);
}

/**
 * orderParties with the farm's household in view: staff allowed by mayActForFarm play the farm
 * party, and onBehalf says so (the step is then recorded and announced as taken on its behalf).
 */
export function orderPartiesFor(
  db: Db,
  actor: Actor | null,
  order: { buyerUserId: number },
  farm: HouseholdRef,
): { parties: Set<OrderParty>; onBehalf: boolean } {
  const parties = orderParties(actor, order, farm.ownerUserId);
  const onBehalf = actor !== null && mayActForFarm(db, actor, farm);
  if (onBehalf) parties.add("farm");
  return { parties, onBehalf };
}

/**
 * Report a review of the household to the administrators: its owner, or staff of its area for a
 * household nobody has claimed yet (mayActForFarm), then on its behalf.
 */
export function mayReportReview(db: Db, actor: MaybeActor, household: HouseholdRef): { allowed: boolean; onBehalf: boolean } {
  if (actor && household.ownerUserId !== null && household.ownerUserId === actor.id) return { allowed: true, onBehalf: false };
  const onBehalf = mayActForFarm(db, actor, household);
  return { allowed: onBehalf, onBehalf };
}

/**
 * A farm's money (its statement and its CSV): its owner; an administrator, any farm's; staff of its
 * area for a household nobody has claimed yet (mayActForFarm). Anyone but the owner sees it on behalf.
 */
export function mayViewFarmMoney(db: Db, actor: MaybeActor, household: HouseholdRef): { allowed: boolean; onBehalf: boolean } {
  if (!actor) return { allowed: false, onBehalf: false };
  if (household.ownerUserId !== null && household.ownerUserId === actor.id) return { allowed: true, onBehalf: false };
  const allowed = allows(actor, "administer") || mayActForFarm(db, actor, household);
  return { allowed, onBehalf: allowed };
}

export type OrderView = "buyer" | "farm" | "officer";

/** See an order: its buyer, its farm's owner, or (read only) staff of the farm's area. */
export function mayViewOrder(
  db: Db,
  actor: MaybeActor,
  order: { buyerUserId: number },
  farm: HouseholdRef,
  view: OrderView,
): boolean {
  if (!actor) return false;
  if (view === "buyer") return order.buyerUserId === actor.id;
  if (view === "farm") return farm.ownerUserId !== null && farm.ownerUserId === actor.id;
  return coversCommune(db, actor, farm.communeCode);
}

/** Confirm money received (cash, transfer): the farm's own word, or an administrator's; not officers. */
export function mayConfirmPayment(actor: MaybeActor, farmOwnerUserId: number | null): boolean {
  if (!actor) return false;
  return actor.role === "admin" || (farmOwnerUserId !== null && farmOwnerUserId === actor.id);
}

// ---------------------------------------------------------------------------------------------
// Complaints

/**
 * How the actor stands to a complaint about one of the farm's orders: its buyer (opens, withdraws);
 * the farm (answers): its owner, or staff of its area on behalf of a household nobody has claimed
 * (as with the order's steps); the decider: an officer whose areas include the farm's commune, or an
 * administrator. Nobody else sees it (a guessed id is a 404).
 */
export function complaintRoles(
  db: Db,
  actor: MaybeActor,
  complaint: { buyerUserId: number },
  farm: HouseholdRef,
): { buyer: boolean; farm: boolean; onBehalf: boolean; decide: boolean } {
  if (!actor) return { buyer: false, farm: false, onBehalf: false, decide: false };
  const owner = farm.ownerUserId !== null && farm.ownerUserId === actor.id;
  const onBehalf = !owner && mayActForFarm(db, actor, farm);
  return {
    buyer: complaint.buyerUserId === actor.id,
    farm: owner || onBehalf,
    onBehalf,
    decide: (actor.role === "officer" || actor.role === "admin") && coversCommune(db, actor, farm.communeCode),
  };
}

/** Open a complaint about an order (or withdraw it): the order's buyer, nobody else. */
export function mayComplainAbout(actor: MaybeActor, order: { buyerUserId: number }): boolean {
  return Boolean(actor && order.buyerUserId === actor.id);
}

/** See a complaint (its photos included): any of its parties. */
export function mayViewComplaint(db: Db, actor: MaybeActor, complaint: { buyerUserId: number }, farm: HouseholdRef): boolean {
  const roles = complaintRoles(db, actor, complaint, farm);
  return roles.buyer || roles.farm || roles.decide;
}

// ---------------------------------------------------------------------------------------------
// Imports and prices

/** An import batch and its error report: whoever ran it, or an administrator. */
export function mayReadImportBatch(actor: MaybeActor, batch: { actorUserId: number | null }): boolean {
  if (!actor) return false;
  return actor.role === "admin" || (allows(actor, "importData") && batch.actorUserId === actor.id);
}

/** A bulk action, its progress, its hand-over slips and its export files: only the officer who started it. */
export function mayReadBulkAction(actor: MaybeActor, action: { actorUserId: number | null }): boolean {
  return Boolean(actor && allows(actor, "useOfficerWorkspace") && action.actorUserId !== null && action.actorUserId === actor.id);
}

/** Enter prices for a market: staff of the market's commune. */
export function mayEnterPricesAt(db: Db, actor: MaybeActor, market: { communeCode: string | null }): boolean {
  if (!allows(actor, "enterPrices") || market.communeCode === null) return false;
  return coversCommune(db, actor, market.communeCode);
}

// ---------------------------------------------------------------------------------------------
// Price alerts

/** See or delete a price alert: only the person who set it (administrators included in "no one else"). */
export function mayManageAlert(actor: MaybeActor, alert: { userId: number }): boolean {
  return Boolean(actor && actor.id === alert.userId);
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Anyone signed in; otherwise off to the log-in page, coming back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  return user;
}

/** Signed in and allowed by a role rule; otherwise the log-in page or the localized 403 page. */
export async function requireAllowed(request: Request, rule: RoleRule): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!allows(user, rule)) throw forbidden();
  return user;
}

/** Pages for signed-out visitors (log in, sign up) send signed-in users on. */
export async function requireAnonymous(request: Request, to = "/tai-khoan") {
  if (await getSessionUser(request)) throw redirect(to);
}

/** For routes: the localized 403 page unless the policy allowed it. */
export function authorize(allowed: boolean): void {
  if (!allowed) throw forbidden();
}

/** For modules: a 403 AppError with the message the caller names (shown on a form or page). */
export function authorizeOrFail(allowed: boolean, messageKey = "common:errors.forbiddenText", field?: string): void {
  if (!allowed) throw new AppError(messageKey, 403, {}, field);
}
