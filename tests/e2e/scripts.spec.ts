import { expect, test, type Page } from "@playwright/test";
import { logIn, readDb, shoot, SIZES } from "./helpers";

/**
 * JavaScript only where it earns its bytes (docs/decisions/0033): catalog, price and cart pages load
 * no script, no locale file and no route manifest even with JavaScript on; checkout loads only its
 * island (no framework runtime, no locale file: its texts are in the page).
 */
const BUYER_PHONE = "0901 000 004";

function published(): { path: string; title: string } {
  const row = readDb((db) =>
    db
      .prepare(
        `SELECT l.id, l.slug, l.title FROM listings l JOIN households h ON h.id = l.household_id
         LEFT JOIN users u ON u.id = h.owner_user_id
         WHERE l.status = 'published' AND h.status = 'verified' AND l.stock >= 10 AND l.min_order <= 1
           AND coalesce(u.phone, '') <> '+84901000004' ORDER BY l.id LIMIT 1`,
      )
      .get(),
  ) as { id: number; slug: string; title: string };
  return { path: `/san-pham/${row.slug}-${row.id}`, title: row.title };
}

/** Every URL path the page asks for from now on. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on("request", (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

const scriptsOf = (paths: string[]) => paths.filter((p) => /^\/(build|islands)\/.*\.js$/.test(p));
const localesOf = (paths: string[]) => paths.filter((p) => p.startsWith("/locales/"));

test("catalog, price and cart pages ship no framework script even with JavaScript on", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  const listing = published();
  for (const path of ["/", "/tim-kiem?q=xoai", listing.path, "/gia-ca", "/gio-hang"]) {
    const paths = recordRequests(page);
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(scriptsOf(paths), path).toEqual([]);
    expect(localesOf(paths), path).toEqual([]);
    expect(paths.filter((p) => p === "/__manifest"), path).toEqual([]);
    expect(await page.locator("script[type=module]").count(), path).toBe(0);
  }
  // The header's language switch is a plain form: English, then back.
  await page.goto(listing.path);
  await page.getByRole("button", { name: /^EN/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await shoot(page, "scripts-listing-en-360x740");
  await page.getByRole("button", { name: /^VI/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
});

test("checkout loads only its island, no framework runtime, no locale file", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  await logIn(page, BUYER_PHONE);
  const listing = published();
  await page.goto(listing.path);
  await page.getByLabel(/Số lượng/).fill("1");
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/gio-hang/);

  const paths = recordRequests(page);
  await page.goto("/thanh-toan");
  // The island runs: the no-script refresh button gives way to live fees.
  await expect(page.getByRole("button", { name: "Cập nhật phí giao hàng" })).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  expect(scriptsOf(paths)).toEqual([expect.stringMatching(/^\/islands\/checkout-[0-9A-F]{8}\.js$/)]);
  expect(localesOf(paths)).toEqual([]);
  expect(paths.filter((p) => p === "/__manifest")).toEqual([]);
  expect(await page.evaluate(() => "__remixContext" in window)).toBe(false);
  await shoot(page, "scripts-checkout-vi-360x740");
});
