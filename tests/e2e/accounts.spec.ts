import { expect, test } from "@playwright/test";
import { latestCodeFor, randomPhone, shoot, SIZES } from "./helpers";

const PASSWORD = "vuon-xoai-cai-be-2026";

test("sign up with a code, log out, log in again (Vietnamese, phone size)", async ({ page }) => {
  await page.setViewportSize(SIZES.phone);
  const phone = randomPhone();

  await page.goto("/dang-ky");
  // The phone is typed the way people write it; it is stored in E.164.
  await page.getByLabel("Số điện thoại").fill(`${phone.local.slice(0, 4)} ${phone.local.slice(4, 7)} ${phone.local.slice(7)}`);
  await page.getByLabel("Họ và tên").fill("Phạm Thị Xuân");
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByLabel(/Nhà vườn/).check();
  await page.getByRole("button", { name: "Gửi mã xác nhận" }).click();

  await expect(page).toHaveURL(/\/dang-ky\/xac-nhan/);
  await page.getByLabel(/Mã xác nhận/).fill(latestCodeFor(phone.e164));
  await page.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  await shoot(page, "account-vi-360x740");

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page.getByRole("link", { name: "Đăng nhập" }).first()).toBeVisible();

  await page.goto("/dang-nhap");
  await page.getByLabel("Số điện thoại").fill(phone.e164.replace("+84", "84"));
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).last().click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
});

test("a wrong password keeps the phone typed and says why, with JavaScript disabled", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await page.goto("/dang-nhap");
  await page.getByLabel("Số điện thoại").fill("0901 000 004");
  await page.getByLabel("Mật khẩu").fill("sai-mat-khau-roi");
  await page.getByRole("button", { name: "Đăng nhập" }).last().click();
  await expect(page.getByLabel("Số điện thoại")).toHaveValue("0901 000 004");
  await expect(page.getByRole("alert").first()).toBeVisible();
  await shoot(page, "login-error-nojs-vi-360x740");

  // The demo buyer logs in without JavaScript, then the header shows the account.
  await page.getByLabel("Mật khẩu").fill("chonongsan-demo");
  await page.getByRole("button", { name: "Đăng nhập" }).last().click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  await context.close();
});

test("a bad phone number gets a clear message in English", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/dang-ky");
  await page.getByLabel("Phone number").fill("028 3823 4567");
  await page.getByLabel("Full name").fill("Test Buyer");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: /code/i }).click();
  await expect(page.getByText(/landline|mobile/i).first()).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Test Buyer");
  await context.close();
});
