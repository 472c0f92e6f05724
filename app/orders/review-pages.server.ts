/**
 * What the pages showing reviews share: the public reviews section of a farm's and a listing's page
 * (with its "more" link and, for whoever may report, the way to the farm's reviews page), and the
 * household that page works for. Rules stay in reviews.server.ts and the access policy.
 */
import { redirect } from "@remix-run/node";
import { allows, authorize, mayReportReview, requireUser } from "~/accounts/access.server";
import { getSessionUser, type SessionUser } from "~/accounts/session.server";
import { getHousehold, requireOwnHousehold, type Household } from "~/households/records.server";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { householdReviews, REVIEWS_MAX, REVIEWS_PAGE_SIZE } from "./reviews.server";

/** The query parameter of the "more" link: how many reviews to show. */
const MORE_PARAM = "danh-gia";

/** How many reviews the page shows: one page, or what "more" asked for (bounded). */
export function reviewLimit(url: URL): number {
  const asked = Number(url.searchParams.get(MORE_PARAM));
  if (!Number.isSafeInteger(asked) || asked <= REVIEWS_PAGE_SIZE) return REVIEWS_PAGE_SIZE;
  return Math.min(asked, REVIEWS_MAX);
}

/** "?ho=12" when staff work for an unclaimed household, so links keep that context. */
function reviewsPagePath(household: Pick<Household, "id">, onBehalf: boolean): string {
  return onBehalf ? `/ban-hang/danh-gia?ho=${household.id}` : "/ban-hang/danh-gia";
}

/** The reviews section of a public page, ready for JSON (ReviewList draws it). */
export async function reviewsSection(db: Db, request: Request, householdId: number, listingId: number | null = null) {
  const url = new URL(request.url);
  const limit = reviewLimit(url);
  const { reviews, total } = householdReviews(db, householdId, { listingId, limit });
  let moreHref: string | null = null;
  if (reviews.length < total) {
    const query = new URLSearchParams(url.searchParams);
    query.set(MORE_PARAM, String(Math.min(limit + REVIEWS_PAGE_SIZE, REVIEWS_MAX)));
    moreHref = `${url.pathname}?${query}#danh-gia`;
  }
  // Only the farm (or staff for an unclaimed one) sees the way to report; the page is the same otherwise.
  const viewer = await getSessionUser(request);
  const household = viewer ? getHousehold(db, householdId) : undefined;
  const access = household ? mayReportReview(db, viewer, household) : { allowed: false, onBehalf: false };
  return {
    reviews: reviews.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    total,
    listingPage: listingId !== null,
    moreHref: reviews.length < REVIEWS_MAX ? moreHref : null,
    reportHref: access.allowed && household ? reviewsPagePath(household, access.onBehalf) : null,
  };
}

export type ReviewsSection = Awaited<ReturnType<typeof reviewsSection>>;

/**
 * The household whose reviews /ban-hang/danh-gia shows: the farmer's own, or — for staff of its
 * area while nobody has claimed it — the one named by ?ho=<id>. Only those who may report see it.
 */
export async function reviewingHouseholdFor(db: Db, request: Request): Promise<{ user: SessionUser; household: Household; onBehalf: boolean; path: string }> {
  const param = new URL(request.url).searchParams.get("ho");
  const user = await requireUser(request);
  let household: Household | undefined;
  if (param === null) {
    if (allows(user, "useOfficerWorkspace")) throw redirect("/can-bo");
    household = (await requireOwnHousehold(request)).household;
  } else {
    const id = Number(param);
    household = Number.isSafeInteger(id) && id > 0 ? getHousehold(db, id) : undefined;
    if (!household) throw notFound();
  }
  const access = mayReportReview(db, user, household);
  authorize(access.allowed);
  return { user, household, onBehalf: access.onBehalf, path: reviewsPagePath(household, access.onBehalf) };
}
