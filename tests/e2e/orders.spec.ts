import { expect, test } from "@playwright/test";
import { logIn, readDb, shoot, SIZES } from "./helpers";

const BUYER_PHONE = "0901 000 004";

interface DemoListing {
  id: number;
  path: string;
  title: string;
  minOrder: number;
  farmName: string;
  farmPhone: string;
}

/** Two published listings of two different demo farms, with enough stock. */
function twoFarmsListings(): [DemoListing, DemoListing] {
  const rows = readDb((db) =>
    db
      .prepare(
        `SELECT l.id, l.slug, l.title, l.min_order AS minOrder, h.display_name AS farmName, h.phone AS farmPhone
         FROM listings l JOIN households h ON h.id = l.household_id
         WHERE l.status = 'published' AND h.status = 'verified' AND l.stock >= l.min_order * 2
         ORDER BY h.id, l.id`,
      )
      .all(),
  ) as Array<Omit<DemoListing, "path"> & { slug: string }>;
  const first = rows[0];
  const second = rows.find((r) => r.farmName !== first.farmName)!;
  return [first, second].map((r) => ({ ...r, path: `/san-pham/${r.slug}-${r.id}` })) as unknown as [DemoListing, DemoListing];
}

/** +84912401001 → 0912401001, as people type it. */
const localPhone = (e164: string) => e164.replace(/^\+84/, "0");

