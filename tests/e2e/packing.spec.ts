import { expect, test, type Browser } from "@playwright/test";
import { SIZES, demoFarmKgListing, logIn, placePickupOrder, readDb, shoot, writeDb, type KgListing } from "./helpers";

/**
 * Packed weight on a 360 px phone in Vietnamese: the demo buyer orders durian by the kilogram at the
 * demo farm (cash, pick-up); the demo farmer confirms and packs a different weight. With JavaScript
 * the new total shows as the farmer types and a weight within ±10 % applies at once; without it the
 * server previews first, and a weight beyond the tolerance asks the buyer, who answers by the link
 * in the message without signing in.
 */

const BUYER_PHONE = "0901 000 004";
const FARMER_PHONE = "0901 000 003";
const FARMER_E164 = "+84901000003";
const QUANTITY = 20;

// Other specs may change the demo farm's delivery settings: these tests are about the default ±10 %.
test.beforeEach(() => {
  writeDb((db) =>
    db
      .prepare(
        `UPDATE farm_shipping SET weight_tolerance_pct = 10
         WHERE household_id IN (SELECT h.id FROM households h JOIN users u ON u.id = h.owner_user_id WHERE u.phone = ?)`,
      )
      .run(FARMER_E164),
  );
});

const statusOf = (code: string) => (readDb((db) => db.prepare("SELECT status FROM orders WHERE code = ?").get(code)) as { status: string }).status;

/** The demo buyer orders QUANTITY kg, picked up, cash; returns the order code. Plain forms (no JavaScript). */
async function buyerOrders(browser: Browser, listing: KgListing): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const buyer = await context.newPage();
  await logIn(buyer, BUYER_PHONE);
  await buyer.goto(`/san-pham/${listing.slug}-${listing.id}`);
  await buyer.getByLabel(/Số lượng/).fill(String(QUANTITY));
  await buyer.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(buyer).toHaveURL(/\/gio-hang/);
  const code = await placePickupOrder(buyer);
  await context.close();
  return code;
}

test("with JavaScript: the farmer sees the new total while typing, and a weight within ±10 % packs the order at once", async ({ browser }) => {
  const listing = demoFarmKgListing(QUANTITY * 2);
  const code = await buyerOrders(browser, listing);

  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farm = await context.newPage();
  await logIn(farm, FARMER_PHONE, { to: `/ban-hang/don-hang/${code}` });
  await farm.getByRole("button", { name: "Xác nhận đơn" }).click();
  const input = farm.getByLabel(`${listing.title}: đã đóng gói (kg)`);
  await expect(input).toHaveValue(String(QUANTITY));

  // A dot decimal is refused with the Vietnamese spelling suggested, before anything is sent.
  await input.fill("19.5");
  await expect(farm.getByText("Có phải ý bạn là 19,5?", { exact: false })).toBeVisible();
  await input.fill("19");
  const preview = farm.getByTestId("packing-preview");
  await expect(preview).toContainText("Trong mức ±10%");
  const fee = (readDb((db) => db.prepare("SELECT delivery_fee_vnd AS fee FROM orders WHERE code = ?").get(code)) as { fee: number }).fee;
  await expect(preview).toContainText(new Intl.NumberFormat("vi-VN").format(listing.priceVnd * 19 + fee));
  await shoot(farm, "packing-live-preview-vi-360x740");
  await farm.getByRole("button", { name: "Xác nhận đóng gói" }).click();
  await expect(farm.getByText("Đã đóng gói theo cân thực tế và báo cho người mua.")).toBeVisible();
  await expect(farm.getByText("Đặt 20 kg · đóng gói 19 kg")).toBeVisible();
  expect(statusOf(code)).toBe("packed");
  await context.close();
});

test("without JavaScript: the server previews, a weight beyond the tolerance asks the buyer, who accepts by the link without signing in", async ({ browser }) => {
  const listing = demoFarmKgListing(QUANTITY * 2);
  const code = await buyerOrders(browser, listing);

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const farm = await context.newPage();
  await logIn(farm, FARMER_PHONE, { to: `/ban-hang/don-hang/${code}` });
  await farm.getByRole("button", { name: "Xác nhận đơn" }).click();
  const input = farm.getByLabel(`${listing.title}: đã đóng gói (kg)`);

  // Bad input comes back with the reader's message and what was typed.
  await input.fill("-3");
  await farm.getByRole("button", { name: "Xem trước" }).click();
  await expect(farm.getByText("Không nhập số âm.")).toBeVisible();
  await expect(farm.getByLabel(`${listing.title}: đã đóng gói (kg)`)).toHaveValue("-3");

  await farm.getByLabel(`${listing.title}: đã đóng gói (kg)`).fill("15");
  await farm.getByRole("button", { name: "Xem trước" }).click();
  await expect(farm.getByTestId("packing-preview")).toContainText("Vượt mức ±10%");
  expect(statusOf(code)).toBe("confirmed");
  await shoot(farm, "packing-preview-nojs-vi-360x740");
  await farm.getByRole("button", { name: "Xác nhận đóng gói" }).click();
  await expect(farm.getByText("Chênh lệch vượt mức cho phép: đã gửi tin hỏi người mua.")).toBeVisible();
  expect(statusOf(code)).toBe("confirmed");
  await context.close();

  // The buyer's message carries the link; opening it needs no account.
  const body = (
    readDb((db) =>
      db.prepare("SELECT body FROM outbox WHERE template = 'packing.awaiting.buyer' AND body LIKE ? ORDER BY id DESC LIMIT 1").get(`%${code}%`),
    ) as { body: string }
  ).body;
  const link = body.match(/\/don-hang\/can-lai\/[A-Za-z0-9_-]+/)![0];
  const anonymous = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await anonymous.newPage();
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: `Cân lại đơn ${code}` })).toBeVisible();
  const review = page.getByTestId("packing-review");
  await expect(review.getByRole("row", { name: new RegExp(`${listing.title}.*20 kg.*15 kg`) })).toBeVisible();
  await shoot(page, "packing-answer-nojs-vi-360x740");
  await page.getByRole("button", { name: "Đồng ý cân mới" }).click();
  await expect(page.getByText("Bạn đã đồng ý cân mới. Đơn đã được đóng gói.")).toBeVisible();
  expect(statusOf(code)).toBe("packed");
  await anonymous.close();
});
