import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { logIn, readDb, shoot, SIZES, writeDb } from "./helpers";

const FARMER = "0901 000 003";
const BUYER = "0901 000 004";

/** A 4000×3000 camera-sized JPEG drawn locally. */
async function bigPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000">
    <rect width="4000" height="3000" fill="#dfe9c8"/><circle cx="2000" cy="1500" r="1000" fill="#e8b923"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toBuffer();
}

/**
 * Records the size of each photo the page sends (Playwright does not expose multipart bodies with
 * files): the blob in the FormData is exactly what the server receives.
 */
function recordSentPhotos() {
  const sent: Array<{ width: number; height: number; bytes: number; type: string }> = [];
  (window as unknown as { __sentPhotos: typeof sent }).__sentPhotos = sent;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body?: Document | XMLHttpRequestBodyInit | null) {
    const photo = body instanceof FormData ? body.get("photos") : null;
    if (photo instanceof Blob) {
      void createImageBitmap(photo).then((bitmap) => sent.push({ width: bitmap.width, height: bitmap.height, bytes: photo.size, type: photo.type }));
    }
    return send.call(this, body);
  };
}

test("on a phone with a slow link: the typed title survives a reload, a big photo arrives shrunk with a progress bar, an offline navigation shows the offline page", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await page.addInitScript(recordSentPhotos);
  await logIn(page, FARMER, { to: "/ban-hang/san-pham/moi" });

  // --- A draft survives a reload, and is forgotten once saved.
  const title = `Bưởi da xanh ${Date.now() % 100000}`;
  await page.getByLabel("Tên sản phẩm").fill(title);
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cns:listing-draft")).length)).toBe(1);
  await page.reload();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue(title);
  await expect(page.getByText("Đã khôi phục bản nháp chưa lưu")).toBeVisible();
  await expect(page.getByRole("button", { name: "Bỏ bản nháp" })).toBeVisible();
  await shoot(page, "listing-draft-restored-vi-360x740");
  // "Discard" puts back what the server rendered and forgets the draft; typing keeps a new one.
  await page.getByRole("button", { name: "Bỏ bản nháp" }).click();
  await expect(page.getByLabel("Tên sản phẩm")).toHaveValue("");
  await expect(page.getByText("Đã khôi phục bản nháp chưa lưu")).toBeHidden();
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cns:listing-draft")).length)).toBe(0);
  await page.getByLabel("Tên sản phẩm").fill(title);
  await page.getByLabel("Danh mục").selectOption({ label: "Trái cây" });
  // One unit's weight is asked only for a counted unit (CSS alone).
  await page.getByLabel("Đơn vị bán").selectOption({ label: "trái" });
  await expect(page.getByLabel("Khối lượng một đơn vị (gam)")).toBeVisible();
  await page.getByLabel("Đơn vị bán").selectOption({ label: "kg" });
  await expect(page.getByLabel("Khối lượng một đơn vị (gam)")).toBeHidden();
  await page.getByLabel("Giá mỗi đơn vị (đồng)").fill("35.000");
  await page.getByLabel("Số lượng còn").fill("120");
  await page.getByRole("button", { name: "Lưu bản nháp" }).click();
  await expect(page).toHaveURL(/\/ban-hang\/san-pham\/\d+\?moi=1/);
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("cns:listing-draft")).length)).toBe(0);

  // --- The photo is shrunk on the phone before it is sent, with a progress bar on the way.
  const original = await bigPhoto();
  await page.getByLabel("Chọn ảnh hoặc chụp ảnh").setInputFiles({ name: "IMG_4000.jpg", mimeType: "image/jpeg", buffer: original });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.locator(".upload-progress progress").first()).toBeAttached();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __sentPhotos: unknown[] }).__sentPhotos.length)).toBe(1);
  const [sent] = await page.evaluate(() => (window as unknown as { __sentPhotos: Array<{ width: number; height: number; bytes: number; type: string }> }).__sentPhotos);
  expect(sent).toMatchObject({ width: 2048, height: 1536, type: "image/jpeg" });
  expect(sent.bytes).toBeLessThan(original.length);
  // Taken by the server (processing into variants is the worker's job, covered by listings.spec).
  await expect(page.getByText("✓ IMG_4000.jpg")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ảnh (1/8)" })).toBeVisible();

  // --- The connection drops before a photo leaves: it is sent again by itself once the phone is back online.
  await context.setOffline(true);
  await page.getByLabel("Chọn ảnh hoặc chụp ảnh").setInputFiles({ name: "IMG_4001.jpg", mimeType: "image/jpeg", buffer: original });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.getByText("Mạng yếu, đang thử lại IMG_4001.jpg…")).toBeVisible();
  await shoot(page, "photo-upload-retrying-vi-360x740");
  await context.setOffline(false);
  await expect(page.getByText("✓ IMG_4001.jpg")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Ảnh (2/8)" })).toBeVisible();

  // --- The server keeps failing: after the automatic retries the row offers "Thử lại", which sends the kept copy.
  let refused = 0;
  await page.route(/_data=/, (route) => (route.request().method() === "POST" ? (refused++, route.fulfill({ status: 503, body: "" })) : route.continue()));
  await page.getByLabel("Chọn ảnh hoặc chụp ảnh").setInputFiles({ name: "IMG_4002.jpg", mimeType: "image/jpeg", buffer: original });
  await page.getByRole("button", { name: "Tải ảnh lên" }).click();
  await expect(page.getByText(/IMG_4002\.jpg: Không tải được ảnh lên sau nhiều lần thử/)).toBeVisible({ timeout: 15_000 });
  expect(refused).toBe(3);
  await shoot(page, "photo-upload-retry-button-vi-360x740");
  await page.unroute(/_data=/);
  await page.getByRole("button", { name: "Thử lại" }).click();
  await expect(page.getByText("✓ IMG_4002.jpg")).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole("heading", { name: "Ảnh (3/8)" })).toBeVisible();

  // --- Offline: once the service worker is installed, a failed navigation shows the offline page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => caches.keys())).toContain("cns-shell-1");
  await context.setOffline(true);
  await page.goto("/gia-ca");
  await expect(page.getByRole("heading", { name: "Không có mạng" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No connection" })).toBeVisible();
  await shoot(page, "offline-vi-360x740");
  await context.setOffline(false);
  await context.close();
});

test("without JavaScript the photo form states the size limit and how long a large photo takes", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, FARMER, { to: "/ban-hang/san-pham" });
  await page.locator('a[href^="/ban-hang/san-pham/"]').filter({ hasNotText: "Thêm" }).first().click();
  await expect(page.getByText(/mỗi ảnh dưới 15 MB/)).toBeVisible();
  await expect(page.getByText(/Ảnh 5 MB mất khoảng 1 phút trên mạng 3G yếu/)).toBeVisible();
  await page.locator("#anh").scrollIntoViewIfNeeded();
  await shoot(page, "photo-form-nojs-vi-360x740");
  await context.close();
});

