import { expect, test, type Page } from "@playwright/test";
import { households, listings } from "../../db/schema";
import { indexListing } from "../../app/catalog/search-index.server";
import { openDatabase } from "../../app/lib/db.server";
import { fold, slugify } from "../../app/lib/text";
import { shoot, SIZES } from "./helpers";

// Search over the demo catalogue, on a phone, in Vietnamese. The demo catalogue has pineapples (khóm,
// thơm, dứa) but no coconut: one coconut is added here, by a farm whose name matches no product, so
// "dừa" has a listing spelt as typed and the farm-name case has a farm to find.
const COCONUT = "Dừa xiêm xanh Bến Tre";
const FARM = "Nhà vườn Hương Quê (e2e)";

test.use({ viewport: SIZES.phone, locale: "vi-VN" });

test.beforeAll(() => {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = openDatabase(file);
  try {
    const household = db
      .insert(households)
      .values({
        displayName: FARM,
        representativeName: "Lê Thị Hạnh",
        nameFolded: fold("Lê Thị Hạnh"),
        phone: "+84907000222",
        communeCode: "28378",
        status: "verified",
        showContact: true,
        certifications: [],
      })
      .returning({ id: households.id })
      .get();
    const now = new Date();
    const id = db
      .insert(listings)
      .values({
        householdId: household.id,
        category: "fruit",
        title: COCONUT,
        slug: slugify(COCONUT),
        description: "Dừa xiêm nước ngọt, hái trong ngày, bán theo trái.",
        unit: "fruit",
        priceVnd: 12_000,
        stock: 300,
        minOrder: 5,
        status: "published",
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: listings.id })
      .get().id;
    indexListing(db, id);
  } finally {
    db.$client.close();
  }
});

const results = (page: Page) => page.getByRole("list", { name: "Kết quả tìm kiếm" });
/** The card titles of the results, in order. */
const titles = (page: Page) => results(page).locator("article h3").allTextContents();
/** The cards showing a badge ("Gần đúng: khác dấu", "Khớp một phần", "Khớp tên nhà vườn"). */
const cardsWithBadge = (page: Page, badge: string) => results(page).locator("article").filter({ has: page.locator(".badge", { hasText: badge }) });

/** Titles of the cards that match the product itself (not only through the farm's name, like "Vườn xoài …"). */
const productTitles = (page: Page) =>
  results(page)
    .locator("article")
    .filter({ hasNot: page.locator(".badge", { hasText: "Khớp tên nhà vườn" }) })
    .locator("h3")
    .allTextContents();

async function noHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);
}

test("'dừa' puts the coconut first and marks pineapples (dứa) as close matches", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("searchbox").fill("dừa");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/tim-kiem\?q=/);
  const found = await titles(page);
  expect(found[0]).toBe(COCONUT);
  expect(found.slice(1).some((t) => /khóm|thơm/i.test(t))).toBe(true);
  // The coconut is spelt as typed; every pineapple after it carries the close-match badge.
  await expect(cardsWithBadge(page, "Gần đúng: khác dấu").filter({ hasText: COCONUT })).toHaveCount(0);
  const close = cardsWithBadge(page, "Gần đúng: khác dấu");
  expect(await close.count()).toBe(found.length - 1);
  await expect(page.getByText("viết khác dấu với từ bạn gõ")).toBeVisible();
  await noHorizontalScroll(page);
  await shoot(page, "search-dua-close-vi-360x740");
});

test("'xoia' shows the results for xoài with a link to search exactly what was typed", async ({ page }) => {
  await page.goto("/tim-kiem?q=xoia");
  await expect(page.getByText("Kết quả cho “xoài”")).toBeVisible();
  const exact = page.getByRole("link", { name: "tìm chính xác “xoia”" });
  await expect(exact).toBeVisible();
  const found = await productTitles(page);
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((t) => /xoài/i.test(t))).toBe(true);
  expect((await titles(page))[0]).toMatch(/^Xoài/);
  await noHorizontalScroll(page);
  await shoot(page, "search-xoia-corrected-vi-360x740");
  await exact.click();
  await expect(page).toHaveURL(/exact=1/);
  await expect(page.getByRole("heading", { name: "Không tìm thấy sản phẩm nào" })).toBeVisible();
});

test("'xoaif' typed in Telex without a Vietnamese keyboard finds xoài", async ({ page }) => {
  await page.goto("/tim-kiem?q=xoaif");
  await expect(page.getByText("Kết quả cho “xoài”")).toBeVisible();
  const found = await productTitles(page);
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((t) => /xoài/i.test(t))).toBe(true);
  expect((await titles(page))[0]).toMatch(/^Xoài/);
  await noHorizontalScroll(page);
  await shoot(page, "search-xoaif-telex-vi-360x740");
});

test("words no listing has all together show partial matches with the notice", async ({ page }) => {
  // Bưởi da xanh and bưởi lông Cổ Cò are two varieties: no listing is both.
  await page.goto(`/tim-kiem?q=${encodeURIComponent("bưởi da xanh Cổ Cò")}`);
  await expect(page.getByText("Không có sản phẩm nào khớp đủ mọi từ bạn gõ")).toBeVisible();
  const found = await titles(page);
  expect(found[0]).toMatch(/^Bưởi/);
  expect(await cardsWithBadge(page, "Khớp một phần").count()).toBe(found.length);
  await noHorizontalScroll(page);
  await shoot(page, "search-partial-vi-360x740");
});

test("a match on the farm's name only is shown with its note", async ({ page }) => {
  await page.goto(`/tim-kiem?q=${encodeURIComponent("Hương Quê")}`);
  const card = results(page).locator("article").filter({ hasText: COCONUT });
  await expect(card).toBeVisible();
  await expect(card.locator(".badge", { hasText: "Khớp tên nhà vườn" })).toBeVisible();
  // The farm's listing matches both words and comes first; listings matching one word follow, and the notice says so.
  expect((await titles(page))[0]).toBe(COCONUT);
  await expect(page.getByText("Sau các sản phẩm khớp đủ mọi từ bạn gõ là những sản phẩm chỉ khớp một phần")).toBeVisible();
  await noHorizontalScroll(page);
  await shoot(page, "search-farm-name-vi-360x740");
});

test("a query longer than 200 characters is cut with a notice and still finds listings", async ({ page }) => {
  const long = "xoài ".repeat(50).trim();
  expect(long.length).toBeGreaterThan(200);
  await page.goto(`/tim-kiem?q=${encodeURIComponent(long)}`);
  await expect(page.getByText("Từ khóa dài hơn 200 ký tự: chỉ tìm theo phần đầu.")).toBeVisible();
  const found = await productTitles(page);
  expect(found.length).toBeGreaterThan(0);
  expect(found.every((t) => /xoài/i.test(t))).toBe(true);
  expect((await titles(page))[0]).toMatch(/^Xoài/);
  await noHorizontalScroll(page);
  await shoot(page, "search-long-query-vi-360x740");
});

test("search, the correction and its exact-search link work with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("searchbox").fill("xoia");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/tim-kiem\?q=xoia/);
  await expect(page.getByText("Kết quả cho “xoài”")).toBeVisible();
  expect((await titles(page)).length).toBeGreaterThan(0);
  await noHorizontalScroll(page);
  await shoot(page, "search-xoia-nojs-vi-360x740");
  await page.getByRole("link", { name: "tìm chính xác “xoia”" }).click();
  await expect(page).toHaveURL(/exact=1/);
  await expect(page.getByRole("heading", { name: "Không tìm thấy sản phẩm nào" })).toBeVisible();
  await context.close();
});
