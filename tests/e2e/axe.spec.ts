import axe from "axe-core";
import { expect, test, type Page } from "@playwright/test";
import { logIn, shoot, SIZES } from "./helpers";

/**
 * axe-core's WCAG 2.2 AA and best-practice rules on representative pages, public and per role: no
 * serious or critical violation (npm run bench:pages runs the same on every page).
 */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

// axe is injected as an inline script, which the pages' Content-Security-Policy refuses.
test.use({ bypassCSP: true });

declare global {
  interface Window {
    axe: typeof axe;
  }
}

/** "rule-id target" for each element breaking a serious or critical rule on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (values) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(" ")}`));
  }, TAGS);
}

async function expectClean(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  expect.soft(await seriousViolations(page), path).toEqual([]);
}

/** The page at a phone's and a desktop's size, for a look (their style sheets are inlined in <head>). */
async function shootBoth(page: Page, name: string) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await shoot(page, `axe-${name}-${size}`);
  }
}

for (const locale of ["vi-VN", "en-US"]) {
  test.describe(locale, () => {
    test.use({ locale });

    test("public pages: home, a listing, the price board", async ({ page }) => {
      await page.goto("/");
      const listing = await page.locator('a[href^="/san-pham/"]').first().getAttribute("href");
      expect(listing).toBeTruthy();
      for (const [name, path] of Object.entries({ home: "/", listing: listing as string, prices: "/gia-ca" })) {
        await expectClean(page, path);
        // the page is styled: its sheet reached it inlined, not linked
        await expect(page.locator("head style[data-href]").first()).toBeAttached();
        await expect(page.locator(".site-header")).toHaveCSS("background-color", "rgb(31, 111, 63)");
        await shootBoth(page, `${name}-${locale.slice(0, 2)}`);
      }
    });
  });
}

test("the buyer's cart with a product in it; the cart link's name starts with what it shows", async ({ page }) => {
  await page.goto("/");
  const listing = (await page.locator('a[href^="/san-pham/"]').first().getAttribute("href")) as string;
  await logIn(page, "0901 000 004", { to: listing });
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/gio-hang/);
  // the badge's number is read out after the visible word, not instead of it (WCAG 2.5.3)
  await expect(page.locator(".site-header").getByRole("link", { name: /^Giỏ hàng \(\d+ sản phẩm\)$/ })).toBeVisible();
  await expectClean(page, "/gio-hang");
});

test("the seller's home", async ({ page }) => {
  await logIn(page, "0901 000 003", { to: "/ban-hang" });
  await expectClean(page, "/ban-hang");
});

test("the officer's dashboard, and an import's problems listed by reason", async ({ page }) => {
  await logIn(page, "0901 000 002", { to: "/can-bo/tong-quan" });
  await expectClean(page, "/can-bo/tong-quan");
  await page.goto("/can-bo/nhap");
  await page.getByLabel("Tệp CSV hoặc Excel").setInputFiles("tests/fixtures/imports/utf8-bom-title-totals.csv");
  await page.getByLabel(/Tôi xác nhận các hộ trong tệp đã đồng ý/).check();
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page).toHaveURL(/\/can-bo\/nhap\/\d+$/);
  // each reason's link is named by what it shows: its count, then its label
  const reason = page.locator(".reason-list a").first();
  const label = (await reason.locator(".reason-label").textContent()) ?? "";
  await expect(reason).toHaveAccessibleName(new RegExp(`^\\d+ dòng: ${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  expect.soft(await seriousViolations(page), "import batch").toEqual([]);
});