test("a buyer in Vietnamese orders from two farms with cash on delivery; each farm confirms, ships and delivers; the buyer sees the timeline and reviews", async ({ browser }) => {
  const listings = twoFarmsListings();

  // --- The buyer, on a small phone with JavaScript off: every step is a plain form post.
  const buyerContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER_PHONE);
  await expect(buyer.getByRole("link", { name: "Tài khoản" })).toBeVisible();

  for (const listing of listings) {
    await buyer.goto(listing.path);
    await expect(buyer.getByRole("heading", { level: 1, name: listing.title })).toBeVisible();
    await buyer.getByLabel(/Số lượng/).fill(String(listing.minOrder));
    await buyer.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
    await expect(buyer).toHaveURL(/\/gio-hang/);
    await expect(buyer.getByText(`Đã thêm “${listing.title}” vào giỏ hàng.`)).toBeVisible();
  }
  await expect(buyer.getByRole("heading", { level: 2, name: listings[0].farmName })).toBeVisible();
  await expect(buyer.getByRole("heading", { level: 2, name: listings[1].farmName })).toBeVisible();
  await shoot(buyer, "cart-two-farms-vi-360x740");

  await buyer.getByRole("link", { name: "Đặt hàng" }).click();
  await expect(buyer.getByRole("heading", { name: "Thanh toán" })).toBeVisible();
  await expect(buyer.getByLabel("Họ tên người nhận")).not.toHaveValue("");
  // The demo buyer has ordered before: the last order's commune is offered. Without one, the order is
  // refused on its field and what was typed is kept.
  await expect(buyer.getByLabel("Xã / phường", { exact: true })).not.toHaveValue("");
  await buyer.getByLabel("Xã / phường", { exact: true }).selectOption("");
  await buyer.getByLabel("Số nhà, ấp, đường").fill("Số 12, ấp Mỹ Hưng");
  await buyer.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(buyer.getByText("Vui lòng chọn xã / phường nhận hàng.")).toBeVisible();
  await expect(buyer.getByLabel("Số nhà, ấp, đường")).toHaveValue("Số 12, ấp Mỹ Hưng");

  await buyer.getByLabel("Xã / phường", { exact: true }).selectOption({ label: "Phường Đạo Thạnh" });
  await buyer.getByRole("button", { name: "Cập nhật phí giao hàng" }).click();
  await expect(buyer.getByLabel("Xã / phường", { exact: true })).toHaveValue("28249");
  await expect(buyer.getByLabel("Số nhà, ấp, đường")).toHaveValue("Số 12, ấp Mỹ Hưng");
  // Pick up at both farms, pay cash.
  for (const radio of await buyer.getByRole("radio", { name: /Nhận tại vườn/ }).all()) await radio.check();
  // One payment method per farm's order: cash is chosen for each.
  const cash = buyer.getByRole("radio", { name: "Tiền mặt khi nhận hàng" });
  await expect(cash).toHaveCount(2);
  for (const radio of await cash.all()) await expect(radio).toBeChecked();
  await buyer.getByLabel(/Ghi chú cho nhà vườn/).fill("Gọi trước khi giao giúp em");
  await shoot(buyer, "checkout-vi-360x740");
  await buyer.getByRole("button", { name: "Đặt hàng" }).click();

  await expect(buyer).toHaveURL(/\/thanh-toan\/da-dat\?checkout=/);
  await expect(buyer.getByText("Đã đặt 2 đơn hàng", { exact: false })).toBeVisible();
  const codes = (await buyer.getByRole("link", { name: /CNS-\d{4}-\d{6}/ }).allTextContents()).map((t) => t.match(/CNS-\d{4}-\d{6}/)![0]);
  expect(codes).toHaveLength(2);
  await shoot(buyer, "orders-placed-vi-360x740");

  // --- Each farm, on its phone (JavaScript on): confirm, ready for pick-up, delivered, cash collected.
  for (const listing of listings) {
    const farmContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
    const farm = await farmContext.newPage();
    await logIn(farm, localPhone(listing.farmPhone), { to: "/ban-hang/don-hang" });
    await expect(farm.getByRole("heading", { name: "Đơn hàng của vườn" })).toBeVisible();
    const own = farm.getByRole("link", { name: /^CNS-/ }).first();
    await expect(own).toBeVisible();
    const ownCode = (await own.textContent())!;
    expect(codes).toContain(ownCode);
    await own.click();
    await expect(farm).toHaveURL(new RegExp(`/ban-hang/don-hang/${ownCode}$`));
    await expect(farm.getByText(listing.title).first()).toBeVisible();
    await expect(farm.getByText("Gọi trước khi giao giúp em", { exact: false })).toBeVisible();
    await farm.getByRole("button", { name: "Xác nhận đơn" }).click();
    await expect(farm.getByText("Đã xác nhận đơn. Người mua đã được báo.")).toBeVisible();
    await expect(farm.getByText("Đã xác nhận", { exact: true }).first()).toBeVisible();
    // A pick-up order's "shipped" step reads "ready for pick-up".
    await farm.getByRole("button", { name: /^(Đã gửi hàng|Hàng đã sẵn sàng để nhận)$/ }).click();
    await expect(farm.getByText("Đã ghi nhận gửi hàng.")).toBeVisible();
    await farm.getByRole("button", { name: "Đã giao hàng", exact: true }).click();
    await farm.getByRole("button", { name: "Đúng, đã giao hàng" }).click();
    await expect(farm.getByText("Đã ghi nhận giao hàng.")).toBeVisible();
    await farm.getByRole("button", { name: "Đã thu tiền mặt" }).click();
    await expect(farm.getByText("Đã ghi nhận thu tiền mặt.")).toBeVisible();
    await shoot(farm, `farm-order-delivered-${listing.id}-vi-360x740`);
    await farmContext.close();
  }

  // --- The buyer sees each timeline, confirms receipt and reviews.
  for (const code of codes) {
    await buyer.goto(`/don-hang/${code}`);
    const timeline = buyer.getByRole("list").filter({ hasText: "Đã đặt hàng" });
    for (const step of ["Đã đặt hàng", "Nhà vườn đã xác nhận", "Nhà vườn đã gửi hàng", "Đã giao hàng", "Đã nhận tiền"]) {
      await expect(timeline.getByText(step, { exact: true })).toBeVisible();
    }
    await buyer.getByRole("button", { name: "Tôi đã nhận hàng" }).click();
    await expect(buyer.getByText("Cảm ơn bạn! Đơn hàng đã hoàn tất.")).toBeVisible();
    await buyer.getByRole("radio", { name: /Rất tốt/ }).check();
    await buyer.getByLabel(/Nhận xét/).fill("Trái ngon, đóng gói cẩn thận.");
    await buyer.getByRole("button", { name: "Gửi đánh giá" }).click();
    await expect(buyer.getByText("Cảm ơn bạn đã đánh giá!")).toBeVisible();
    await expect(buyer.getByText("Trái ngon, đóng gói cẩn thận.")).toBeVisible();
  }
  await shoot(buyer, "order-completed-reviewed-vi-360x740");

  const stored = readDb((db) =>
    db
      .prepare(`SELECT o.status, o.payment_status AS payment, (SELECT rating FROM reviews r WHERE r.order_id = o.id) AS rating FROM orders o WHERE o.code IN (?, ?)`)
      .all(...codes),
  );
  expect(stored).toEqual([
    { status: "completed", payment: "paid", rating: 5 },
    { status: "completed", payment: "paid", rating: 5 },
  ]);
  await buyerContext.close();

  // Someone else with the code in hand (the demo farmer, no part in these orders) gets a 404.
  const otherContext = await browser.newContext({ locale: "vi-VN" });
  const other = await otherContext.newPage();
  await logIn(other, "0901 000 003");
  expect((await other.goto(`/don-hang/${codes[0]}`))?.status()).toBe(404);
  await otherContext.close();
});
