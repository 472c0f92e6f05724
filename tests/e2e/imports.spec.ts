import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { fold } from "../../app/lib/text";
import { logIn, randomPhone, readDb, shoot, SIZES } from "./helpers";

/** 12 random digits starting with 082 (a CCCD issued in Tiền Giang), so reruns never collide. */
function randomCccd(): string {
  return `082${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
}

/**
 * A sheet as officers really send them: a title row, former (pre-2025) district and commune names with
 * and without prefixes, a phone whose leading zero Excel dropped, an 11-digit CCCD, a repeated household,
 * bad rows, a blank row and a totals row.
 */
function messySheet() {
  const [a, b, c, d] = [randomPhone(), randomPhone(), randomPhone(), randomPhone()];
  const nameA = `Nguyễn Văn Nhập ${a.local.slice(-4)}`;
  const cccdB = randomCccd();
  const rows = [
    "DANH SÁCH HỘ ĐĂNG KÝ BÁN HÀNG TRỰC TUYẾN - XÃ HÒA HƯNG",
    ",,,,,,",
    "STT,Họ và tên chủ hộ,Số điện thoại,Số CCCD,Xã/Phường,Huyện,Sản phẩm chính",
    `1,${nameA},${a.local},${randomCccd()},X. Hòa Hưng,H. Cái Bè,Xoài cát Hòa Lộc`,
    `2,Trần Thị Nhập,${b.local.slice(1)},${cccdB.slice(1)},Xã An Hữu,,Sầu riêng`,
    `3,Lê Văn Nhập,${c.local},,Hoa Khanh,Cai Be,Bưởi`,
    `4,Phạm Thị Sai,0123,,Xã Không Có,Cái Bè,Khóm`,
    `5,Võ Văn Sai,${d.local},0821234,Tân Phước,,Khóm`,
    `6,${nameA},${a.local},,Hòa Hưng,Cái Bè,Xoài`,
    ",,,,,,",
    "Tổng cộng,,,,,,",
  ];
  return { csv: Buffer.from(`\uFEFF${rows.join("\r\n")}\r\n`, "utf8"), nameA, phoneA: a.e164, localA: a.local };
}

/** A total of the onboarding dashboard as printed ("1.234" → 1234). */
async function dashboardFigure(page: Page, figure: string): Promise<number> {
  await page.goto("/can-bo/tong-quan");
  const text = await page.locator(`[data-figure="${figure}"] .value`).first().textContent();
  return Number((text ?? "").replace(/\D/g, ""));
}


test("an officer imports a messy sheet, reads the problems, confirms, downloads the report, and a verified household moves the dashboard", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const sheet = messySheet();
  await page.setViewportSize(SIZES.desktop);
  await logIn(page, "0901 000 002", { to: "/can-bo/nhap" });
  await expect(page.getByRole("heading", { name: "Nhập danh sách từ tệp" })).toBeVisible();

  // Upload: nothing is written yet, the preview names every problem.
  await page.getByLabel("Tệp CSV hoặc Excel").setInputFiles({ name: "ds-ho-hoa-hung.csv", mimeType: "text/csv", buffer: sheet.csv });
  await page.getByLabel(/Tôi xác nhận các hộ trong tệp đã đồng ý/).check();
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await expect(page).toHaveURL(/\/can-bo\/nhap\/\d+$/);
  await expect(page.getByText("Chờ xác nhận")).toBeVisible();
  const counts = page.getByRole("definition");
  await expect(counts.nth(0)).toHaveText("3"); // created
  await expect(counts.nth(1)).toHaveText("1"); // the repeated household: updated, not created twice
  await expect(counts.nth(3)).toHaveText("2"); // rejected
  await expect(page.getByText(/Số điện thoại “0123”/).first()).toBeVisible();
  await expect(page.getByText(/Hãy chọn một: Xã Tân Phước/).first()).toBeVisible();
  expect(readDb((db) => db.prepare("select count(*) as n from households where phone = ?").get(sheet.phoneA)) as { n: number }).toEqual({ n: 0 });
  await shoot(page, "officer-import-preview-vi-1280x800");

  // Confirm: the background worker imports, the page follows its progress until done.
  await page.getByRole("button", { name: "Nhập 4 dòng hợp lệ" }).click();
  await expect(page.getByText(/Đang chờ đến lượt|Đã xử lý|Đã nhập xong/).first()).toBeVisible();
  await expect(page.getByText(/Đã nhập xong: đọc 6 dòng/)).toBeVisible({ timeout: 60_000 });
  expect(readDb((db) => db.prepare("select count(*) as n from households where phone = ?").get(sheet.phoneA)) as { n: number }).toEqual({ n: 1 });
  await shoot(page, "officer-import-done-vi-1280x800");

  // The error report: Excel-ready CSV (BOM), original columns plus row and reason.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải báo cáo lỗi (CSV)" }).click()]);
  const report = fs.readFileSync((await download.path())!, "utf8");
  expect(report.charCodeAt(0)).toBe(0xfeff);
  const lines = report.slice(1).trim().split(/\r\n/);
  expect(lines[0]).toBe("STT,Họ và tên chủ hộ,Số điện thoại,Số CCCD,Xã/Phường,Huyện,Sản phẩm chính,Dòng,Lý do");
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^4,Phạm Thị Sai,0123,.*,7,"?Số điện thoại/);

  // The dashboard before: registered households counted from the database.
  const registeredBefore = await dashboardFigure(page, "registered");
  const verifiedBefore = await dashboardFigure(page, "verified");
  expect(registeredBefore).toBeGreaterThanOrEqual(3);

  // The imported household is in the officer's list (found without diacritics); the officer gives a hand-over code.
  await page.goto("/can-bo");
  await page.getByLabel("Tìm hộ").fill(fold(sheet.nameA));
  await page.getByRole("button", { name: "Lọc" }).click();
  await page.getByRole("link", { name: sheet.nameA }).first().click();
  await page.getByRole("button", { name: "Cấp mã bàn giao" }).click();
  const code = (await page.getByTestId("claim-code").textContent())?.trim() ?? "";
  const householdUrl = page.url();

  // The farmer claims the account on their phone, so the household is activated.
  const farmerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmerContext.newPage();
  await farmer.goto("/nhan-tai-khoan");
  await farmer.getByRole("link", { name: "Cán bộ đã đọc mã cho tôi" }).click();
  // Both steps have a phone field: wait for the code step before typing.
  await expect(farmer).toHaveURL(/\/nhan-tai-khoan\/xac-nhan$/);
  await expect(farmer.getByLabel("Mã xác nhận")).toBeVisible();
  await farmer.getByLabel("Số điện thoại của hộ").fill(sheet.localA);
  await farmer.getByLabel("Mã xác nhận").fill(code);
  await farmer.getByRole("button", { name: "Kiểm tra mã" }).click();
  await farmer.getByLabel("Mật khẩu").fill("vuon-xoai-nhap-2026");
  await farmer.getByRole("button", { name: "Nhận tài khoản và đăng nhập" }).click();
  await expect(farmer).toHaveURL(/\/ban-hang$/);
  await farmerContext.close();

  // The officer verifies it, and the dashboard counts one more household eligible to trade.
  await page.goto(householdUrl);
  await page.getByLabel("Ghi chú").fill("Đã xem CCCD tại nhà");
  await page.getByLabel("Gặp trực tiếp, xem CCCD").check();
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByText("Đã xác minh hộ.")).toBeVisible();
  expect(await dashboardFigure(page, "verified")).toBe(verifiedBefore + 1);
  expect(await dashboardFigure(page, "registered")).toBe(registeredBefore);
});

test("the import preview works at 360 px without JavaScript, in English", async ({ browser }) => {
  const context = await browser.newContext({ viewport: SIZES.phone, javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`/dang-nhap?redirectTo=${encodeURIComponent("/can-bo/nhap")}`);
  await page.getByLabel(/phone/i).fill("0901 000 002");
  await page.getByLabel(/password/i).fill("chonongsan-demo");
  await page.getByRole("button", { name: /log in/i }).last().click();
  await expect(page.getByRole("heading", { name: "Import from a file" })).toBeVisible();
  await page.getByLabel("CSV or Excel file").setInputFiles({ name: "households.csv", mimeType: "text/csv", buffer: messySheet().csv });
  await page.getByRole("button", { name: "Check the file" }).click();
  await expect(page.getByText("Waiting for confirmation")).toBeVisible();
  // Without the officer's attestation and without a consent column, every row is refused with that reason.
  // (one group of the problems, by reason; "Consent" is also a choice of the column mapping's selects)
  await expect(page.locator(".reason-list").getByText(/consent/i).first()).toBeVisible();
  // The wide sample table scrolls inside its box; the page itself does not get wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shoot(page, "officer-import-preview-en-360x740-nojs");
  await context.close();
});

test("every staff page runs in the browser without a script error (client code never reaches into server modules)", async ({ page }) => {
  const errors: string[] = [];
  let current = "";
  page.on("pageerror", (error) => errors.push(`${current}: ${error.message}`));
  await logIn(page, "0901 000 001", { to: "/can-bo" });
  const workspace = page.getByRole("navigation", { name: "Khu làm việc của cán bộ" });
  const pages = ["/can-bo", "/can-bo/ho/moi", "/can-bo/nhap", "/can-bo/tong-quan", "/can-bo/don-hang", "/can-bo/gia-ca", "/quan-tri/nhat-ky", "/quan-tri/du-lieu", "/quan-tri/thanh-toan"];
  for (const path of pages) {
    current = path;
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    // Each page comes up whole, with the workspace links; the message names where the browser ended up.
    await expect.soft(workspace, `${path} (now at ${page.url()})`).toBeVisible();
  }
  // And once by client-side navigation through the workspace links.
  for (const name of ["Nhật ký hoạt động", "Tổng quan", "Nhập từ tệp", "Hộ trong địa bàn"]) {
    current = `link ${name}`;
    await workspace.getByRole("link", { name }).click();
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(errors).toEqual([]);
});
