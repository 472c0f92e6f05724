import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityLog, households, reviews } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { AppError } from "~/lib/errors";
import { placeCheckout } from "./checkout.server";
import {
  createReview,
  decideReview,
  farmReviews,
  householdRating,
  householdRatings,
  householdReviews,
  reportedReviews,
  reportReview,
} from "./reviews.server";
import { transitionOrder } from "./state-machine.server";
import { addListingTo, checkoutInput, farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

type Farm = Awaited<ReturnType<typeof farmWithListing>>;
type User = Awaited<ReturnType<typeof makeUser>>;

/** A completed order of these listings by the buyer, reviewed with this rating and comment. */
function reviewedOrder(farm: Farm, buyer: User, listingIds: number[], rating: number, comment: string) {
  const [order] = placeCheckout(db, buyer, checkoutInput(db, listingIds.map((listingId) => ({ listingId, quantity: 1 })))).orders;
  for (const to of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, order.id, to);
  transitionOrder(db, buyer, order.id, "completed");
  return createReview(db, buyer, order.id, { rating, comment });
}

const activityOf = (action: string) => db.select().from(activityLog).where(eq(activityLog.action, action)).all();

describe("reviews people read", () => {
  let farm: Farm;
  let other: ReturnType<typeof addListingTo>;
  let minh: User;
  let admin: User;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    farm = await farmWithListing(db, { stock: 100, title: "Xoài cát Hòa Lộc loại 1" });
    other = addListingTo(db, farm.farmer, farm.household.id, { stock: 100, title: "Bưởi da xanh" });
    minh = await makeUser(db, "buyer", { name: "Lê Minh Anh" });
    admin = await makeUser(db, "admin");
    ids.mango = reviewedOrder(farm, minh, [farm.listing.id], 5, "Xoài ngọt, giao nhanh").id;
    ids.pomelo = reviewedOrder(farm, minh, [other.id], 2, "Bưởi hơi khô").id;
    ids.both = reviewedOrder(farm, minh, [other.id, farm.listing.id], 4, "Đóng gói kỹ").id;
  });

  it("shows the farm's reviews newest first, as from a purchase: the products bought and the buyer's shortened name", () => {
    const { reviews: shown, total } = householdReviews(db, farm.household.id);
    expect(total).toBe(3);
    expect(shown.map((r) => r.id)).toEqual([ids.both, ids.pomelo, ids.mango]);
    expect(shown[0]).toMatchObject({ rating: 4, comment: "Đóng gói kỹ", buyerName: "Minh A.", products: ["Bưởi da xanh", "Xoài cát Hòa Lộc loại 1"] });
    // The full name never reaches the page.
    expect(JSON.stringify(shown)).not.toContain("Lê Minh Anh");
  });

  it("on a listing's page puts the reviews of orders that held this listing first, then the farm's others", () => {
    const forMango = householdReviews(db, farm.household.id, { listingId: farm.listing.id });
    expect(forMango.reviews.map((r) => [r.id, r.forListing])).toEqual([
      [ids.both, true],
      [ids.mango, true],
      [ids.pomelo, false],
    ]);
    const firstOnly = householdReviews(db, farm.household.id, { listingId: other.id, limit: 1 });
    expect(firstOnly).toMatchObject({ total: 3, reviews: [{ id: ids.both }] });
  });

  it("a farm reports a review with a reason; it stays visible until an administrator decides; the report is logged", async () => {
    const stranger = await makeUser(db, "farmer");
    expect(refusal(() => reportReview(db, stranger, ids.pomelo, "Không đúng sự thật")).status).toBe(403);
    expect(refusal(() => reportReview(db, minh, ids.pomelo, "Không đúng")).status).toBe(403);
    expect(refusal(() => reportReview(db, farm.farmer, 999_999, "Không đúng")).status).toBe(404);
    expect(refusal(() => reportReview(db, farm.farmer, ids.pomelo, "  ")).field).toBe("reason");

    reportReview(db, farm.farmer, ids.pomelo, "Khách nhận bưởi tươi, có ảnh lúc giao");
    expect(refusal(() => reportReview(db, farm.farmer, ids.pomelo, "Lần nữa")).messageKey).toBe("orders:reviews.errors.alreadyReported");
    expect(householdReviews(db, farm.household.id).total).toBe(3);
    const queue = reportedReviews(db);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      id: ids.pomelo,
      rating: 2,
      comment: "Bưởi hơi khô",
      farmName: farm.household.displayName,
      reason: "Khách nhận bưởi tươi, có ảnh lúc giao",
      products: ["Bưởi da xanh"],
    });
    expect(activityOf("review.report")).toEqual([
      expect.objectContaining({ actorUserId: farm.farmer.id, householdId: farm.household.id, detail: expect.objectContaining({ note: "Khách nhận bưởi tươi, có ảnh lúc giao" }) }),
    ]);
  });

  it("only an administrator hides or keeps; a hidden review leaves the pages and the rating average", () => {
    expect(householdRating(db, farm.household.id)).toEqual({ average: 3.7, count: 3 });
    expect(refusal(() => decideReview(db, farm.farmer, ids.pomelo, "hide")).status).toBe(403);
    expect(refusal(() => decideReview(db, admin, ids.mango, "hide")).messageKey).toBe("orders:reviews.errors.notReported");

    decideReview(db, admin, ids.pomelo, "hide");
    expect(reportedReviews(db)).toEqual([]);
    expect(householdRating(db, farm.household.id)).toEqual({ average: 4.5, count: 2 });
    expect(householdRatings(db, [farm.household.id]).get(farm.household.id)).toEqual({ average: 4.5, count: 2 });
    const shown = householdReviews(db, farm.household.id, { listingId: other.id });
    expect(shown.total).toBe(2);
    expect(shown.reviews.map((r) => r.id)).toEqual([ids.both, ids.mango]);
    // The farm still sees it on its own page, marked hidden.
    expect(farmReviews(db, farm.household.id).find((r) => r.id === ids.pomelo)).toMatchObject({ moderation: "hidden" });
    expect(refusal(() => reportReview(db, farm.farmer, ids.pomelo, "Lần nữa")).status).toBe(409);
    expect(activityOf("review.hide")).toEqual([expect.objectContaining({ actorUserId: admin.id, householdId: farm.household.id })]);
  });

  it("a kept review stays on the pages and cannot be reported again", () => {
    reportReview(db, farm.farmer, ids.mango, "Nhầm vườn");
    decideReview(db, admin, ids.mango, "keep");
    expect(refusal(() => decideReview(db, admin, ids.mango, "hide")).status).toBe(409);
    expect(refusal(() => reportReview(db, farm.farmer, ids.mango, "Lần nữa")).messageKey).toBe("orders:reviews.errors.alreadyDecided");
    expect(householdRating(db, farm.household.id)).toEqual({ average: 4.5, count: 2 });
    expect(db.select({ m: reviews.moderation }).from(reviews).where(eq(reviews.id, ids.mango)).get()).toEqual({ m: "kept" });
    expect(activityOf("review.keep")).toHaveLength(1);
  });

  it("for a household nobody has claimed, an officer of its area reports on its behalf", async () => {
    const farm2 = await farmWithListing(db, { stock: 10 });
    const buyer = await makeUser(db, "buyer", { name: "Phạm Thị Thu" });
    const review = reviewedOrder(farm2, buyer, [farm2.listing.id], 1, "Giao trễ");
    // As if an officer had registered it and no farmer had claimed it yet.
    db.update(households).set({ ownerUserId: null }).where(eq(households.id, farm2.household.id)).run();
    const otherOfficer = await makeUser(db, "officer");
    expect(refusal(() => reportReview(db, otherOfficer, review.id, "Không đúng")).status).toBe(403);
    reportReview(db, farm2.officer, review.id, "Hộ báo đã giao đúng hẹn");
    expect(activityOf("review.report").at(-1)).toMatchObject({ actorUserId: farm2.officer.id, detail: expect.objectContaining({ onBehalf: true }) });
  });
});
