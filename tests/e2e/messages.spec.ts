import { expect, test } from "@playwright/test";
import { latestCodeFor, logIn, randomPhone, shoot, SIZES } from "./helpers";

test("in the demo a newcomer signs up with the code an administrator reads in the message log, without JavaScript", async ({ browser }) => {
  const phone = randomPhone();
  const written = `${phone.local.slice(0, 4)} ${phone.local.slice(4, 7)} ${phone.local.slice(7)}`;

  const newcomerContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const newcomer = await newcomerContext.newPage();
  await newcomer.goto("/dang-ky");
  await newcomer.getByLabel("Số điện thoại").fill(written);
  await newcomer.getByLabel("Họ và tên").fill("Trần Văn Mới");
  await newcomer.getByLabel("Mật khẩu").fill("ruong-lua-thap-muoi-2026");
  await newcomer.getByLabel(/Người mua/).check();
  await newcomer.getByRole("button", { name: "Gửi mã xác nhận" }).click();
  await expect(newcomer).toHaveURL(/\/dang-ky\/xac-nhan/);

  const adminContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const admin = await adminContext.newPage();
  await logIn(admin, "0901 000 001", { to: "/quan-tri/tin-nhan" });
  await expect(admin.getByRole("heading", { name: "Nhật ký tin nhắn" })).toBeVisible();
  const search = admin.locator('form[action="/quan-tri/tin-nhan"]');
  await search.getByLabel("Số điện thoại").fill(written);
  await search.getByRole("button", { name: "Tìm" }).click();
  await expect(search.getByLabel("Số điện thoại")).toHaveValue(written);
  const row = admin.locator("table.message-log-table tbody tr").filter({ hasText: "otp.signup" }).first();
  await expect(row).toContainText(written);
  const code = (await row.locator("td.code").textContent())?.trim() ?? "";
  expect(code).toBe(latestCodeFor(phone.e164));
  await shoot(admin, "message-log-demo-nojs-vi-360x740");

  await newcomer.getByLabel(/Mã xác nhận/).fill(code);
  await newcomer.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();
  await expect(newcomer.getByRole("button", { name: "Đăng xuất" })).toBeVisible();

  // A number nobody can read is refused in words, and what was typed stays.
  await search.getByLabel("Số điện thoại").fill("028 3822 1234");
  await search.getByRole("button", { name: "Tìm" }).click();
  await expect(admin.getByText("Đây là số máy bàn.", { exact: false })).toBeVisible();
  await expect(search.getByLabel("Số điện thoại")).toHaveValue("028 3822 1234");

  // The same page in English, still without JavaScript.
  await admin.goto("/quan-tri/tin-nhan");
  await admin.getByRole("button", { name: /EN/ }).click();
  await expect(admin.getByRole("heading", { name: "Message log" })).toBeVisible();
  await expect(admin.getByRole("columnheader", { name: "One-time code" })).toBeVisible();

  await Promise.all([newcomerContext.close(), adminContext.close()]);
});

test("delivery receipts are refused while no callback secret is configured", async ({ request }) => {
  const response = await request.get("/webhooks/messages/esms?SMSID=abc&SendStatus=5&SendSuccess=1");
  expect(response.status()).toBe(404);
});
