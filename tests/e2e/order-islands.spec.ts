import { expect, test, type Browser, type Page } from "@playwright/test";
import { SIZES, demoFarmKgListing, logIn, placePickupOrder, readDb, shoot, writeDb, type KgListing } from "./helpers";

/**
 * The checkout and packing islands speak the page's language: they take every text from the markup
 * the server wrote, so switching the page to English switches them too. Screens at 360 × 740 and
 * 1280 × 800, in Vietnamese and English, with JavaScript on; and the same pages once without it.
 */
const BUYER_PHONE = "0901 000 004";
const BUYER_E164 = "+84901000004";
const FARMER_PHONE = "0901 000 003";
const FARMER_E164 = "+84901000003";
const QUANTITY = 20;

test.describe.configure({ mode: "serial" });

/** Other provinces than the buyer's current one, each with one of its communes. */
function otherProvinces(current: string, count: number): Array<{ province: string; commune: string }> {
  return readDb((db) =>
    db
      .prepare(
        `SELECT p.code AS province, (SELECT c.code FROM admin_units c WHERE c.set_id = 'current' AND c.parent_code = p.code ORDER BY c.code LIMIT 1) AS commune
         FROM admin_units p WHERE p.set_id = 'current' AND p.level = 'province' AND p.code <> ? ORDER BY p.code LIMIT ?`,
      )
      .all(current, count),
  ) as Array<{ province: string; commune: string }>;
}

async function toLanguage(page: Page, locale: "vi" | "en") {
  await page.getByRole("button", { name: locale === "en" ? /^EN/ : /^VI/ }).first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

async function cartWithOneLine(page: Page, listing: KgListing) {
  writeDb((db) =>
    db.prepare("DELETE FROM cart_items WHERE cart_id IN (SELECT c.id FROM carts c JOIN users u ON u.id = c.user_id WHERE u.phone = ?)").run(BUYER_E164),
  );
  await page.goto(`/san-pham/${listing.slug}-${listing.id}`);
  await page.getByLabel(/Số lượng/).fill(String(QUANTITY));
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/gio-hang/);
}

async function bothSizes(page: Page, name: string) {
  await page.setViewportSize(SIZES.phone);
  await shoot(page, `${name}-360x740`);
  await page.setViewportSize(SIZES.desktop);
  await shoot(page, `${name}-1280x800`);
  await page.setViewportSize(SIZES.phone);
}

test("checkout in English: the fee update's texts are the page's, and a new province brings its communes", async ({ browser }) => {
  const listing = demoFarmKgListing(QUANTITY * 2);
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, BUYER_PHONE);
  await cartWithOneLine(page, listing);
  await page.goto("/thanh-toan");
  await expect(page.getByRole("button", { name: "Cập nhật phí giao hàng" })).toHaveCount(0);
  await expect(page.getByText("Phí giao hàng tự cập nhật khi bạn đổi tỉnh hoặc xã / phường.")).toBeVisible();
  await bothSizes(page, "islands-checkout-vi");

  await toLanguage(page, "en");
  await expect(page.getByRole("button", { name: "Update delivery fees" })).toHaveCount(0);
  await expect(page.getByText("Delivery fees update when you change the province or commune.")).toBeVisible();
  const province = page.getByLabel("Province / city");
  const [other, first, second] = otherProvinces(await province.inputValue(), 3);
  await province.selectOption(other.province);
  const commune = page.getByLabel("Commune / ward", { exact: true });
  await expect(commune.locator(`option[value="${other.commune}"]`)).toHaveCount(1);
  await expect(commune).toHaveValue("");
  await bothSizes(page, "islands-checkout-en");

  // An answer older than the newest request is dropped: the first answer is held back until the second has landed.
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  await page.route(/\/thanh-toan\?/, async (route) => {
    if (++calls === 1) await gate;
    await route.continue();
  });
  const firstAnswer = page.waitForResponse((response) => response.url().includes(`provinceCode=${first.province}`));
  await province.selectOption(first.province);
  await province.selectOption(second.province);
  await expect(commune.locator(`option[value="${second.commune}"]`)).toHaveCount(1);
  release();
  // The older answer has reached the page (its body is dropped unread), and the page has had time to misuse it.
  await firstAnswer;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await expect(commune.locator(`option[value="${first.commune}"]`)).toHaveCount(0);
  await expect(commune.locator(`option[value="${second.commune}"]`)).toHaveCount(1);
  await page.unroute(/\/thanh-toan\?/);
  await toLanguage(page, "vi");
  await context.close();
});

/** The demo buyer orders QUANTITY kg from the demo farm, picked up, cash (no JavaScript); returns the code. */
async function buyerOrders(browser: Browser, listing: KgListing): Promise<string> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const buyer = await context.newPage();
  await logIn(buyer, BUYER_PHONE);
  await cartWithOneLine(buyer, listing);
  await buyer.getByRole("link", { name: "Đặt hàng" }).click();
  // Without script the fee button stays: the no-script form is the base.
  await expect(buyer.getByRole("button", { name: "Cập nhật phí giao hàng" })).toBeVisible();
  await buyer.goBack();
  const code = await placePickupOrder(buyer);
  await context.close();
  return code;
}

test("packing in English: the reader's message and the live total in the page's language", async ({ browser }) => {
  const listing = demoFarmKgListing(QUANTITY * 2);
  writeDb((db) =>
    db
      .prepare(
        `UPDATE farm_shipping SET weight_tolerance_pct = 10
         WHERE household_id IN (SELECT h.id FROM households h JOIN users u ON u.id = h.owner_user_id WHERE u.phone = ?)`,
      )
      .run(FARMER_E164),
  );
  const code = await buyerOrders(browser, listing);
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farm = await context.newPage();
  await logIn(farm, FARMER_PHONE, { to: `/ban-hang/don-hang/${code}` });
  await farm.getByRole("button", { name: "Xác nhận đơn" }).click();
  const preview = farm.getByTestId("packing-preview");
  await expect(preview).toContainText("Đúng số lượng đặt.");
  await expect(farm.getByText(`Thành tiền theo cân: ${new Intl.NumberFormat("vi-VN").format(listing.priceVnd * QUANTITY)}`, { exact: false })).toBeVisible();
  await expect(farm.getByRole("button", { name: "Xem trước" })).toHaveCount(0);
  await bothSizes(farm, "islands-packing-vi");

  await toLanguage(farm, "en");
  const input = farm.getByLabel(`${listing.title}: packed (kg)`);
  await input.fill("19.5");
  await expect(farm.getByText("Did you mean 19,5?", { exact: false })).toBeVisible();
  await expect(input).toHaveAttribute("aria-invalid", "true");
  await expect(preview).toBeHidden();
  await input.fill("19");
  await expect(farm.getByText(`Line total at the packed weight: ₫${new Intl.NumberFormat("en-US").format(listing.priceVnd * 19)}`, { exact: false })).toBeVisible();
  await expect(preview).toContainText("Within ±10%");
  await expect(preview).toContainText("New total: ₫");
  await expect(farm.getByRole("button", { name: "Confirm packing" })).toBeVisible();
  await bothSizes(farm, "islands-packing-en");
  await toLanguage(farm, "vi");
  await context.close();
});

test("without JavaScript the officer's order list works", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const officer = await context.newPage();
  await logIn(officer, "0901 000 002", { to: "/can-bo/don-hang" });
  await expect(officer.getByRole("heading", { level: 1 })).toBeVisible();
  await bothSizes(officer, "islands-officer-orders-nojs-vi");
  await context.close();
});
