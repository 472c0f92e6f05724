import { expect, test } from "@playwright/test";
import { latestCodeFor, logIn, randomPhone, readDb, shoot, SIZES } from "./helpers";

const PASSWORD = "vuon-buoi-nam-roi-2026";

/** A CCCD no other run used: birth province 082, then digits from the clock. */
function freshCccd(): string {
  return `0820${String(Date.now()).slice(-8)}`;
}

test("a farmer registers without JavaScript at phone size; the officer of the area sees the pending household and verifies it", async ({ browser }) => {
  const phone = randomPhone();
  const shopName = `Vườn bưởi Năm Roi ${phone.local.slice(-4)}`;

  // --- The farmer, on a small phone with JavaScript off: every step is a plain form post.
  const farmerContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmerContext.newPage();
  await farmer.goto("/ban-hang/dang-ky");
  await expect(farmer.getByRole("heading", { name: /Bước 1\/3/ })).toBeVisible();
  await farmer.getByRole("link", { name: "Tạo tài khoản nhà vườn" }).click();

  await expect(farmer).toHaveURL(/\/dang-ky\?redirectTo=/);
  await farmer.getByLabel("Số điện thoại").fill(phone.local);
  await farmer.getByLabel("Họ và tên").fill("Lê Thị Mai");
  await farmer.getByLabel("Mật khẩu").fill(PASSWORD);
  await farmer.getByLabel(/Nhà vườn/).check();
  await farmer.getByRole("button", { name: "Gửi mã xác nhận" }).click();
  await farmer.getByLabel(/Mã xác nhận/).fill(latestCodeFor(phone.e164));
  await farmer.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();

  // Signed in, on the first-sale checklist; its first step is the wizard's step 2, the household
  // form, with the name and phone filled in.
  await expect(farmer).toHaveURL(/\/ban-hang$/);
  await farmer.getByRole("link", { name: "Tạo hồ sơ nhà vườn" }).click();
  await expect(farmer).toHaveURL(/\/ban-hang\/dang-ky/);
  await expect(farmer.getByRole("heading", { name: /Bước 2\/3/ })).toBeVisible();
  await expect(farmer.getByLabel("Họ tên người đại diện")).toHaveValue("Lê Thị Mai");
  await farmer.getByLabel("Tên gian hàng").fill(shopName);
  // A wrong ID is refused on its field and the rest of the input is kept.
  await farmer.getByLabel("Số căn cước công dân (CCCD)").fill("12345");
  await farmer.getByLabel("Xã / phường").selectOption({ label: "Phường Đạo Thạnh" });
  await farmer.getByRole("button", { name: "Lưu hồ sơ và tiếp tục" }).click();
  await expect(farmer.getByText(/có 12 số/)).toBeVisible();
  await expect(farmer.getByLabel("Tên gian hàng")).toHaveValue(shopName);

  await farmer.getByLabel("Số căn cước công dân (CCCD)").fill(freshCccd());
  await farmer.getByLabel("Ấp, số nhà, đường").fill("Ấp Hòa Thuận");
  await farmer.getByLabel("Sản phẩm chính").fill("Bưởi Năm Roi, bưởi da xanh");
  await farmer.getByLabel("VietGAP").check();
  await farmer.getByLabel("Ngân hàng").selectOption({ label: "Agribank — Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam" });
  await farmer.getByLabel("Số tài khoản").fill("7000 1234 5678");
  await farmer.getByLabel("Phí giao trong xã (₫)").fill("15.000");
  await shoot(farmer, "household-form-vi-360x740");
  await farmer.getByRole("button", { name: "Lưu hồ sơ và tiếp tục" }).click();

  await expect(farmer.getByRole("heading", { name: /Bước 3\/3/ })).toBeVisible();
  await expect(farmer.getByRole("link", { name: "Thêm sản phẩm đầu tiên" })).toHaveAttribute("href", "/ban-hang/san-pham/moi?buoc=3");
  await farmer.goto("/ban-hang");
  // A new farm starts with its first-sale checklist; the officer's verification is a step of it.
  await expect(farmer.getByRole("heading", { name: "Các bước đến đơn hàng đầu tiên" })).toBeVisible();
  await expect(farmer.getByText("Được cán bộ địa bàn xác minh")).toBeVisible();
  await shoot(farmer, "seller-dashboard-waiting-vi-360x740");

  const stored = readDb((db) =>
    db.prepare("select id, status, bank_account_number as account from households where display_name = ?").get(shopName),
  ) as { id: number; status: string; account: string };
  expect(stored).toMatchObject({ status: "activated", account: "700012345678" });

  // --- The demo officer (home province) logs in, finds it among the households waiting, verifies it.
  const officerContext = await browser.newContext({ locale: "vi-VN" });
  const officer = await officerContext.newPage();
  await logIn(officer, "0901 000 002", { to: "/can-bo" });
  await expect(officer.getByRole("heading", { name: "Hộ trong địa bàn" })).toBeVisible();
  await officer.getByRole("link", { name: /Chờ xác minh/ }).click();
  await officer.getByRole("link", { name: shopName }).click();
  await expect(officer).toHaveURL(new RegExp(`/can-bo/ho/${stored.id}$`));
  await expect(officer.getByText("Chờ xác minh").first()).toBeVisible();
  await officer.getByLabel("Ghi chú").fill("Đã xem CCCD, đến tận vườn");
  await officer.getByLabel("Gặp trực tiếp, xem CCCD").check();
  await officer.getByRole("button", { name: "Xác minh" }).click();
  await expect(officer.getByText("Đã xác minh hộ.")).toBeVisible();
  await expect(officer.getByText(/Chờ xác minh → Đã xác minh/)).toBeVisible();
  await shoot(officer, "officer-household-verified-vi-1280x800");

  // The farmer's dashboard moves on to the next step.
  await farmer.goto("/ban-hang");
  await expect(farmer.getByText("Đã xong 2/5 bước")).toBeVisible();
  await expect(farmer.getByRole("link", { name: "Thêm sản phẩm" }).first()).toBeVisible();
  await farmerContext.close();
  await officerContext.close();
});
