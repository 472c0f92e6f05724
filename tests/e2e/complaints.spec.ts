import { expect, test, type Browser } from "@playwright/test";
import sharp from "sharp";
import { logIn, readDb, shoot, SIZES } from "./helpers";

/**
 * A complaint's whole life on a 360 px phone in Vietnamese: the demo buyer complains about the demo
 * farm's delivered order with a photo (without JavaScript: a multipart form), the demo farmer
 * disagrees (with JavaScript), the demo officer of the area decides a partial refund (without).
 * Every step is on the order's timeline and the refund is recorded once.
 */

const BUYER = "0901 000 004";
const FARMER = "0901 000 003";
const OFFICER = "0901 000 002";

/** The demo buyer's delivered order at the demo farmer's farm (seeded two days ago). */
function deliveredDemoOrder(): string {
  const row = readDb((db) =>
    db
      .prepare(
        `SELECT o.code FROM orders o JOIN users b ON b.id = o.buyer_user_id JOIN households h ON h.id = o.household_id
         JOIN users f ON f.id = h.owner_user_id
         WHERE b.phone = '+84901000004' AND f.phone = '+84901000003' AND o.status = 'delivered' ORDER BY o.id LIMIT 1`,
      )
      .get(),
  ) as { code: string } | undefined;
  if (!row) throw new Error("the demo data has no delivered order of the demo buyer at the demo farm");
  return row.code;
}

async function phone(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

test("buyer complains without JavaScript, the farm disagrees with it, the officer decides a partial refund", async ({ browser }) => {
  const code = deliveredDemoOrder();

  // The buyer, without JavaScript: the order page links to the complaint form.
  const buyer = await phone(browser, false);
  await logIn(buyer.page, BUYER, { to: `/don-hang/${code}` });
  await buyer.page.getByRole("link", { name: "Khiếu nại về đơn này" }).click();
  await expect(buyer.page).toHaveURL(new RegExp(`/don-hang/${code}/khieu-nai$`));
  await expect(buyer.page.getByRole("heading", { name: `Khiếu nại đơn ${code}` })).toBeVisible();

  // A description too short: refused with a message, what was typed is kept.
  await buyer.page.getByLabel("Lý do").selectOption({ label: "Hàng dập, hư khi nhận" });
  await buyer.page.getByLabel("Mô tả vấn đề").fill("Dập");
  await buyer.page.getByLabel("Hoàn một phần tiền").check();
  await buyer.page.getByLabel("Số tiền muốn hoàn (₫)").fill("10.000");
  await buyer.page.getByRole("button", { name: "Gửi khiếu nại" }).click();
  await expect(buyer.page.getByText("Hãy mô tả vấn đề (ít nhất 10 ký tự).")).toBeVisible();
  await expect(buyer.page.getByLabel("Số tiền muốn hoàn (₫)")).toHaveValue("10.000");
  await expect(buyer.page.getByLabel("Lý do")).toHaveValue("damaged");

  const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#9a6b2f" } }).jpeg().toBuffer();
  await buyer.page.getByLabel("Mô tả vấn đề").fill("Hai trái bị dập khi nhận, một trái chảy nước.");
  await buyer.page.getByLabel("Hoàn một phần tiền").check();
  await buyer.page.getByLabel(/Ảnh chụp hàng/).setInputFiles({ name: "dap.jpg", mimeType: "image/jpeg", buffer: photo });
  await buyer.page.getByRole("button", { name: "Gửi khiếu nại" }).click();
  await expect(buyer.page.getByRole("status")).toHaveText("Đã gửi khiếu nại. Nhà vườn có 48 giờ để trả lời.");
  await expect(buyer.page.getByText("Chờ nhà vườn trả lời").first()).toBeVisible();
  const img = buyer.page.getByRole("img", { name: "Ảnh khiếu nại số 1" });
  await expect(img).toBeVisible();
  const src = await img.getAttribute("src");
  expect((await buyer.page.request.get(src!)).headers()["content-type"]).toBe("image/webp");
  await shoot(buyer.page, "complaint-buyer-opened-vi-360x740");

  // The farmer, with JavaScript: the order page shows the complaint; the farm disagrees.
  const farmer = await phone(browser, true);
  await logIn(farmer.page, FARMER, { to: `/ban-hang/don-hang/${code}` });
  await farmer.page.getByRole("link", { name: "Xem khiếu nại" }).click();
  await expect(farmer.page.getByText("Hai trái bị dập khi nhận, một trái chảy nước.")).toBeVisible();
  // The photo is the parties' only: the farm sees it too.
  await expect(farmer.page.getByRole("img", { name: "Ảnh khiếu nại số 1" })).toBeVisible();
  await farmer.page.getByLabel(/Không đồng ý/).check();
  await farmer.page.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(farmer.page.getByText("Hãy ghi lời trả lời (ít nhất 5 ký tự).")).toBeVisible();
  await farmer.page.getByLabel("Lời trả lời").fill("Vườn lựa trái kỹ, lúc giao trái còn nguyên.");
  await farmer.page.getByRole("button", { name: "Gửi trả lời" }).click();
  await expect(farmer.page.getByRole("status")).toHaveText("Đã gửi trả lời.");
  await expect(farmer.page.getByText("Nhà vườn không đồng ý.")).toBeVisible();

  // The officer of the area, without JavaScript: the list, then the decision.
  const officer = await phone(browser, false);
  await logIn(officer.page, OFFICER, { to: "/can-bo/khieu-nai" });
  await officer.page.getByRole("link", { name: new RegExp(code) }).click();
  await officer.page.getByLabel("Hoàn một phần tiền").check();
  await officer.page.getByLabel("Số tiền hoàn (₫)").fill("10.000");
  await officer.page.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(officer.page.getByText("Hãy ghi lý do quyết định (ít nhất 5 ký tự).")).toBeVisible();
  await expect(officer.page.getByLabel("Số tiền hoàn (₫)")).toHaveValue("10.000");
  await officer.page.getByLabel("Lý do quyết định").fill("Ảnh cho thấy trái dập khi nhận; hoàn một phần.");
  await officer.page.getByRole("button", { name: "Ghi quyết định" }).click();
  await expect(officer.page.getByRole("status")).toHaveText("Đã ghi quyết định.");
  await expect(officer.page.getByRole("heading", { name: "Quyết định: Hoàn một phần tiền" })).toBeVisible();
  await shoot(officer.page, "complaint-officer-decided-vi-360x740");

  // The buyer sees the decision; the timeline has every step; the refund is recorded once.
  await buyer.page.goto(`/don-hang/${code}/khieu-nai`);
  await expect(buyer.page.getByText("Đã giải quyết")).toBeVisible();
  await expect(buyer.page.getByText("Số tiền hoàn: 10.000 ₫")).toBeVisible();
  await buyer.page.goto(`/don-hang/${code}`);
  for (const label of ["Người mua gửi khiếu nại", "Nhà vườn trả lời khiếu nại", "Khiếu nại được chuyển lên cấp trên", "Đã có quyết định về khiếu nại"]) {
    await expect(buyer.page.getByText(label).first()).toBeVisible();
  }
  const refunds = readDb((db) =>
    db.prepare("SELECT r.amount_vnd AS amount FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.code = ? AND r.cause = 'complaint'").all(code),
  ) as Array<{ amount: number }>;
  expect(refunds).toEqual([{ amount: 10_000 }]);
  for (const p of [buyer, farmer, officer]) await p.context.close();
});
