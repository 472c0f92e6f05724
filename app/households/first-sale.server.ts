import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { listingPhotos, listings, orders, type Household } from "../../db/schema";
import { allows, mayFollowFirstSale, type Actor } from "~/accounts/access.server";
import { officersCovering } from "~/addresses/areas.server";
import type { Db } from "~/lib/db.server";
import { formatPhone } from "~/lib/phone";
import { safeRedirectPath } from "~/lib/redirect";
import { deliversAnywhere } from "./delivery";
import { communeName } from "./forms.server";
import type { FirstSaleChecklist, FirstSaleSituation, FirstSaleStep, FirstSaleStepKey, ProfileGap } from "./first-sale";
import { canPublish, getHouseholdForUser } from "./records.server";

/**
 * The steps from a new farmer account to a first sale, computed from what is stored (nothing of it is
 * kept): a complete profile, verification by an officer, a published listing with a processed photo,
 * a first order, and that order delivered. Once an order is delivered the checklist is done and no
 * longer shown. Like funnel.server.ts it reads listings and orders directly: these are facts derived
 * from their rows, not something those modules keep for us.
 */

export const SELLER_HOME = "/ban-hang";

export type { FirstSaleChecklist, FirstSaleStep, FirstSaleStepKey };

export function profileGaps(household: Household): ProfileGap[] {
  const gaps: ProfileGap[] = [];
  if (household.phone === "") gaps.push("phone");
  if (household.addressLine.trim() === "") gaps.push("address");
  if (household.mainProducts.trim() === "") gaps.push("products");
  if (!household.delivery.pickup && !deliversAnywhere(household.delivery)) gaps.push("delivery");
  return gaps;
}

/** The listing that is nearest to counting: published with a processed photo, else the one to finish. */
function listingProgress(db: Db, householdId: number): { situation: FirstSaleSituation; listingId: number | null; done: boolean } {
  const rows = db
    .select({
      id: listings.id,
      status: listings.status,
      ready: sql<number>`(SELECT count(*) FROM ${listingPhotos} p WHERE p.listing_id = ${listings.id} AND p.status = 'ready')`,
      processing: sql<number>`(SELECT count(*) FROM ${listingPhotos} p WHERE p.listing_id = ${listings.id} AND p.status = 'processing')`,
    })
    .from(listings)
    .where(and(eq(listings.householdId, householdId), ne(listings.status, "archived")))
    .orderBy(desc(listings.updatedAt), desc(listings.id))
    .all();
  if (rows.some((r) => r.status === "published" && r.ready > 0)) return { situation: "done", listingId: null, done: true };
  if (rows.length === 0) return { situation: "none", listingId: null, done: false };
  // A published listing that lacks only its photo first, then one with a photo that lacks publishing.
  const published = rows.find((r) => r.status === "published");
  const withPhoto = rows.find((r) => r.ready > 0);
  const pick = published ?? withPhoto ?? rows[0];
  const situation: FirstSaleSituation = pick.ready > 0 ? "unpublished" : pick.processing > 0 ? "photoProcessing" : "noPhoto";
  return { situation, listingId: pick.id, done: false };
}

/** Orders the farm received (an unpaid one that expired never reached it as a sale) and delivered ones. */
function orderProgress(db: Db, householdId: number): { received: boolean; delivered: boolean; openCode: string | null } {
  const counts = db
    .select({ status: orders.status, n: sql<number>`count(*)` })
    .from(orders)
    .where(eq(orders.householdId, householdId))
    .groupBy(orders.status)
    .all();
  const n = (statuses: string[]) => counts.filter((c) => statuses.includes(c.status)).reduce((sum, c) => sum + c.n, 0);
  const open = db
    .select({ code: orders.code })
    .from(orders)
    .where(and(eq(orders.householdId, householdId), inArray(orders.status, ["placed", "confirmed", "shipped"])))
    .orderBy(orders.id)
    .limit(1)
    .get();
  return {
    received: n(["placed", "confirmed", "shipped", "delivered", "completed", "rejected", "cancelled"]) > 0,
    delivered: n(["delivered", "completed"]) > 0,
    openCode: open?.code ?? null,
  };
}

/**
 * The checklist for a signed-in user, or null when there is none to show: not a farmer (the access
 * policy decides), or the first sale is done (an order delivered).
 */
