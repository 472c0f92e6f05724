import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { households, orderItems, orders, reviews, users, type Review, type ReviewModeration } from "../../db/schema";
import { allows, authorizeOrFail, mayReportReview, orderParties, type Actor } from "~/accounts/access.server";
import { recordActivity } from "~/activity/log.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText, shortPersonName } from "~/lib/text";

/**
 * Reviews: after completion the buyer rates the order 1–5 with a comment, once per order, so every
 * review is from a purchase. Everyone reads them on the farm's and its listings' pages with the
 * products bought and the buyer's shortened name. The farm may report one (with a reason) to the
 * administrators, who hide it or keep it; a hidden review leaves every page and the average.
 */

const COMMENT_MAX = 1000;

function fail(key: string, status = 400, field?: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`orders:errors.${key}`, status, params, field);
}


/** The part of a review every page shows: the text, the shortened buyer's name, what was bought. */
function shownReview(r: Review, name: string, products: Map<number, string[]>) {
  return {
    id: r.id,
    rating: r.rating,
    comment: r.comment,
    createdAt: r.createdAt,
    buyerName: shortPersonName(name),
    products: products.get(r.orderId) ?? [],
  };
}

export function createReview(db: Db, buyer: Actor, orderId: number, input: { rating: number; comment?: string | null }): Review {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  // Someone else's order does not exist, as far as this buyer can tell.
  if (!order || !orderParties(buyer, order, null).has("buyer")) fail("notFound", 404);
  if (order.status !== "completed") fail("reviewNotYet", 409);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) fail("ratingInvalid", 400, "rating");
  const comment = cleanText(input.comment ?? "");
  if (comment.length > COMMENT_MAX) fail("tooLong", 400, "comment", { max: COMMENT_MAX });
  const inserted = db
    .insert(reviews)
    .values({ orderId, householdId: order.householdId, buyerUserId: buyer.id, rating: input.rating, comment })
    .onConflictDoNothing({ target: reviews.orderId })
    .returning()
    .get();
  if (!inserted) fail("reviewExists", 409);
  return inserted;
}

export function reviewOfOrder(db: Db, orderId: number): Review | undefined {
  return db.select().from(reviews).where(eq(reviews.orderId, orderId)).get();
}

export interface Rating {
  /** one decimal; null when there is no review yet */
  average: number | null;
  count: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** What every public read leaves out: reviews an administrator hid. */
const visible = ne(reviews.moderation, "hidden");

/** A farm's average rating and number of reviews, for its listings and shop page. */
export function householdRating(db: Db, householdId: number): Rating {
  return householdRatings(db, [householdId]).get(householdId) ?? { average: null, count: 0 };
}

/** Ratings of many farms at once (product grids). Farms without visible reviews are absent. */
export function householdRatings(db: Db, householdIds: number[]): Map<number, Rating> {
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ householdId: reviews.householdId, average: sql<number>`avg(${reviews.rating})`, count: sql<number>`count(*)` })
    .from(reviews)
    .where(and(inArray(reviews.householdId, ids), visible))
    .groupBy(reviews.householdId)
    .all();
  return new Map(rows.map((r) => [r.householdId, { average: round1(r.average), count: r.count }]));
}

export interface PublicReview {
  id: number;
  rating: number;
  comment: string;
  createdAt: Date;
  /** shortened for privacy: "Minh A." */
  buyerName: string;
  /** the titles of what the order held, as bought */
  products: string[];
  /** the order held the listing whose page asks (always false without a listing) */
  forListing: boolean;
}

/** Reviews per page section; a "more" link shows the next ones. */
export const REVIEWS_PAGE_SIZE = 5;
/** The most a page lists at once, however far "more" was followed. */
export const REVIEWS_MAX = 200;

/** order id → titles of its items, in the order they were bought. */
function productsOf(db: Db, orderIds: number[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  if (orderIds.length === 0) return map;
  const rows = db
    .select({ orderId: orderItems.orderId, title: orderItems.title })
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .orderBy(asc(orderItems.id))
    .all();
  for (const row of rows) map.set(row.orderId, [...(map.get(row.orderId) ?? []), row.title]);
  return map;
}

/**
 * The farm's visible reviews, newest first; on a listing's page (listingId) the reviews of orders
 * that held that listing come first, then the farm's others. total counts them all, for "more".
 */
export function householdReviews(
  db: Db,
  householdId: number,
  options: { listingId?: number | null; limit?: number } = {},
): { reviews: PublicReview[]; total: number } {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? REVIEWS_PAGE_SIZE)), REVIEWS_MAX);
  const where = and(eq(reviews.householdId, householdId), visible);
  const total = db.select({ n: count() }).from(reviews).where(where).get()?.n ?? 0;
  if (total === 0) return { reviews: [], total };
  const listingId = options.listingId ?? 0;
  const forListing = sql<number>`exists (select 1 from ${orderItems} where ${orderItems.orderId} = ${reviews.orderId} and ${orderItems.listingId} = ${listingId})`;
  const rows = db
    .select({
      id: reviews.id,
      orderId: reviews.orderId,
      rating: reviews.rating,
      comment: reviews.comment,
      createdAt: reviews.createdAt,
      name: users.name,
      forListing,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .where(where)
    .orderBy(desc(forListing), desc(reviews.createdAt), desc(reviews.id))
    .limit(limit)
    .all();
  const products = productsOf(db, rows.map((r) => r.orderId));
  return {
    total,
    reviews: rows.map((r) => ({
      id: r.id,
      rating: r.rating,
      comment: r.comment,
      createdAt: r.createdAt,
      buyerName: shortPersonName(r.name),
      products: products.get(r.orderId) ?? [],
      forListing: Boolean(r.forListing),
    })),
  };
}

export interface FarmReview extends Omit<PublicReview, "forListing"> {
  orderCode: string;
  moderation: ReviewModeration;
  reason: string | null;
}

/** Every review of the farm for its own page, hidden ones included and marked, newest first. */
export function farmReviews(db: Db, householdId: number, limit = REVIEWS_MAX): FarmReview[] {
  const rows = db
    .select({ review: reviews, name: users.name, orderCode: orders.code })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .innerJoin(orders, eq(orders.id, reviews.orderId))
    .where(eq(reviews.householdId, householdId))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(limit)
    .all();
  const products = productsOf(db, rows.map((r) => r.review.orderId));
  return rows.map(({ review: r, name, orderCode }) => ({
    ...shownReview(r, name, products),
    orderCode,
    moderation: r.moderation,
    reason: r.reportReason,
  }));
}

// ---------------------------------------------------------------------------------------------
// Reports and moderation

const REASON_MAX = 500;

function refuse(key: string, status: number, field?: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`orders:reviews.errors.${key}`, status, params, field);
}

