import { expect, test } from "@playwright/test";
import { logIn, readDb, SIZES } from "./helpers";

const BUYER = "0901 000 004";

test("price alerts without JavaScript: subscribe from the commodity page (threshold and percentage), see and delete it", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();

  // A visitor is offered to log in.
  await page.goto("/gia-ca/gao-trang");
  await expect(page.getByRole("link", { name: "Đăng nhập để nhận cảnh báo giá mặt hàng này" })).toBeVisible();

  await logIn(page, BUYER, { to: "/gia-ca/gao-trang" });
  const form = page.getByRole("region", { name: "Nhận cảnh báo giá" });
  await form.getByLabel("Báo cho tôi khi").selectOption("above");
  await form.getByLabel(/Mức giá/).fill("15.5");
  await form.getByRole("button", { name: "Đặt cảnh báo" }).click();
  // Refused on its field, what was typed kept.
  await expect(page.getByText("Giá là số tiền nguyên, ví dụ 45.000.")).toBeVisible();
  await expect(page.getByLabel(/Mức giá/)).toHaveValue("15.5");

  await page.getByLabel(/Mức giá/).fill("15.500");
  await page.getByRole("button", { name: "Đặt cảnh báo" }).click();
  await expect(page).toHaveURL(/\/tai-khoan\/canh-bao-gia\?done=created/);
  await expect(page.getByText("Đã đặt cảnh báo giá.")).toBeVisible();
  await expect(page.getByRole("cell", { name: /Giá từ 15\.500\s₫\/kg trở lên/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SIZES.phone.width);

  const { id } = readDb((db) => db.prepare("SELECT max(id) AS id FROM price_alerts").get() as { id: number });
  await page.getByRole("button", { name: "Xóa" }).first().click();
  await expect(page.getByText("Đã xóa cảnh báo.")).toBeVisible();
  expect(readDb((db) => db.prepare("SELECT count(*) AS n FROM price_alerts WHERE id = ?").get(id))).toEqual({ n: 0 });

  await page.goto("/gia-ca/gao-trang");
  await page.getByLabel("Báo cho tôi khi").selectOption("move");
  await page.getByLabel("Phần trăm thay đổi").fill("10");
  await page.getByRole("button", { name: "Đặt cảnh báo" }).click();
  await expect(page.getByRole("cell", { name: "Giá thay đổi ±10 %" })).toBeVisible();
  await context.close();
});

test("the unsubscribe link refuses a bad signature", async ({ page }) => {
  const response = await page.goto("/canh-bao-gia/huy?k=a1&s=forged");
  expect(response?.status()).toBe(400);
  await expect(page.getByText("Đường dẫn bỏ cảnh báo không hợp lệ.", { exact: false })).toBeVisible();
});
