/**
 * Reviews people can read and demo data that shows the product, walked in Vietnamese on a small
 * phone: the demo farmer sees its orders in every state, a visitor reads the farm's reviews (from a
 * purchase, names shortened, "more"), the farm reports one, the administrator hides it and it is gone.
 */
import { expect, test } from "@playwright/test";
import { slugify } from "../../app/lib/text";
import { logIn, readDb, shoot, SIZES } from "./helpers";

const FARMER = "0901 000 003";
const BUYER = "0901 000 004";
const ADMIN = "0901 000 001";
const FARM_NAME = "Vườn sầu riêng Ba Thành";
const REPORTED_TEXT = "Ngọt nhưng trái nhỏ hơn trong hình, giá vậy hơi cao.";

/** The demo farm's public path and one of its listings, from the e2e server's database. */
function demoFarm() {
  return readDb((db) => {
    const farm = db.prepare("SELECT id, display_name AS name FROM households WHERE display_name = ?").get(FARM_NAME) as { id: number; name: string };
    const listing = db
      .prepare("SELECT id, slug, title FROM listings WHERE household_id = ? AND status = 'published' ORDER BY id LIMIT 1")
      .get(farm.id) as { id: number; slug: string; title: string };
    const reviews = (db.prepare("SELECT count(*) AS n FROM reviews WHERE household_id = ? AND moderation <> 'hidden'").get(farm.id) as { n: number }).n;
    return { ...farm, path: `/nha-vuon/${slugify(farm.name)}-${farm.id}`, listing, reviews };
  });
}

test.use({ viewport: SIZES.phone, locale: "vi-VN" });