/** The review with what the rules and the log need: its farm and its order's code. */
function loadReview(db: Db, reviewId: number) {
  const row = db
    .select({ review: reviews, ownerUserId: households.ownerUserId, communeCode: households.communeCode, orderCode: orders.code })
    .from(reviews)
    .innerJoin(households, eq(households.id, reviews.householdId))
    .innerJoin(orders, eq(orders.id, reviews.orderId))
    .where(eq(reviews.id, reviewId))
    .get();
  if (!row) refuse("notFound", 404);
  return row;
}

/**
 * The farm (its owner; staff of its area for a household nobody has claimed, on its behalf) asks
 * the administrators to look at a review, saying why. The review stays visible until they decide.
 * A review is reported once: a kept or hidden one is decided.
 */
export function reportReview(db: Db, actor: Actor, reviewId: number, reason: string): Review {
  return db.transaction(
    () => {
      const row = loadReview(db, reviewId);
      const access = mayReportReview(db, actor, row);
      authorizeOrFail(access.allowed, "orders:reviews.errors.notYourFarm");
      const text = cleanText(reason ?? "");
      if (text === "") refuse("reasonRequired", 400, "reason");
      if (text.length > REASON_MAX) refuse("reasonTooLong", 400, "reason", { max: REASON_MAX });
      if (row.review.moderation === "reported") refuse("alreadyReported", 409);
      if (row.review.moderation !== "none") refuse("alreadyDecided", 409);
      const now = new Date();
      const updated = db
        .update(reviews)
        .set({ moderation: "reported", reportReason: text, reportedAt: now, reportedByUserId: actor.id })
        .where(and(eq(reviews.id, reviewId), eq(reviews.moderation, "none")))
        .returning()
        .get();
      if (!updated) refuse("alreadyReported", 409);
      recordActivity(db, {
        actorUserId: actor.id,
        action: "review.report",
        householdId: row.review.householdId,
        communeCode: row.communeCode,
        detail: { reviewId, orderCode: row.orderCode, rating: row.review.rating, note: text, onBehalf: access.onBehalf },
      });
      return updated;
    },
    { behavior: "immediate" },
  );
}

export type ReviewDecision = "hide" | "keep";

/** An administrator decides a reported review: hidden (gone from pages and the average) or kept. */
export function decideReview(db: Db, actor: Actor, reviewId: number, decision: ReviewDecision): Review {
  authorizeOrFail(allows(actor, "moderateReviews"));
  if (decision !== "hide" && decision !== "keep") refuse("decisionInvalid", 400);
  return db.transaction(
    () => {
      const row = loadReview(db, reviewId);
      const updated = db
        .update(reviews)
        .set({ moderation: decision === "hide" ? "hidden" : "kept", decidedAt: new Date(), decidedByUserId: actor.id })
        .where(and(eq(reviews.id, reviewId), eq(reviews.moderation, "reported")))
        .returning()
        .get();
      if (!updated) refuse("notReported", 409);
      recordActivity(db, {
        actorUserId: actor.id,
        action: decision === "hide" ? "review.hide" : "review.keep",
        householdId: row.review.householdId,
        communeCode: row.communeCode,
        detail: { reviewId, orderCode: row.orderCode, rating: row.review.rating, note: row.review.reportReason },
      });
      return updated;
    },
    { behavior: "immediate" },
  );
}

export interface ReportedReview extends Omit<FarmReview, "moderation" | "reason"> {
  householdId: number;
  farmName: string;
  reason: string;
  reportedAt: Date;
  reporterName: string;
}

/** The administrators' queue: reported reviews waiting for a decision, oldest report first. */
export function reportedReviews(db: Db, limit = REVIEWS_MAX): ReportedReview[] {
  const reporter = alias(users, "reporter");
  const rows = db
    .select({ review: reviews, name: users.name, orderCode: orders.code, farmName: households.displayName, reporterName: reporter.name })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .innerJoin(orders, eq(orders.id, reviews.orderId))
    .innerJoin(households, eq(households.id, reviews.householdId))
    .leftJoin(reporter, eq(reporter.id, reviews.reportedByUserId))
    .where(eq(reviews.moderation, "reported"))
    .orderBy(asc(reviews.reportedAt), asc(reviews.id))
    .limit(limit)
    .all();
  const products = productsOf(db, rows.map((r) => r.review.orderId));
  return rows.map(({ review: r, name, orderCode, farmName, reporterName }) => ({
    ...shownReview(r, name, products),
    orderCode,
    householdId: r.householdId,
    farmName,
    reason: r.reportReason ?? "",
    reportedAt: r.reportedAt ?? r.createdAt,
    reporterName: reporterName ?? "",
  }));
}
