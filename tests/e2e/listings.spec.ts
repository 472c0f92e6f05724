import { expect, test, type Browser, type Page } from "@playwright/test";
import sharp from "sharp";
import { latestCodeFor, logIn, randomPhone, readDb, shoot, SIZES } from "./helpers";

const PASSWORD = "vuon-xoai-hoa-loc-2026";

/** A CCCD no other run used: birth province 082, then digits from the clock. */
const freshCccd = () => `0821${String(Date.now()).slice(-8)}`;

/** A phone-camera-sized photo (3000×2250 JPEG) drawn locally. */
async function cameraPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="2250">
    <rect width="3000" height="2250" fill="#f4e3a1"/><circle cx="1500" cy="1150" r="700" fill="#e8b923" stroke="#8a6d00" stroke-width="30"/>
    <path d="M1500 450 q 200 -300 500 -250 q -150 250 -500 250z" fill="#3d8b37"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

/** Through the real pages: sign-up with code, the wizard's household step, the officer's verification. */
async function verifiedFarmer(browser: Browser, page: Page, phone: { local: string; e164: string }, shopName: string) {
  await page.goto("/ban-hang/dang-ky");
  await page.getByRole("link", { name: "Tạo tài khoản nhà vườn" }).click();
  await page.getByLabel("Số điện thoại").fill(phone.local);
  await page.getByLabel("Họ và tên").fill("Trần Văn Sáu");
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByLabel(/Nhà vườn/).check();
  await page.getByRole("button", { name: "Gửi mã xác nhận" }).click();
  await expect(page).toHaveURL(/\/dang-ky\/xac-nhan/);
  await page.getByLabel(/Mã xác nhận/).fill(latestCodeFor(phone.e164));
  await page.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();
  // A farmer lands on the first-sale checklist; its first step is the wizard's profile form.
  await page.getByRole("link", { name: "Tạo hồ sơ nhà vườn" }).click();
  await expect(page.getByRole("heading", { name: /Bước 2\/3/ })).toBeVisible();
  await page.getByLabel("Tên gian hàng").fill(shopName);
  await page.getByLabel("Số căn cước công dân (CCCD)").fill(freshCccd());
  await page.getByLabel("Xã / phường").selectOption({ label: "Phường Đạo Thạnh" });
  await page.getByLabel("Ấp, số nhà, đường").fill("Ấp Hòa Thuận");
  await page.getByLabel("Sản phẩm chính").fill("Xoài cát Hòa Lộc");
  await page.getByLabel("Phí giao trong xã (₫)").fill("15.000");
  await page.getByRole("button", { name: "Lưu hồ sơ và tiếp tục" }).click();
  await expect(page.getByRole("heading", { name: /Bước 3\/3/ })).toBeVisible();

  const { id } = readDb((db) => db.prepare("select id from households where display_name = ?").get(shopName)) as { id: number };
  const officerContext = await browser.newContext({ locale: "vi-VN" });
  const officer = await officerContext.newPage();
  await logIn(officer, "0901 000 002", { to: "/can-bo" });
  await expect(officer.getByRole("heading", { name: "Hộ trong địa bàn" })).toBeVisible();
  await officer.goto(`/can-bo/ho/${id}`);
  await officer.getByLabel("Gặp trực tiếp, xem CCCD").check();
  await officer.getByRole("button", { name: "Xác minh" }).click();
  await expect(officer.getByText("Đã xác minh hộ.")).toBeVisible();
  await officerContext.close();
}

