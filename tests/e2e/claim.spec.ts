import { expect, test } from "@playwright/test";
import { fold } from "../../app/lib/text";
import { logIn, randomPhone, readDb, shoot, SIZES, writeDb } from "./helpers";

const PASSWORD = "vuon-xoai-hoa-loc-2026";
const DEMO_OFFICER = "+84901000002";
const DAO_THANH = "28249"; // a commune of the demo officer's province

/**
 * A household as an officer's import leaves it: no owner, status "registered", consent recorded.
 * Written straight into the e2e database so this test does not depend on the import pages.
 */
function unclaimedHousehold(phoneE164: string, name: string): number {
  return writeDb((db) => {
    const officer = db.prepare("select id from users where phone = ?").get(DEMO_OFFICER) as { id: number };
    const now = Date.now();
    const folded = fold(name);
    const row = db
      .prepare(
        `insert into households (display_name, representative_name, name_folded, phone, commune_code, address_line, status, registered_by, consent_at, consent_source, created_at, updated_at)
         values (?, ?, ?, ?, ?, 'Ấp Hòa Thuận', 'registered', ?, ?, 'Phiếu đồng ý giấy', ?, ?) returning id`,
      )
      .get(`Vườn ${name}`, name, folded, phoneE164, DAO_THANH, officer.id, now, now, now) as { id: number };
    db.prepare("insert into household_events (household_id, from_status, to_status, actor_user_id, note, created_at) values (?, null, 'registered', ?, 'Phiếu đồng ý giấy', ?)").run(
      row.id,
      officer.id,
      now,
    );
    return row.id;
  });
}

test("an officer gives a hand-over code; the farmer claims the household without JavaScript, sets a password and lands on the seller page", async ({ browser }) => {
  const phone = randomPhone();
  const name = `Nguyễn Văn Tư ${phone.local.slice(-4)}`;
  const id = unclaimedHousehold(phone.e164, name);

  // --- The demo officer opens the household and gives a code, shown once to be read out.
  const officerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.desktop });
  const officer = await officerContext.newPage();
  await logIn(officer, "0901 000 002", { to: `/can-bo/ho/${id}` });
  await expect(officer.getByRole("heading", { name: "Bàn giao tài khoản cho hộ" })).toBeVisible();
  await officer.getByRole("button", { name: "Cấp mã bàn giao" }).click();
  const code = (await officer.getByTestId("claim-code").textContent())?.trim() ?? "";
  expect(code).toMatch(/^\d{6}$/);
  await expect(officer.getByText(/Đọc mã này cho hộ/)).toBeVisible();
  await shoot(officer, "officer-handover-code-vi-1280x800");
  // The same code went out by SMS to the household's phone.
  const sms = readDb((db) => db.prepare("select body from outbox where recipient = ? order by id desc limit 1").get(phone.e164)) as { body: string };
  expect(sms.body).toContain(code);

  // --- The farmer, on a small phone with JavaScript off.
  const farmerContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmerContext.newPage();
  await farmer.goto("/nhan-tai-khoan");
  await expect(farmer.getByRole("heading", { name: "Nhận tài khoản nông hộ" })).toBeVisible();
  await farmer.getByRole("link", { name: "Cán bộ đã đọc mã cho tôi" }).click();
  await farmer.getByLabel("Số điện thoại của hộ").fill(phone.local);
  // A mistyped code is refused with the tries left, the phone kept.
  await farmer.getByLabel("Mã xác nhận").fill(code === "000000" ? "111111" : "000000");
  await farmer.getByRole("button", { name: "Kiểm tra mã" }).click();
  await expect(farmer.getByText(/Mã không đúng. Bạn còn 4 lần thử/)).toBeVisible();
  await expect(farmer.getByLabel("Số điện thoại của hộ")).toHaveValue(phone.local);
  await farmer.getByLabel("Mã xác nhận").fill(code);
  await farmer.getByRole("button", { name: "Kiểm tra mã" }).click();

  await expect(farmer.getByRole("heading", { name: "Hoàn tất nhận tài khoản" })).toBeVisible();
  await expect(farmer.getByText(`Vườn ${name} — ${name}, Phường Đạo Thạnh`)).toBeVisible();
  await expect(farmer.getByLabel("Họ và tên")).toHaveValue(name);
  await farmer.getByLabel("Mật khẩu").fill(PASSWORD);
  await shoot(farmer, "claim-finish-vi-360x740");
  await farmer.getByRole("button", { name: "Nhận tài khoản và đăng nhập" }).click();

  await expect(farmer).toHaveURL(/\/ban-hang$/);
  // A new farm starts with its first-sale checklist; the officer's verification is a step of it.
  await expect(farmer.getByRole("heading", { name: "Các bước đến đơn hàng đầu tiên" })).toBeVisible();
  await expect(farmer.getByText("Được cán bộ địa bàn xác minh")).toBeVisible();
  await shoot(farmer, "claim-done-seller-dashboard-vi-360x740");
  const stored = readDb((db) =>
    db.prepare("select h.status, u.phone, u.role from households h join users u on u.id = h.owner_user_id where h.id = ?").get(id),
  ) as { status: string; phone: string; role: string };
  expect(stored).toEqual({ status: "activated", phone: phone.e164, role: "farmer" });

  // The farmer logs in later with the phone and the new password.
  await farmerContext.clearCookies();
  await logIn(farmer, phone.local, { to: "/ban-hang", password: PASSWORD });

  // --- The officer's page shows the household activated, with the transition in its history.
  await officer.goto(`/can-bo/ho/${id}`);
  await expect(officer.getByText("Chờ xác minh").first()).toBeVisible();
  await expect(officer.getByText(/Đã đăng ký → Chờ xác minh/)).toBeVisible();
  await expect(officer.getByRole("button", { name: "Cấp mã bàn giao" })).toHaveCount(0);
  await farmerContext.close();
  await officerContext.close();
});
