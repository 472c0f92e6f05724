import { expect, test } from "@playwright/test";
import { logIn, readDb, shoot, SIZES } from "./helpers";

/** yyyy-mm-dd of the Vietnamese calendar day `days` before today, and its dd/mm/yyyy label. */
function vietnamDay(daysBack: number) {
  const iso = new Date(Date.now() - daysBack * 86_400_000).toLocaleDateString("en-CA", { timeZone: "Asia/Ho_Chi_Minh" });
  const [y, m, d] = iso.split("-");
  return { iso, label: `${d}/${m}/${y}` };
}

test.use({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });

test("an officer's entry dated more than a week back is confirmed first, then found under its price type", async ({ page }) => {
  const day = vietnamDay(10);
  await logIn(page, "0901 000 002", { to: `/can-bo/gia-ca?market=cho-my-tho&date=${day.iso}` });
  await expect(page.getByRole("heading", { name: `Giá tại Chợ Mỹ Tho ngày ${day.label}` })).toBeVisible();
  await expect(page.getByText(`Ngày ${day.label} đã hơn một tuần trước`)).toBeVisible();

  const pomelo = page.getByRole("group", { name: "Bưởi da xanh", exact: true });
  const median = (await pomelo.getByText(/Trung vị 30 ngày/).textContent())!.match(/([\d.]+)\s*₫/)![1];
  await pomelo.getByLabel("Trung bình").fill(median);
  await page.getByRole("button", { name: "Lưu giá" }).click();

  // First step: nothing saved, the date is questioned, what was typed is kept.
  await expect(page.getByRole("alert").filter({ hasText: `Ngày ${day.label} đã hơn một tuần trước` })).toBeVisible();
  await expect(pomelo.getByLabel("Trung bình")).toHaveValue(median);
  const officerRows = () => readDb((db) => db.prepare("select price_type as type from price_observations where source = 'officer' and date = ?").all(day.iso));
  expect(officerRows()).toEqual([]);
  await shoot(page, "price-entry-old-date-vi-360x740");

  await page.getByRole("button", { name: `Đúng ngày ${day.label}, lưu giá` }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu 1 giá.");
  expect(officerRows()).toEqual([{ type: "retail" }]);

  // The links to where the entry shows carry the market and its price type.
  const links = page.getByRole("navigation", { name: "Giá đã nhập (Giá lẻ) hiện ở đâu" });
  await expect(links).toBeVisible();
  await shoot(page, "price-entry-saved-vi-360x740");
  await links.getByRole("link", { name: "Bưởi da xanh" }).click();
  await expect(page).toHaveURL(/\/gia-ca\/buoi-da-xanh\?market=cho-my-tho&type=retail$/);
  await page.goBack();
  await page.getByRole("navigation", { name: /hiện ở đâu/ }).getByRole("link", { name: "Bảng giá của Chợ Mỹ Tho" }).click();
  await expect(page).toHaveURL(/\/gia-ca\?market=cho-my-tho&type=retail$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
