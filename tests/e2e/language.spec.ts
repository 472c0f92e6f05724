import { expect, test } from "@playwright/test";
import { shoot, SIZES } from "./helpers";

test.describe("language", () => {
  test("Vietnamese by default, English from the switcher, kept across pages", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nông sản tươi, giá minh bạch");
    await page.getByRole("button", { name: /EN/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fresh produce, honest prices");
    await page.goto("/khong-co-trang-nay");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });

  test("an English browser gets English, and the switcher works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: /VI/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "vi");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nông sản tươi, giá minh bạch");
    await context.close();
  });

  test("404 page is localized and has no stack trace", async ({ page }) => {
    const response = await page.goto("/khong-co-trang-nay");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Không tìm thấy trang" })).toBeVisible();
    await expect(page.locator("body")).not.toContainText("at ");
  });
});

test.describe("screenshots", () => {
  for (const [sizeName, viewport] of Object.entries(SIZES)) {
    for (const locale of ["vi", "en"] as const) {
      test(`home, sign-up and log-in at ${sizeName} in ${locale}`, async ({ browser }) => {
        const context = await browser.newContext({ viewport, locale: locale === "vi" ? "vi-VN" : "en-US" });
        const page = await context.newPage();
        for (const [name, url] of [
          ["home", "/"],
          ["signup", "/dang-ky"],
          ["login", "/dang-nhap"],
        ] as const) {
          const response = await page.goto(url);
          expect(response?.status()).toBe(200);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          // Nothing may overflow sideways on a phone.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          await shoot(page, `${name}-${locale}-${viewport.width}x${viewport.height}`);
        }
        await context.close();
      });
    }
  }
});
