import { expect, test, type Page } from "@playwright/test";
import { logIn, readDb, shoot, SIZES, writeDb } from "./helpers";

/**
 * Choosing how each farm's order travels at checkout (issue 15), on a 360 px phone in Vietnamese,
 * with and without JavaScript. No delivery company is configured here, so the farm's settings page
 * says so and checkout offers the farm's own delivery and pick-up; the choice becomes the order's
 * carrier, with its weight.
 */
const FARMER = "0901 000 003";
const BUYER = "0901 000 004";
const COMMUNE_FEE = 15_000;

function prepare() {
  const row = readDb((db) =>
    db
      .prepare(
        `SELECT l.id, l.slug, l.title, l.min_order AS minOrder, h.id AS householdId, h.commune_code AS communeCode, f.parent_code AS province
         FROM listings l JOIN households h ON h.id = l.household_id JOIN users u ON u.id = h.owner_user_id
         JOIN admin_units f ON f.set_id = 'current' AND f.code = h.commune_code
         WHERE u.phone = '+84901000003' AND l.status = 'published' AND l.unit = 'kg' AND l.stock >= l.min_order * 2
         ORDER BY l.id LIMIT 1`,
      )
      .get(),
  ) as { id: number; slug: string; title: string; minOrder: number; householdId: number; communeCode: string; province: string };
  writeDb((db) => {
    const delivery = { pickup: true, feeCommune: COMMUNE_FEE, feeProvince: 30_000, feeElsewhere: null, freeAbove: null };
    db.prepare("UPDATE households SET delivery = ? WHERE id = ?").run(JSON.stringify(delivery), row.householdId);
    db.prepare("DELETE FROM cart_items WHERE cart_id IN (SELECT c.id FROM carts c JOIN users u ON u.id = c.user_id WHERE u.phone = '+84901000004')").run();
  });
  return row;
}

async function chooseAndPlace(page: Page, farm: ReturnType<typeof prepare>, js: boolean, way: RegExp) {
  await page.goto(`/san-pham/${farm.slug}-${farm.id}`);
  await page.getByLabel(/Số lượng/).fill(String(farm.minOrder).replace(".", ","));
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/gio-hang/);
  await page.goto("/thanh-toan");
  const refresh = async () => {
    if (!js) await page.getByRole("button", { name: "Cập nhật phí giao hàng" }).click();
  };
  const note = page.getByLabel("Ghi chú cho nhà vườn (không bắt buộc)");
  if (js) {
    // The island swaps in the new fees: the same document, and what the buyer typed stays.
    await expect(page.getByRole("button", { name: "Cập nhật phí giao hàng" })).toHaveCount(0);
    await page.evaluate(() => document.documentElement.setAttribute("data-same-document", ""));
    await note.fill("Gọi trước khi giao");
  }
  await page.getByLabel("Tỉnh / thành phố").selectOption(farm.province);
  await refresh();
  await page.getByLabel("Xã / phường", { exact: true }).selectOption(farm.communeCode);
  await refresh();
  const section = page.locator(`fieldset[data-farm="${farm.householdId}"]`);
  // The cheapest way to the buyer's door is chosen first; pick-up is there too.
  await expect(section.getByRole("radio", { name: "Giao tận nơi — phí 15.000 ₫" })).toBeChecked();
  await expect(section.getByRole("radio", { name: /Nhận tại vườn/ })).not.toBeChecked();
  if (js) {
    await expect(note).toHaveValue("Gọi trước khi giao");
    await expect(page.locator("html[data-same-document]")).toHaveCount(1);
  }
  await section.getByRole("radio", { name: way }).check();
  await page.getByLabel("Số nhà, ấp, đường").fill("Số 8, ấp Mỹ Lợi");
  await shoot(page, `checkout-carrier-${js ? "js" : "nojs"}-vi-360x740`);
  await page.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(page).toHaveURL(/\/thanh-toan\/da-dat\?checkout=/);
  const checkoutId = Number(new URL(page.url()).searchParams.get("checkout"));
  return readDb((db) =>
    db
      .prepare(
        `SELECT o.carrier, o.delivery_method AS method, o.delivery_fee_vnd AS fee, o.weight_grams AS weight, i.unit_weight_grams AS unitWeight
         FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.checkout_id = ?`,
      )
      .get(checkoutId),
  );
}

test.describe.configure({ mode: "serial" });

test("without JavaScript: the farm's settings say no company is connected; the buyer picks up, recorded as carrier pickup with the weight", async ({ browser }) => {
  const farm = prepare();
  const farmContext = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmContext.newPage();
  await logIn(farmer, FARMER, { to: "/ban-hang/ho-so" });
  await farmer.getByRole("link", { name: /Cài đặt vận chuyển/ }).click();
  await expect(farmer.getByRole("heading", { level: 1, name: "Vận chuyển" })).toBeVisible();
  await expect(farmer.getByText("Sàn chưa kết nối đơn vị vận chuyển nào.", { exact: false })).toBeVisible();
  await farmer.getByLabel("Chênh lệch khối lượng cho phép (%)").fill("60");
  await farmer.getByRole("button", { name: "Lưu cài đặt" }).click();
  await expect(farmer.getByText("Nhập một số nguyên từ 0 đến 50.")).toBeVisible();
  await expect(farmer.getByLabel("Chênh lệch khối lượng cho phép (%)")).toHaveValue("60");
  await farmer.getByLabel("Chênh lệch khối lượng cho phép (%)").fill("15");
  await farmer.getByRole("button", { name: "Lưu cài đặt" }).click();
  await expect(farmer.getByText("Đã lưu cài đặt vận chuyển.")).toBeVisible();
  await shoot(farmer, "farm-delivery-settings-nojs-vi-360x740");
  await farmContext.close();

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, BUYER);
  const order = await chooseAndPlace(page, farm, false, /Nhận tại vườn/);
  expect(order).toEqual({ carrier: "pickup", method: "pickup", fee: 0, weight: Math.round(farm.minOrder * 1000), unitWeight: 1000 });
  await context.close();
});

test("with JavaScript: the unit weight is asked only for counted units", async ({ browser }) => {
  const farmContext = await browser.newContext({ javaScriptEnabled: true, locale: "vi-VN", viewport: SIZES.phone });
  const farmer = await farmContext.newPage();
  await logIn(farmer, FARMER, { to: "/ban-hang/san-pham/moi" });
  const unitWeight = farmer.getByLabel("Khối lượng một đơn vị (gam)");
  await expect(unitWeight).toBeHidden();
  await farmer.getByLabel("Đơn vị bán").selectOption("fruit");
  await expect(unitWeight).toBeVisible();
  await farmContext.close();
});

test("with JavaScript: the fee follows the commune without a reload; the farm delivers, recorded as carrier farm", async ({ browser }) => {
  const farm = prepare();
  const context = await browser.newContext({ javaScriptEnabled: true, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, BUYER);
  const order = await chooseAndPlace(page, farm, true, /Giao tận nơi/);
  expect(order).toEqual({ carrier: "farm", method: "delivery", fee: COMMUNE_FEE, weight: Math.round(farm.minOrder * 1000), unitWeight: 1000 });
  await context.close();
});
