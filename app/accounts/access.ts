/**
 * The access policy, part one: the rules that depend only on who is acting (their role). Safe in the
 * browser, so navigation draws exactly the links these rules allow. The rules that look at a
 * resource or an area (a household, an order, a market) are in access.server.ts; together they are
 * the one place that decides who may do what (docs/decisions/0011-one-access-policy.md).
 */
import type { Role } from "../../db/schema";

/** Who is acting: every signed-in user (SessionUser, OptionalUser, User) is one. */
export interface Actor {
  id: number;
  role: Role;
}

/** Rules by role need only the role (the browser's copy of the user may carry no id). */
type HasRole = Pick<Actor, "role">;

const staff = (a: HasRole) => a.role === "officer" || a.role === "admin";
const admin = (a: HasRole) => a.role === "admin";

/** Rules by role alone. A rule about a resource in an area narrows these in access.server.ts. */
export const ROLE_RULES = {
  /** the officer's workspace (/can-bo): household lists, registration, dashboard, orders of the area */
  useOfficerWorkspace: staff,
  /** bulk import of households and listings (rows outside the actor's areas are refused row by row) */
  importData: staff,
  /** the onboarding dashboard and its CSV, narrowed to the actor's areas */
  viewDashboard: staff,
  /** the daily price sheet, narrowed to markets in the actor's areas */
  enterPrices: staff,
  /**
   * whole national ID numbers in a list export (a bulk export of thousands of households): administrators;
   * an officer's export masks them (the household page still shows them one household at a time)
   */
  exportNationalIds: admin,
  /** the activity log, personal-data requests and erasure, payouts */
  administer: admin,
  /** the queue of reviews farms reported: hide one or keep it */
  moderateReviews: admin,
  /** the message log (to whom, template, status, attempts): support answers "did my code arrive?" */
  readMessageLog: admin,
  /** the price reference data: add, rename, merge commodities and markets; correct or withdraw a price */
  managePrices: admin,
  /** the sell section: the farmer's own household (staff reach a household from the workspace) */
  sell: (a: HasRole) => a.role === "farmer",
  /** the buyer's order list (a farmer may buy too, and reaches orders from the sell section) */
  buy: (a: HasRole) => a.role === "buyer",
} satisfies Record<string, (actor: HasRole) => boolean>;

export type RoleRule = keyof typeof ROLE_RULES;

export function allows(actor: HasRole | null | undefined, rule: RoleRule): boolean {
  return actor ? ROLE_RULES[rule](actor) : false;
}