test("the offline page reads well on a wide screen, in both languages", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US", viewport: SIZES.desktop, javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto("/ngoai-tuyen");
  expect(response?.headers()["cache-control"]).toBe("no-cache");
  await expect(page.getByRole("heading", { name: "Không có mạng", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No connection", level: 2 })).toBeVisible();
  await shoot(page, "offline-1280x800");
  const worker = await page.request.get("/sw.js");
  expect(worker.headers()["cache-control"]).toBe("no-cache");
  await context.close();
});

test("with JavaScript the complaint form shrinks the chosen photo in place before the form is sent", async ({ browser }) => {
  const order = readDb((db) =>
    db
      .prepare(
        `SELECT o.code FROM orders o JOIN users b ON b.id = o.buyer_user_id
         WHERE b.phone = '+84901000004' AND o.status = 'delivered' ORDER BY o.id LIMIT 1`,
      )
      .get(),
  ) as { code: string };
  // The complaints spec may have complained about this order already: this test needs its empty form.
  writeDb((db) => db.prepare("DELETE FROM complaints WHERE order_id = (SELECT id FROM orders WHERE code = ?)").run(order.code));
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, BUYER, { to: `/don-hang/${order.code}/khieu-nai` });
  const input = page.getByLabel(/Ảnh chụp hàng/);
  // Wait until the photos island has run (it swaps the slow-link hint for the shrink note).
  await expect(page.getByText("Ảnh được thu nhỏ trên điện thoại trước khi gửi", { exact: false })).toBeVisible();
  // Nothing is sent here: the form's single POST would carry what the input now holds.
  await input.setInputFiles({ name: "dap.jpg", mimeType: "image/jpeg", buffer: await bigPhoto() });
  await expect
    .poll(() =>
      input.evaluate(async (el: HTMLInputElement) => {
        const file = el.files?.[0];
        if (!file) return null;
        const bitmap = await createImageBitmap(file);
        return { name: file.name, width: bitmap.width, height: bitmap.height };
      }),
    )
    .toEqual({ name: "dap.jpg", width: 2048, height: 1536 });

  // Sent at once after choosing another photo: the form waits for the shrinking, then posts the small copy.
  await page.getByLabel("Lý do").selectOption({ index: 1 });
  await page.getByLabel("Mô tả vấn đề").fill("Ba trái bị dập khi nhận hàng.");
  await page.getByLabel("Không yêu cầu gì (chỉ báo cho nhà vườn biết)").check();
  await input.setInputFiles({ name: "dap-2.jpg", mimeType: "image/jpeg", buffer: await bigPhoto() });
  await page.getByRole("button", { name: "Gửi khiếu nại" }).click();
  await expect(page.getByText("Đã gửi khiếu nại. Nhà vườn có 48 giờ để trả lời.")).toBeVisible();
  const stored = readDb((db) =>
    db
      .prepare(
        `SELECT p.id FROM complaint_photos p JOIN complaints c ON c.id = p.complaint_id
         WHERE c.order_id = (SELECT id FROM orders WHERE code = ?)`,
      )
      .all(order.code),
  );
  expect(stored).toHaveLength(1);
  // The tests below need this order's empty form again.
  writeDb((db) => db.prepare("DELETE FROM complaints WHERE order_id = (SELECT id FROM orders WHERE code = ?)").run(order.code));
  await context.close();
});

/** The delivered demo order of the buyer whose complaint form the tests above leave empty. */
function complaintOrder(): string {
  return (
    readDb((db) =>
      db
        .prepare(
          `SELECT o.code FROM orders o JOIN users b ON b.id = o.buyer_user_id
           WHERE b.phone = '+84901000004' AND o.status = 'delivered' ORDER BY o.id LIMIT 1`,
        )
        .get(),
    ) as { code: string }
  ).code;
}

test.describe("the listing and photo forms in both languages, with and without JavaScript", () => {
  for (const javaScriptEnabled of [true, false]) {
    for (const viewport of Object.values(SIZES)) {
      for (const locale of ["vi", "en"] as const) {
        const label = `${locale}-${viewport.width}x${viewport.height}-${javaScriptEnabled ? "js" : "nojs"}`;
        test(`new and edit listing, complaint form: ${label}`, async ({ browser }) => {
          const english = locale === "en";
          const shrinkNote = english ? "Photos are shrunk on your phone before sending" : "Ảnh được thu nhỏ trên điện thoại trước khi gửi";
          const slowLink = english ? /takes about 1 minute\(s\) on a weak 3G connection/ : /mất khoảng 1 phút trên mạng 3G yếu/;
          const open = async (phone: string, to: string) => {
            const context = await browser.newContext({ locale: "vi-VN", viewport, javaScriptEnabled });
            const page = await context.newPage();
            await logIn(page, phone, { to });
            if (english) await page.getByRole("button", { name: /EN/ }).click();
            await expect(page.locator("html")).toHaveAttribute("lang", locale);
            return { context, page };
          };

          const { context, page } = await open(FARMER, "/ban-hang/san-pham/moi");
          const unitWeight = page.getByLabel(english ? /Weight of one unit/ : "Khối lượng một đơn vị (gam)");
          // The unit-weight field follows the unit by CSS, with or without script.
          await expect(unitWeight).toBeHidden();
          await page.getByLabel(english ? "Selling unit" : "Đơn vị bán").selectOption("fruit");
          await expect(unitWeight).toBeVisible();
          await page.getByLabel(english ? "Selling unit" : "Đơn vị bán").selectOption("kg");
          await expect(page.locator("[data-draft-notice]")).toBeHidden();
          if (!javaScriptEnabled && english) {
            // No script checks the form: the server does, in the page's language, keeping what was typed.
            await page.getByLabel("Product name").fill("Cat Hoa Loc mangoes");
            await page.getByLabel("Price per unit (VND)").fill("45,5");
            await page.getByRole("button", { name: "Save draft" }).click();
            await expect(page.getByText(/Prices are whole dong/)).toBeVisible();
            await expect(page.getByLabel("Product name")).toHaveValue("Cat Hoa Loc mangoes");
          }
          await shoot(page, `listing-new-${label}`);

          await page.goto("/ban-hang/san-pham");
          await page.locator('a[href^="/ban-hang/san-pham/"]').filter({ hasNotText: english ? "Add" : "Thêm" }).first().click();
          await expect(page.locator("#anh")).toBeVisible();
          await expect(page.locator("#anh").getByText(javaScriptEnabled ? shrinkNote : slowLink)).toBeVisible();
          await shoot(page, `listing-edit-${label}`);
          await context.close();

          const buyer = await open(BUYER, `/don-hang/${complaintOrder()}/khieu-nai`);
          await expect(buyer.page.getByText(javaScriptEnabled ? shrinkNote : slowLink)).toBeVisible();
          await shoot(buyer.page, `complaint-form-${label}`);
          await buyer.context.close();
        });
      }
    }
  }
});