test("the demo farmer's farm has orders in every state; its reviews are shown, reported, and hidden by the administrator", async ({ browser }) => {
  const farm = demoFarm();
  expect(farm.reviews).toBeGreaterThan(5);

  // --- The demo farmer logs in and finds orders in every state.
  const farmerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmerContext.newPage();
  await logIn(farmer, FARMER, { to: "/ban-hang/don-hang" });
  await expect(farmer.getByRole("heading", { name: "Đơn hàng của vườn" })).toBeVisible();
  await expect(farmer.getByText(FARM_NAME, { exact: true })).toBeVisible();
  // Each state's filter shows the farm's count now (other specs act on these orders; the seed's own
  // test checks that the demo starts with orders in all eight states).
  const counts = readDb((db) => db.prepare("SELECT status, count(*) AS n FROM orders WHERE household_id = ? GROUP BY status").all(farm.id)) as Array<{ status: string; n: number }>;
  expect(counts.length).toBeGreaterThanOrEqual(9);
  const labels: Record<string, string> = {
    placed: "Mới đặt",
    confirmed: "Đã xác nhận",
    packed: "Đã đóng gói",
    returned: "Đã hoàn về",
    rejected: "Bị từ chối",
    shipped: "Đang giao",
    delivered: "Đã giao",
    completed: "Hoàn tất",
    cancelled: "Đã hủy",
    expired: "Hết hạn",
  };
  for (const { status, n } of counts) await expect(farmer.getByRole("link", { name: `${labels[status]} (${n})`, exact: true })).toBeVisible();
  await shoot(farmer, "reviews-demo-farmer-orders-vi-360x740");

  // --- A visitor reads the farm's reviews: from a purchase, what was bought, names shortened, then more.
  const visitorContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const visitor = await visitorContext.newPage();
  await visitor.goto(farm.path);
  await expect(visitor.getByRole("heading", { level: 1, name: FARM_NAME })).toBeVisible();
  const reviews = visitor.locator("#danh-gia");
  await expect(reviews.getByRole("heading", { name: "Đánh giá của người mua" })).toBeVisible();
  await expect(reviews.getByRole("listitem")).toHaveCount(5);
  await expect(reviews.getByText("Đã mua hàng").first()).toBeVisible();
  await expect(reviews.getByText(/^Đã mua: /).first()).toBeVisible();
  await expect(reviews.getByText("Minh A.").first()).toBeVisible();
  await expect(reviews.getByText("Lê Minh Anh")).toHaveCount(0);
  await expect(reviews.getByRole("link", { name: "Báo cáo đánh giá này" })).toHaveCount(0);
  await reviews.scrollIntoViewIfNeeded();
  await shoot(visitor, "reviews-demo-farm-page-vi-360x740");
  await reviews.getByRole("link", { name: "Xem thêm đánh giá" }).click();
  await expect(reviews.getByRole("listitem")).toHaveCount(Math.min(10, farm.reviews));
  await expect(reviews.getByText(REPORTED_TEXT)).toBeVisible();

  // The listing's page: reviews of orders that held it first, with its title as what was bought.
  await visitor.goto(`/san-pham/${farm.listing.slug}-${farm.listing.id}`);
  const onListing = visitor.locator("#danh-gia");
  await expect(onListing.getByRole("listitem").first()).toContainText(`Đã mua: ${farm.listing.title}`);
  await onListing.scrollIntoViewIfNeeded();
  await shoot(visitor, "reviews-demo-listing-page-vi-360x740");

  // --- The farm reports the 3-star review from its own page, with a reason (an empty one is refused).
  await farmer.goto(`${farm.path}?danh-gia=10`);
  const item = farmer.locator("#danh-gia li").filter({ hasText: REPORTED_TEXT });
  await item.getByRole("link", { name: "Báo cáo đánh giá này" }).click();
  await expect(farmer).toHaveURL(/\/ban-hang\/danh-gia#review-\d+$/);
  await expect(farmer.getByRole("heading", { name: "Đánh giá của vườn" })).toBeVisible();
  // The 2-star review the seed reported is waiting for the administrators.
  await expect(farmer.getByText(/^Đang chờ quản trị viên xem xét/)).toHaveCount(1);
  const own = farmer.locator("li.review").filter({ hasText: REPORTED_TEXT });
  await own.getByLabel("Lý do báo cáo").fill("Khách đặt trái loại 2, vườn đã báo trước qua Zalo.");
  await own.getByRole("button", { name: "Báo cáo đánh giá này" }).click();
  await expect(farmer.getByText("Đã gửi báo cáo. Quản trị viên sẽ xem xét.")).toBeVisible();
  await expect(farmer.getByText(/^Đang chờ quản trị viên xem xét/)).toHaveCount(2);
  await shoot(farmer, "reviews-demo-farm-reported-vi-360x740");
  await farmerContext.close();

  // --- The administrator opens the queue from the staff menu, hides the new report, keeps the other.
  const adminContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const admin = await adminContext.newPage();
  await logIn(admin, ADMIN, { to: "/quan-tri/nhat-ky" });
  await admin.getByRole("navigation", { name: "Khu làm việc của cán bộ" }).getByRole("link", { name: "Đánh giá bị báo cáo" }).click();
  await expect(admin.getByRole("heading", { name: "Đánh giá bị báo cáo" })).toBeVisible();
  const queue = admin.locator("li.review");
  await expect(queue).toHaveCount(2);
  await expect(queue.first()).toContainText(FARM_NAME);
  const reported = queue.filter({ hasText: REPORTED_TEXT });
  await expect(reported).toContainText("Khách đặt trái loại 2, vườn đã báo trước qua Zalo.");
  await shoot(admin, "reviews-demo-moderation-vi-360x740");
  await reported.getByRole("button", { name: "Ẩn đánh giá" }).click();
  await expect(admin.getByText("Đã ẩn đánh giá.")).toBeVisible();
  await admin.locator("li.review").first().getByRole("button", { name: "Giữ lại" }).click();
  await expect(admin.getByText("Đã giữ lại đánh giá.")).toBeVisible();
  await expect(admin.getByText("Không có đánh giá nào đang chờ xem xét.")).toBeVisible();
  // Both decisions and the farm's report are in the activity log.
  await admin.goto("/quan-tri/nhat-ky");
  for (const action of ["Nhà vườn báo cáo đánh giá", "Ẩn đánh giá", "Giữ đánh giá bị báo cáo"]) {
    // On a phone each cell carries its column's name ("Việc").
    await expect(admin.getByRole("cell", { name: `Việc ${action}`, exact: true }).first()).toBeVisible();
  }
  await adminContext.close();

  // --- The hidden review is gone for everyone, and from the count.
  await visitor.goto(`${farm.path}?danh-gia=20`);
  await expect(visitor.locator("#danh-gia").getByText(REPORTED_TEXT)).toHaveCount(0);
  await expect(visitor.locator("#danh-gia").getByRole("listitem")).toHaveCount(farm.reviews - 1);
  await expect(visitor.getByText(`(${farm.reviews - 1} đánh giá)`)).toBeVisible();
  await visitorContext.close();

  // --- The demo buyer has past orders.
  const buyerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER, { to: "/don-hang" });
  await expect(buyer.getByRole("link", { name: /^CNS-\d{4}-\d{6}$/ }).first()).toBeVisible();
  expect(await buyer.getByRole("link", { name: /^CNS-\d{4}-\d{6}$/ }).count()).toBeGreaterThanOrEqual(8);
  await shoot(buyer, "reviews-demo-buyer-orders-vi-360x740");
  await buyerContext.close();
});
