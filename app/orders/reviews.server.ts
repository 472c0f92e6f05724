import { desc, eq, inArray, sql } from "drizzle-orm";
import { orders, reviews, users, type Review } from "../../db/schema";
import { orderParties, type Actor } from "~/accounts/access.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText } from "~/lib/text";

/** Reviews: after completion the buyer rates the order 1–5 with a comment, once per order. */

const COMMENT_MAX = 1000;

function fail(key: string, status = 400, field?: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`orders:errors.${key}`, status, params, field);
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

/** A farm's average rating and number of reviews, for its listings and shop page. */
export function householdRating(db: Db, householdId: number): Rating {
  return householdRatings(db, [householdId]).get(householdId) ?? { average: null, count: 0 };
}

/** Ratings of many farms at once (product grids). Farms without reviews are absent. */
export function householdRatings(db: Db, householdIds: number[]): Map<number, Rating> {
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return new Map();
  const rows = db
    .select({ householdId: reviews.householdId, average: sql<number>`avg(${reviews.rating})`, count: sql<number>`count(*)` })
    .from(reviews)
    .where(inArray(reviews.householdId, ids))
    .groupBy(reviews.householdId)
    .all();
  return new Map(rows.map((r) => [r.householdId, { average: round1(r.average), count: r.count }]));
}

interface ReviewView {
  rating: number;
  comment: string;
  createdAt: Date;
  /** the buyer's given name only (the last word of a Vietnamese name) */
  buyerName: string;
}

/** The newest reviews of a farm. */
export function householdReviews(db: Db, householdId: number, limit = 10): ReviewView[] {
  return db
    .select({ rating: reviews.rating, comment: reviews.comment, createdAt: reviews.createdAt, name: users.name })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.buyerUserId))
    .where(eq(reviews.householdId, householdId))
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(limit)
    .all()
    .map((r) => ({ rating: r.rating, comment: r.comment, createdAt: r.createdAt, buyerName: r.name.trim().split(/\s+/).pop() ?? "" }));
}
