import { expect, test } from "@playwright/test";
import { households, listings } from "../../db/schema";
import { indexListing } from "../../app/catalog/search-index.server";
import { openDatabase } from "../../app/lib/db.server";
import { fold, slugify } from "../../app/lib/text";
import { shoot, SIZES } from "./helpers";

// The listing is written into the server's database through the catalog's own index function, so the
// spec does not depend on what the demo seed contains.
const TITLE = "Xoài cát Hòa Lộc";
let listingId = 0;

test.beforeAll(() => {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = openDatabase(file);
  try {
    const household = db
      .insert(households)
      .values({
        displayName: "Vườn xoài Út Đực (e2e)",
        representativeName: "Nguyễn Văn Đực",
        nameFolded: fold("Nguyễn Văn Đực"),
        phone: "+84907000111",
        communeCode: "28378", // Xã Mỹ Thiện, formerly in Cái Bè, Tiền Giang
        status: "verified",
        showContact: true,
        zaloPhone: "+84907000111",
        certifications: ["vietgap"],
      })
      .returning({ id: households.id })
      .get();
    const now = new Date();
    listingId = db
      .insert(listings)
      .values({
        householdId: household.id,
        category: "fruit",
        title: TITLE,
        slug: slugify(TITLE),
        description: "Trái to 450–600 g, chín cây, hái khi khách đặt.",
        unit: "kg",
        priceVnd: 65_000,
        stock: 120,
        minOrder: 2,
        status: "published",
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: listings.id })
      .get().id;
    indexListing(db, listingId);
  } finally {
    db.$client.close();
  }
});

test("a buyer types without diacritics and finds the listing (phone size)", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  await page.goto("/");
  await page.getByRole("searchbox").fill("xoai cat hoa loc");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/tim-kiem\?q=xoai\+cat\+hoa\+loc/);
  const results = page.getByRole("list", { name: "Kết quả tìm kiếm" });
  await expect(results.getByRole("heading", { name: TITLE }).first()).toBeVisible();
  await shoot(page, "catalog-search-vi-360x740");
  await page.locator(`a[href="/san-pham/xoai-cat-hoa-loc-${listingId}"]`).first().click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText("65.000 ₫").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Nhắn Zalo" })).toHaveAttribute("href", "https://zalo.me/0907000111");
  // No horizontal scrolling at 360 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);
  await shoot(page, "catalog-listing-vi-360x740");
});

test("the listing page, search filters and canonical redirect work with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await page.goto(`/san-pham/sai-ten-${listingId}`);
  await expect(page).toHaveURL(new RegExp(`/san-pham/xoai-cat-hoa-loc-${listingId}$`));
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByText("65.000 ₫").first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Vườn xoài Út Đực (e2e)" })).toBeVisible();
  const ld = await page.locator('script[type="application/ld+json"]').textContent();
  expect(JSON.parse(ld ?? "{}")).toMatchObject({ "@type": "Product", name: TITLE, offers: { priceCurrency: "VND", price: "65000" } });
  await shoot(page, "catalog-listing-nojs-vi-360x740");

  // Search and filters are plain GET forms.
  await page.goto("/tim-kiem?q=xoai+cat+hoa+loc");
  await page.getByText("Bộ lọc và sắp xếp").click();
  await page.getByLabel("Chứng nhận").selectOption("vietgap");
  await page.getByLabel("Sắp xếp").selectOption("price-asc");
  await page.getByRole("button", { name: "Áp dụng" }).click();
  await expect(page).toHaveURL(/certification=vietgap/);
  await expect(page).toHaveURL(/sort=price-asc/);
  await expect(page.locator(`a[href="/san-pham/xoai-cat-hoa-loc-${listingId}"]`).first()).toBeVisible();

  // Nothing found: a clear message with suggestions. (A query some of whose words match shows those
  // listings as partial matches instead: the search-quality unit tests cover that.)
  await page.goto("/tim-kiem?q=zzqx+wvbk");
  await expect(page.getByRole("heading", { name: "Không tìm thấy sản phẩm nào" })).toBeVisible();
  await expect(page.getByRole("link", { name: "vú sữa Lò Rèn" })).toBeVisible();
  await context.close();
});
