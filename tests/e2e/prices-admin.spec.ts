import { expect, test } from "@playwright/test";
import { logIn, readDb, SIZES } from "./helpers";

const ADMIN = "0901 000 001";

test("price admin without JavaScript: add and rename a commodity, withdraw a price; logged; the commodity page's market days", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, ADMIN, { to: "/quan-tri/mat-hang" });
  await expect(page.getByRole("heading", { level: 1, name: "Mặt hàng" })).toBeVisible();

  // A missing Vietnamese name: refused on its field, the English name kept.
  const add = page.locator("form").filter({ has: page.locator('input[name="intent"][value="add"]') });
  await add.getByLabel("Tên tiếng Anh").fill("Thai jackfruit");
  await add.getByRole("button", { name: "Thêm mặt hàng" }).click();
  await expect(page.getByText("Hãy nhập tên.")).toBeVisible();
  await expect(add.getByLabel("Tên tiếng Anh")).toHaveValue("Thai jackfruit");
  await add.getByLabel("Tên tiếng Việt").fill("Mít Thái");
  await add.getByRole("button", { name: "Thêm mặt hàng" }).click();
  await expect(page.getByText("Đã thêm.")).toBeVisible();

  const item = page.getByRole("form", { name: "Đổi tên Mít Thái" });
  await item.getByLabel("Tên tiếng Việt").fill("Mít Thái siêu sớm");
  await item.getByRole("button", { name: "Lưu tên" }).click();
  await expect(page.getByText("Đã đổi tên. Tên cũ vẫn tìm được.")).toBeVisible();
  await expect(page.getByText("Mít Thái siêu sớm", { exact: true })).toBeVisible();

  // Withdraw the newest WFP price at Bạc Liêu.
  await page.goto("/quan-tri/gia?mat-hang=gao-trang&cho=wfp-bac-lieu-dong-hai");
  const first = page.locator("li[id^=price-]").first();
  const id = (await first.getAttribute("id"))!.replace("price-", "");
  await first.getByRole("button", { name: "Rút giá" }).click();
  await expect(page.getByText("Đã rút giá: vẫn được lưu lại nhưng không còn được tính.")).toBeVisible();
  await expect(page).toHaveURL(/mat-hang=gao-trang&cho=wfp-bac-lieu-dong-hai&xong=withdrawn/);
  expect(readDb((db) => db.prepare("SELECT withdrawn_at IS NOT NULL AS w FROM price_observations WHERE id = ?").get(Number(id)))).toEqual({ w: 1 });

  await page.goto("/quan-tri/nhat-ky");
  await expect(page.getByRole("cell", { name: "Việc Rút một giá" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "Việc Đổi tên mặt hàng" }).first()).toBeVisible();

  // Per market and day on the commodity page.
  await page.goto("/gia-ca/gao-trang");
  const days = page.getByRole("region", { name: "Ngày gần nhất của từng chợ" });
  await expect(days.getByRole("columnheader", { name: "Giá phổ biến" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);
  await context.close();
});

test("officers cannot open the price admin pages", async ({ page }) => {
  await logIn(page, "0901 000 002", { to: "/can-bo" });
  for (const path of ["/quan-tri/mat-hang", "/quan-tri/cho", "/quan-tri/gia"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
  }
});
