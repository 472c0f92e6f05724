import { and, count, eq } from "drizzle-orm";
import { householdEvents, listings, orders, type Household, type HouseholdStatus } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { fail } from "./fail";
import { getHousehold } from "./records.server";

/** A seller's own onboarding funnel: the stages reached, the derived ones, and what to do next. */

/**
 * Published listings of the household. Read straight from the listings table: "listed" is a fact
 * about listings that the funnel derives, not something the listings module keeps for us.
 */
function countPublishedListings(db: Db, householdId: number): number {
  const row = db
    .select({ n: count() })
    .from(listings)
    .where(and(eq(listings.householdId, householdId), eq(listings.status, "published")))
    .get();
  return row?.n ?? 0;
}

/**
 * Completed orders of the household. Read straight from the orders table, like listings above:
 * "sold" is derived from the data, never stored.
 */
function countHouseholdSales(db: Db, householdId: number): number {
  const row = db
    .select({ n: count() })
    .from(orders)
    .where(and(eq(orders.householdId, householdId), eq(orders.status, "completed")))
    .get();
  return row?.n ?? 0;
}

interface HouseholdFunnel {
  registered: boolean;
  activated: boolean;
  verified: boolean;
  /** derived: at least one published listing */
  listed: boolean;
  /** derived: at least one sale (always false until orders exist, see countHouseholdSales) */
  sold: boolean;
  /** current state, not a stage reached */
  suspended: boolean;
}

/** Stages reached (from the events, so a suspended household keeps what it reached) and the derived ones. */
export function householdFunnel(db: Db, householdId: number): HouseholdFunnel {
  const household = getHousehold(db, householdId);
  if (!household) return fail("notFound", undefined, {}, 404);
  const reached = new Set<HouseholdStatus>(
    db
      .select({ s: householdEvents.toStatus })
      .from(householdEvents)
      .where(eq(householdEvents.householdId, householdId))
      .all()
      .map((r) => r.s),
  );
  reached.add(household.status);
  const verified = reached.has("verified");
  return {
    registered: true,
    // Activated = the owner took the account; staff may verify a household before that happens.
    activated: reached.has("activated") || household.ownerUserId !== null,
    verified,
    listed: countPublishedListings(db, householdId) > 0,
    sold: countHouseholdSales(db, householdId) > 0,
    suspended: household.status === "suspended",
  };
}

type NextStep = "suspended" | "activate" | "waitForVerification" | "addListing" | "firstSale" | "selling";

/** What the seller should do (or wait for) next, shown on the dashboard. */
export function nextStep(household: Pick<Household, "status">, funnel: HouseholdFunnel): NextStep {
  if (household.status === "suspended") return "suspended";
  if (household.status === "registered") return "activate";
  if (household.status === "activated") return "waitForVerification";
  if (!funnel.listed) return "addListing";
  if (!funnel.sold) return "firstSale";
  return "selling";
}

