import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { formRequest, getRequest, makeUser, routeArgs, signIn } from "~/accounts/test-utils";
import { slugify } from "~/lib/text";
import { action as farmAction, loader as farmLoader } from "~/routes/ban-hang.danh-gia";
import { loader as listingLoader } from "~/routes/san-pham.$slug";
import { loader as shopLoader } from "~/routes/nha-vuon.$slug";
import { action as adminAction, loader as adminLoader } from "~/routes/quan-tri.danh-gia";
import { placeCheckout } from "./checkout.server";
import { createReview } from "./reviews.server";
import { transitionOrder } from "./state-machine.server";
import { checkoutInput, farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

async function run(fn: () => Promise<unknown>): Promise<Response> {
  try {
    return (await fn()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

let farm: Awaited<ReturnType<typeof farmWithListing>>;
let reviewIds: number[] = [];
let listingPath = "";
let shopSlug = "";

beforeAll(async () => {
  farm = await farmWithListing(db, { stock: 100, title: "Xoài cát Hòa Lộc loại 1" });
  listingPath = `${slugify(farm.listing.title)}-${farm.listing.id}`;
  shopSlug = `${slugify(farm.household.displayName)}-${farm.household.id}`;
  const buyer = await makeUser(db, "buyer", { name: "Lê Minh Anh" });
  reviewIds = [];
  // Seven reviews: more than one page of five.
  for (let i = 0; i < 7; i++) {
    const [order] = placeCheckout(db, buyer, checkoutInput(db, [{ listingId: farm.listing.id, quantity: 1 }])).orders;
    for (const to of ["confirmed", "shipped", "delivered"] as const) transitionOrder(db, farm.farmer, order.id, to);
    transitionOrder(db, buyer, order.id, "completed");
    reviewIds.push(createReview(db, buyer, order.id, { rating: i === 0 ? 1 : 5, comment: `Nhận xét số ${i + 1}` }).id);
  }
});

type Section = { reviews: Array<{ id: number; buyerName: string; products: string[] }>; total: number; moreHref: string | null; reportHref: string | null };
const sectionOf = async (response: Response | unknown) => ((await (response as Response).json()) as { reviews: Section }).reviews;

describe("reviews on the listing and farm pages", () => {
  it("shows five with a 'more' link, from a purchase, the buyer's name shortened; the farm alone sees the way to report", async () => {
    const anonymous = await sectionOf(await listingLoader(routeArgs(getRequest(`/san-pham/${listingPath}`), { slug: listingPath })));
    expect(anonymous.total).toBe(7);
    expect(anonymous.reviews).toHaveLength(5);
    expect(anonymous.reviews[0]).toMatchObject({ buyerName: "Minh A.", products: ["Xoài cát Hòa Lộc loại 1"] });
    expect(anonymous.moreHref).toBe(`/san-pham/${listingPath}?danh-gia=10#danh-gia`);
    expect(anonymous.reportHref).toBeNull();

    const more = await sectionOf(await listingLoader(routeArgs(getRequest(`/san-pham/${listingPath}?danh-gia=10`), { slug: listingPath })));
    expect(more.reviews).toHaveLength(7);
    expect(more.moreHref).toBeNull();

    const owner = await signIn(db, farm.farmer.id);
    const own = await sectionOf(await shopLoader(routeArgs(getRequest(`/nha-vuon/${shopSlug}`, owner), { slug: shopSlug })));
    expect(own.reportHref).toBe("/ban-hang/danh-gia");
    const stranger = await signIn(db, (await makeUser(db, "farmer")).id);
    expect((await sectionOf(await shopLoader(routeArgs(getRequest(`/nha-vuon/${shopSlug}`, stranger), { slug: shopSlug })))).reportHref).toBeNull();
  });
});

describe("report and moderation pages", () => {
  it("the farm reports with a reason; another farmer cannot; the admin hides it and it leaves the page", async () => {
    const owner = await signIn(db, farm.farmer.id);
    const page = (await (await farmLoader(routeArgs(getRequest("/ban-hang/danh-gia", owner)))).json()) as { reviews: Array<{ id: number; moderation: string }> };
    expect(page.reviews).toHaveLength(7);

    const target = reviewIds[0];
    const empty = await run(() => farmAction(routeArgs(formRequest("/ban-hang/danh-gia", { reviewId: String(target), reason: "" }, owner))));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: { fields: Record<string, string> } }).errors.fields.reason).toBe("Vui lòng ghi lý do báo cáo.");

    // Another farmer posting this review's id to their own reviews page is refused.
    const otherFarm = await farmWithListing(db);
    const other = await signIn(db, otherFarm.farmer.id);
    const refused = await run(() => farmAction(routeArgs(formRequest("/ban-hang/danh-gia", { reviewId: String(target), reason: "Sai" }, other))));
    expect(refused.status).toBe(403);

    const sent = await run(() => farmAction(routeArgs(formRequest("/ban-hang/danh-gia", { reviewId: String(target), reason: "Khách đã nhận đủ hàng" }, owner))));
    expect(sent.status).toBe(303);
    expect(sent.headers.get("Location")).toBe(`/ban-hang/danh-gia?xong=1#review-${target}`);

    const buyer = await signIn(db, (await makeUser(db, "buyer")).id);
    expect((await run(() => adminLoader(routeArgs(getRequest("/quan-tri/danh-gia", buyer))))).status).toBe(403);
    const officer = await signIn(db, farm.officer.id);
    expect((await run(() => adminAction(routeArgs(formRequest("/quan-tri/danh-gia", { reviewId: String(target), decision: "hide" }, officer))))).status).toBe(403);

    const admin = await signIn(db, (await makeUser(db, "admin")).id);
    const queue = (await (await adminLoader(routeArgs(getRequest("/quan-tri/danh-gia", admin)))).json()) as { queue: Array<{ id: number; reason: string }> };
    expect(queue.queue).toEqual([expect.objectContaining({ id: target, reason: "Khách đã nhận đủ hàng" })]);
    const hidden = await run(() => adminAction(routeArgs(formRequest("/quan-tri/danh-gia", { reviewId: String(target), decision: "hide" }, admin))));
    expect(hidden.headers.get("Location")).toBe("/quan-tri/danh-gia?xong=hidden");
    const twice = await run(() => adminAction(routeArgs(formRequest("/quan-tri/danh-gia", { reviewId: String(target), decision: "keep" }, admin))));
    expect(twice.status).toBe(409);

    const after = await sectionOf(await listingLoader(routeArgs(getRequest(`/san-pham/${listingPath}?danh-gia=10`), { slug: listingPath })));
    expect(after.total).toBe(6);
    expect(after.reviews.map((r) => r.id)).not.toContain(target);
  });
});
