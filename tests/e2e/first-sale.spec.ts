import { expect, test, type Page } from "@playwright/test";
import { latestCodeFor, logIn, randomPhone, readDb, shoot, SIZES } from "./helpers";

const PASSWORD = "xoai-cat-hoa-loc-2026";

/** The step marked current in the checklist (aria-current="step"). */
const currentStep = (page: Page) => page.locator('.first-sale-step[aria-current="step"]');

/** The SMS templates sent to a phone, oldest first. */
const templatesTo = (e164: string) =>
  (readDb((db) => db.prepare("select template from outbox where recipient = ? order by id").all(e164)) as { template: string }[]).map((r) => r.template);

test("a farmer without JavaScript follows the first-sale checklist from sign-up; verification and suspension reach them by SMS", async ({ browser }) => {
  const phone = randomPhone();
  const shopName = `Vườn xoài Ba Lộc ${phone.local.slice(-4)}`;

  // --- Sign-up as a farmer on a small phone with JavaScript off: the landing is the checklist.
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await context.newPage();
  await farmer.goto("/dang-ky");
  await farmer.getByLabel("Số điện thoại").fill(phone.local);
  await farmer.getByLabel("Họ và tên").fill("Trần Văn Ba");
  await farmer.getByLabel("Mật khẩu").fill(PASSWORD);
  await farmer.getByLabel(/Nhà vườn/).check();
  await farmer.getByRole("button", { name: "Gửi mã xác nhận" }).click();
  await farmer.getByLabel(/Mã xác nhận/).fill(latestCodeFor(phone.e164));
  await farmer.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();

  await expect(farmer).toHaveURL(/\/ban-hang$/);
  await expect(farmer.getByRole("heading", { name: "Các bước đến đơn hàng đầu tiên" })).toBeVisible();
  await expect(farmer.getByText("Đã xong 0/5 bước")).toBeVisible();
  await expect(currentStep(farmer)).toContainText("Hoàn thiện hồ sơ nhà vườn");
  await shoot(farmer, "first-sale-start-vi-360x740");

  // --- Step 1 links to the profile form; saved without a bank account (suggested, not required).
  await currentStep(farmer).getByRole("link", { name: "Tạo hồ sơ nhà vườn" }).click();
  await expect(farmer).toHaveURL(/\/ban-hang\/dang-ky$/);
  await farmer.getByLabel("Tên gian hàng").fill(shopName);
  await farmer.getByLabel("Số căn cước công dân (CCCD)").fill(`0820${String(Date.now()).slice(-8)}`);
  await farmer.getByLabel("Xã / phường").selectOption({ label: "Phường Đạo Thạnh" });
  await farmer.getByLabel("Ấp, số nhà, đường").fill("Ấp Hòa Thuận");
  await farmer.getByLabel("Sản phẩm chính").fill("Xoài cát Hòa Lộc");
  await farmer.getByRole("button", { name: "Lưu hồ sơ và tiếp tục" }).click();
  await expect(farmer.getByRole("heading", { name: /Bước 3\/3/ })).toBeVisible();

  // --- Back home: the profile is done, verification is current, with who verifies and what they need.
  await farmer.goto("/ban-hang");
  await expect(farmer.getByText("Đã xong 1/5 bước")).toBeVisible();
  await expect(currentStep(farmer)).toContainText("Được cán bộ địa bàn xác minh");
  await expect(currentStep(farmer)).toContainText("căn cước công dân (CCCD)");
  await expect(currentStep(farmer).getByText("Nguyễn Thị Hạnh (cán bộ khuyến nông, demo)")).toBeVisible();
  await expect(currentStep(farmer).getByRole("link", { name: "0901 000 002" })).toHaveAttribute("href", "tel:0901000002");
  await expect(farmer.getByText(/Nên thêm tài khoản ngân hàng/)).toBeVisible();
  await shoot(farmer, "first-sale-pending-vi-360x740");

  const { id } = readDb((db) => db.prepare("select id from households where display_name = ?").get(shopName)) as { id: number };

  // --- The area officer verifies: the farmer gets one SMS with where to list, and the next step.
  const officerContext = await browser.newContext({ locale: "vi-VN" });
  const officer = await officerContext.newPage();
  await logIn(officer, "0901 000 002", { to: `/can-bo/ho/${id}` });
  await officer.getByLabel("Gặp trực tiếp, xem CCCD").check();
  await officer.getByRole("button", { name: "Xác minh" }).click();
  await expect(officer.getByText("Đã xác minh hộ.")).toBeVisible();
  expect(templatesTo(phone.e164).filter((t) => t.startsWith("lifecycle."))).toEqual(["lifecycle.verified"]);

  await farmer.reload();
  await expect(farmer.getByText("Đã xong 2/5 bước")).toBeVisible();
  await expect(currentStep(farmer)).toContainText("Đăng sản phẩm đầu tiên có ảnh");
  await expect(currentStep(farmer).getByRole("link", { name: "Thêm sản phẩm" })).toHaveAttribute("href", "/ban-hang/san-pham/moi");

  // --- Suspended: the checklist says why and whom to call; so does the SMS.
  await officer.getByLabel("Lý do").fill("Ảnh sản phẩm chưa đúng hàng thật");
  await officer.getByRole("button", { name: "Tạm ngưng" }).click();
  await expect(officer.getByText("Đã tạm ngưng hộ.")).toBeVisible();
  expect(templatesTo(phone.e164).filter((t) => t.startsWith("lifecycle."))).toEqual(["lifecycle.verified", "lifecycle.suspended"]);

  await farmer.reload();
  await expect(currentStep(farmer)).toContainText("Được cán bộ địa bàn xác minh");
  await expect(currentStep(farmer).getByRole("alert")).toContainText("Lý do: Ảnh sản phẩm chưa đúng hàng thật");
  await expect(currentStep(farmer)).toContainText("khiếu nại");
  await shoot(farmer, "first-sale-suspended-vi-360x740");

  await context.close();
  await officerContext.close();
});
