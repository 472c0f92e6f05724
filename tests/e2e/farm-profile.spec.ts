import { expect, test } from "@playwright/test";
import { logIn, readDb, shoot, SIZES } from "./helpers";

// The demo farmer (0901 000 003) owns a verified farm with listings.
const FARMER = "0901 000 003";

test("the profile takes the farm's area as farmers say it, with JavaScript disabled, at 360×740", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, FARMER, { to: "/ban-hang/ho-so" });
  const area = page.getByLabel("Diện tích vườn");
  await expect(page.getByText("1 công = 1.000 m²", { exact: false })).toBeVisible();

  // "2.5" could be 2,5 or 2.500: refused on its field, what was typed is kept.
  await area.fill("2.5 công");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Số lẻ viết bằng dấu phẩy", { exact: false })).toBeVisible();
  await expect(area).toHaveValue("2.5 công");
  await expect(area).toHaveAttribute("aria-invalid", "true");
  await shoot(page, "profile-area-refused-vi-360x740");

  await area.fill("2,5 công");
  await page.getByRole("button", { name: "Lưu", exact: true }).click();
  await expect(page.getByText("Đã lưu hồ sơ.")).toBeVisible();
  await expect(area).toHaveValue("2500 m²");
  const stored = readDb((db) =>
    db.prepare("SELECT h.farm_area_m2 AS m2 FROM households h JOIN users u ON u.id = h.owner_user_id WHERE u.phone = '+84901000003'").get(),
  ) as { m2: number };
  expect(stored.m2).toBe(2500);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);
  await context.close();
});

test("a weight listing sells in steps of 0,5 kg: the farm sets the step, a buyer adds 1,5 kg, at 360×740", async ({ browser }) => {
  const listing = readDb((db) =>
    db
      .prepare(
        `SELECT l.id, l.slug, l.title FROM listings l JOIN households h ON h.id = l.household_id JOIN users u ON u.id = h.owner_user_id
         WHERE u.phone = '+84901000003' AND l.unit = 'kg' AND l.status = 'published' ORDER BY l.id LIMIT 1`,
      )
      .get(),
  ) as { id: number; slug: string; title: string };

  const farmContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farm = await farmContext.newPage();
  await logIn(farm, FARMER, { to: `/ban-hang/san-pham/${listing.id}` });
  await farm.getByLabel("Người mua thêm từng").selectOption("0.5");
  await farm.getByLabel("Số lượng còn").fill("120,5");
  await farm.getByLabel("Đặt tối thiểu").fill("1,5");
  await farm.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(farm.getByText("Đã lưu thay đổi.")).toBeVisible();
  await expect(farm.getByLabel("Số lượng còn")).toHaveValue("120,5");
  await expect(farm.getByLabel("Đặt tối thiểu")).toHaveValue("1,5");
  await shoot(farm, "listing-step-saved-vi-360x740");
  // A counted unit stays whole: the same decimals are refused once the unit is "trái".
  await farm.getByLabel("Đơn vị bán").selectOption({ label: "trái" });
  await farm.getByRole("button", { name: "Lưu thay đổi" }).click();
  await expect(farm.getByText("Hàng đếm (trái, hộp…) ghi số nguyên.").first()).toBeVisible();
  await farmContext.close();

  const buyerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const buyer = await buyerContext.newPage();
  await buyer.goto(`/san-pham/${listing.slug}-${listing.id}`);
  await buyer.getByLabel(/Số lượng/).fill("1,5");
  await buyer.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(buyer).toHaveURL(/\/gio-hang/);
  await expect(buyer.getByText(`Đã thêm “${listing.title}” vào giỏ hàng.`)).toBeVisible();
  await expect(buyer.locator("input[name^='quantity']").first()).toHaveValue("1,5");
  await shoot(buyer, "cart-fractional-vi-360x740");
  await buyerContext.close();
});