test("a verified farmer drafts a listing with a photo and publishes it, at 360×740", async ({ browser }) => {
  const phone = randomPhone();
  const shopName = `Vườn xoài Sáu Lộc ${phone.local.slice(-4)}`;
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await verifiedFarmer(browser, page, phone, shopName);

  // Step 3 of the wizard leads to the new-listing form.
  await page.getByRole("link", { name: "Thêm sản phẩm đầu tiên" }).click();
  await expect(page.getByText("Bước 3/3: Sản phẩm đầu tiên")).toBeVisible();
  await page.getByLabel("Tên sản phẩm").fill("Xoài cát Hòa Lộc loại 1");
  await page.getByLabel("Danh mục").selectOption({ label: "Trái cây" });
  await page.getByLabel("Đơn vị bán").selectOption({ label: "kg" });
  // A decimal price is refused with a clear message, the rest of the input kept.
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("45,5");
  await page.getByLabel("Số lượng còn").fill("300");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page.getByText(/không có số lẻ/)).toBeVisible();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("Xoài cát Hòa Lộc loại 1");
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("45.000");
  await page.getByLabel("Mô tả").fill("Trái to, ngọt đậm. Hái sáng, giao trong ngày.");
  await shoot(page, "listing-new-vi-360x740");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();

  await expect(page).toHaveURL(/\/ban-hang\/san-pham\/\d+\?moi=1/);
  await expect(page.getByText(/Đã lưu bản nháp/)).toBeVisible();
  await expect(page.getByText("Trạng thái: Bản nháp", { exact: true })).toBeVisible();
  const listingId = Number(new URL(page.url()).pathname.split("/").pop());

  // The photo is downscaled in the page, uploaded, processed by the worker, then shown.
  await page.getByLabel("Chọn ảnh hoặc chụp ảnh").setInputFiles({ name: "IMG_2041.jpg", mimeType: "image/jpeg", buffer: await cameraPhoto() });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  const photo = page.getByRole("img", { name: /Ảnh 1 của Xoài cát Hòa Lộc loại 1/ });
  await expect(photo).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Ảnh bìa", { exact: true })).toBeVisible();
  const src = await photo.getAttribute("src");
  expect(src).toMatch(/^\/media\/[a-f0-9]{32}-640\.webp$/);
  const media = await page.request.get(src!);
  expect(media.status()).toBe(200);
  expect(media.headers()["content-type"]).toBe("image/webp");
  expect(media.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  // Downscaled on the phone to ≤ 2048 px, then resized on the server: the stored photo is 1280 wide.
  const stored = readDb((db) => db.prepare("select width, height, status from listing_photos where listing_id = ?").get(listingId));
  expect(stored).toEqual({ width: 1280, height: 960, status: "ready" });

  await page.getByRole("button", { name: "Đăng bán" }).click();
  await expect(page.getByText("Trạng thái mới: Đang bán.")).toBeVisible();
  await expect(page.getByText("Trạng thái: Đang bán", { exact: true })).toBeVisible();
  await shoot(page, "listing-edit-published-vi-360x740");

  // My listings: the row shows status, stock and the cover thumbnail.
  await page.getByRole("link", { name: /Về danh sách sản phẩm/ }).click();
  const row = page.locator(`#listing-${listingId}`);
  await expect(row.getByText("Đang bán")).toBeVisible();
  await expect(row.locator("img.thumb")).toHaveAttribute("src", /-320\.webp$/);
  await context.close();

  // --- The same farmer on a phone without JavaScript: quick edit of price and stock, a fake photo refused.
  const plain = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const noJs = await plain.newPage();
  await logIn(noJs, phone.local, { to: "/ban-hang/san-pham", password: PASSWORD });
  await expect(noJs.getByRole("heading", { name: "Sản phẩm của tôi" })).toBeVisible();
  const plainRow = noJs.locator(`#listing-${listingId}`);
  await plainRow.getByLabel(/Giá \(đồng\/kg\)/).fill("52.000");
  await plainRow.getByLabel(/Còn \(kg\)/).fill("0");
  await plainRow.getByRole("button", { name: "Lưu giá và số lượng" }).click();
  await expect(noJs.getByText(/Đã lưu “Xoài cát Hòa Lộc loại 1”/)).toBeVisible();
  await expect(noJs.locator(`#listing-${listingId}`).getByText("Hết hàng")).toBeVisible();
  await expect(noJs.locator(`#listing-${listingId}`).getByText(/52\.000/)).toBeVisible();
  await shoot(noJs, "listings-quick-edit-nojs-vi-360x740");

  await noJs.goto(`/ban-hang/san-pham/${listingId}`);
  await noJs.getByLabel("Chọn ảnh hoặc chụp ảnh").setInputFiles({ name: "xoai.jpg", mimeType: "image/jpeg", buffer: Buffer.from("chỉ là chữ, không phải ảnh\n".repeat(40)) });
  await noJs.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(noJs.getByText(/xoai\.jpg: Tệp này không phải ảnh JPEG, PNG hay WebP/)).toBeVisible();
  await plain.close();

  // --- Another farmer changing the id in the URL gets the 403 page.
  const other = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const otherPage = await other.newPage();
  await logIn(otherPage, "0901 000 003", { to: `/ban-hang/san-pham/${listingId}` });
  await expect(otherPage.getByText("Không có quyền truy cập")).toBeVisible();
  await other.close();
});