export function firstSaleChecklist(db: Db, actor: Actor | null | undefined): FirstSaleChecklist | null {
  if (!actor || !allows(actor, "sell")) return null;
  const household = getHouseholdForUser(db, actor.id) ?? null;
  if (!mayFollowFirstSale(db, actor, household)) return null;

  if (!household) {
    const steps = [
      { key: "profile", done: false, situation: "start", href: "/ban-hang/dang-ky" },
      { key: "verification", done: false, situation: "needsHousehold", href: "/ban-hang/dang-ky" },
      { key: "listing", done: false, situation: "needsHousehold", href: "/ban-hang/dang-ky" },
      { key: "firstOrder", done: false, situation: "waiting", href: "/ban-hang/dang-ky" },
      { key: "delivery", done: false, situation: "waiting", href: "/ban-hang/dang-ky" },
    ] as const;
    return {
      ...withStates(steps),
      missing: [],
      suggestBank: false,
      needsNationalId: false,
      canPublish: false,
      communeName: null,
      suspendedReason: null,
      officers: [],
    };
  }

  const orderState = orderProgress(db, household.id);
  if (orderState.delivered) return null;
  const missing = profileGaps(household);
  const verified = household.status === "verified";
  const suspended = household.status === "suspended";
  const listing = listingProgress(db, household.id);
  const listingHref = listing.listingId === null ? "/ban-hang/san-pham/moi" : `/ban-hang/san-pham/${listing.listingId}`;
  const orderHref = orderState.openCode ? `/ban-hang/don-hang/${orderState.openCode}` : "/ban-hang/don-hang";
  const steps: StepInput[] = [
    { key: "profile", done: missing.length === 0, situation: missing.length === 0 ? "done" : "incomplete", href: "/ban-hang/ho-so" },
    {
      key: "verification",
      done: verified,
      situation: verified ? "done" : suspended ? "suspended" : "pending",
      href: "/ban-hang/ho-so",
    },
    { key: "listing", done: listing.done, situation: listing.situation, href: listingHref },
    { key: "firstOrder", done: orderState.received, situation: orderState.received ? "done" : "waiting", href: "/ban-hang/don-hang" },
    { key: "delivery", done: false, situation: orderState.openCode ? "open" : "waiting", href: orderHref },
  ];
  return {
    ...withStates(steps),
    missing,
    suggestBank: !household.bankAccountNumber,
    needsNationalId: !household.nationalId,
    canPublish: canPublish(household),
    communeName: communeName(db, household.communeCode),
    suspendedReason: suspended ? household.statusNote : null,
    // Only while the officer is what the farmer waits for or must talk to.
    officers: verified
      ? []
      : officersCovering(db, household.communeCode).map((o) => ({ name: o.name, phone: formatPhone(o.phone), areaName: o.areaName })),
  };
}

interface StepInput {
  key: FirstSaleStepKey;
  done: boolean;
  situation: FirstSaleSituation;
  href: string;
}

/** The first step not done is the current one; the rest wait. */
function withStates(steps: readonly StepInput[]): { steps: FirstSaleStep[]; current: FirstSaleStepKey } {
  const current = steps.find((s) => !s.done)!.key;
  return {
    current,
    steps: steps.map((s) => ({ key: s.key, situation: s.situation, href: s.href, state: s.done ? "done" : s.key === current ? "current" : "todo" })),
  };
}

/**
 * Where a user goes once their phone is confirmed (sign-up, account hand-over). A farmer lands on the
 * checklist on the seller home, unless they were on their way somewhere outside the seller section
 * (a cart, a product); the seller pages they came from are steps of the checklist. Anyone else goes
 * where they were going, or to their account.
 */
export function landingAfterPhoneConfirmed(user: Pick<Actor, "role">, redirectTo: string | null | undefined): string {
  const wanted = safeRedirectPath(redirectTo, "");
  if (allows(user, "sell")) {
    const inSellerSection = wanted === "" || wanted === SELLER_HOME || wanted.startsWith(`${SELLER_HOME}/`) || wanted.startsWith(`${SELLER_HOME}?`);
    return inSellerSection ? SELLER_HOME : wanted;
  }
  return wanted || "/tai-khoan";
}
