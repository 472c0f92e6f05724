import { expect, test, type Browser, type Page } from "@playwright/test";
import { logIn, readDb, shoot, SIZES, writeDb } from "./helpers";

/**
 * Checkout per farm (decision 0018) on a 360 px phone in Vietnamese, with and without JavaScript:
 * VietQR for the farm with a bank account, the reason it is missing for the farm without one, cash
 * there; the delivery fee following the commune; 1,5 kg of a listing sold in 0.5 kg steps; the
 * header's cart count; the placed page naming each order's method.
 */

const BUYER_PHONE = "0901 000 004";
const BUYER_E164 = "+84901000004";
const PROVINCE_FEE = 30_000;
const COMMUNE_FEE = 15_000;

interface Farm {
  householdId: number;
  name: string;
  communeCode: string;
  listing: { id: number; path: string; title: string; priceVnd: number; minOrder: number };
}

/** The first published listing (by id) of a verified farm with or without a bank account, the demo buyer not its owner. */
function demoFarm(withBank: boolean, unit: string | null): Farm {
  const row = readDb((db) =>
    db
      .prepare(
        `SELECT h.id AS householdId, h.display_name AS name, h.commune_code AS communeCode,
                l.id, l.slug, l.title, l.price_vnd AS priceVnd, l.min_order AS minOrder
         FROM listings l JOIN households h ON h.id = l.household_id
         LEFT JOIN users u ON u.id = h.owner_user_id
         WHERE l.status = 'published' AND h.status = 'verified' AND l.stock >= 10
           AND (h.bank_account_number IS NOT NULL) = ? AND (? IS NULL OR l.unit = ?)
           AND coalesce(u.phone, '') <> ?
         ORDER BY h.id, l.id LIMIT 1`,
      )
      .get(withBank ? 1 : 0, unit, unit, BUYER_E164),
  ) as { householdId: number; name: string; communeCode: string; id: number; slug: string; title: string; priceVnd: number; minOrder: number };
  if (!row) throw new Error(`no demo farm ${withBank ? "with" : "without"} a bank account`);
  return {
    householdId: row.householdId,
    name: row.name,
    communeCode: row.communeCode,
    listing: { id: row.id, path: `/san-pham/${row.slug}-${row.id}`, title: row.title, priceVnd: row.priceVnd, minOrder: row.minOrder },
  };
}

/**
 * The two farms of the test: A (bank account) sells a kg listing in 0.5 kg steps from 1 kg — the
 * demo has no such listing, so one is made so here — and B (no bank account) delivers for known
 * fees. The demo buyer's cart starts empty.
 */
function prepare(): { a: Farm; b: Farm; province: string; otherCommune: string } {
  const a = demoFarm(true, "kg");
  const b = demoFarm(false, null);
  const { province, otherCommune } = readDb(
    (db) =>
      db
        .prepare(
          `SELECT f.parent_code AS province, c.code AS otherCommune FROM admin_units c JOIN admin_units f ON f.set_id = c.set_id AND f.code = ?
           WHERE c.set_id = 'current' AND c.parent_code = f.parent_code AND c.code <> f.code ORDER BY c.code LIMIT 1`,
        )
        .get(b.communeCode) as { province: string; otherCommune: string },
  );
  writeDb((db) => {
    db.prepare("UPDATE listings SET quantity_step = 0.5, min_order = 1, stock = max(stock, 20) WHERE id = ?").run(a.listing.id);
    a.listing.minOrder = 1;
    // Both farms offer pick-up and deliver for known fees (never free), whatever the seed chose.
    const delivery = { pickup: true, feeCommune: COMMUNE_FEE, feeProvince: PROVINCE_FEE, feeElsewhere: null, freeAbove: null };
    db.prepare("UPDATE households SET delivery = ? WHERE id IN (?, ?)").run(JSON.stringify(delivery), a.householdId, b.householdId);
    db.prepare("DELETE FROM cart_items WHERE cart_id IN (SELECT c.id FROM carts c JOIN users u ON u.id = c.user_id WHERE u.phone = ?)").run(BUYER_E164);
  });
  return { a, b, province, otherCommune };
}

const money = (vnd: number) => new RegExp(`${vnd.toLocaleString("de-DE").replace(/\./g, "\\.")}\\s*₫`);

async function addToCart(page: Page, farm: Farm, quantity: string, count: number) {
  await page.goto(farm.listing.path);
  await expect(page.getByRole("heading", { level: 1, name: farm.listing.title })).toBeVisible();
  await page.getByLabel(/Số lượng/).fill(quantity);
  await page.getByRole("button", { name: "Thêm vào giỏ hàng" }).click();
  await expect(page).toHaveURL(/\/gio-hang/);
  await expect(page.getByText(`Đã thêm “${farm.listing.title}” vào giỏ hàng.`)).toBeVisible();
  // The header counts the cart's lines.
  await expect(page.getByRole("link", { name: `Giỏ hàng (${count} sản phẩm)` })).toBeVisible();
}

async function buyerPage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, BUYER_PHONE);
  return { context, page };
}

/** What both runs check on the checkout page and after placing. */
async function checkoutFromTwoFarms(page: Page, { a, b, province, otherCommune }: ReturnType<typeof prepare>, js: boolean) {
  const tag = js ? "js" : "nojs";
  await addToCart(page, a, "1,5", 1);
  await addToCart(page, b, String(b.listing.minOrder), 2);

  await page.getByRole("link", { name: "Đặt hàng" }).click();
  await expect(page.getByRole("heading", { name: "Thanh toán" })).toBeVisible();
  // With JavaScript, wait until the checkout island runs (the refresh button gives way to live fees)
  // before changing the address.
  if (js) await expect(page.getByRole("button", { name: "Cập nhật phí giao hàng" })).toHaveCount(0);
  const sectionA = page.locator(`fieldset[data-farm="${a.householdId}"]`);
  const sectionB = page.locator(`fieldset[data-farm="${b.householdId}"]`);
  // 1,5 kg as the buyer typed it, priced once in whole đồng.
  await expect(sectionA.getByText(/1,5 kg/)).toBeVisible();
  await expect(sectionA.getByText(money(Math.round(a.listing.priceVnd * 1.5))).first()).toBeVisible();

  // VietQR for A; for B the reason it is not offered, and cash.
  await expect(sectionA.getByRole("radio", { name: /Chuyển khoản \(VietQR\)/ })).toBeEnabled();
  await expect(sectionB.getByRole("radio", { name: /Chuyển khoản \(VietQR\)/ })).toBeDisabled();
  await expect(sectionB.getByText("Nhà vườn chưa khai báo tài khoản ngân hàng nên chưa nhận chuyển khoản.")).toBeVisible();
  await expect(sectionB.getByRole("radio", { name: /Tiền mặt khi nhận hàng/ })).toBeChecked();

  // The fee follows the commune: B's own commune, then another of its province.
  const commune = page.getByLabel("Xã / phường", { exact: true });
  const refresh = async () => {
    if (!js) await page.getByRole("button", { name: "Cập nhật phí giao hàng" }).click();
  };
  await page.getByLabel("Tỉnh / thành phố").selectOption(province);
  await refresh();
  await expect(commune.locator(`option[value="${b.communeCode}"]`)).toHaveCount(1);
  await commune.selectOption(b.communeCode);
  await refresh();
  await expect(sectionB.getByText(money(COMMUNE_FEE))).toBeVisible();
  await shoot(page, `checkout-per-farm-${tag}-commune-vi-360x740`);
  await commune.selectOption(otherCommune);
  await refresh();
  await expect(sectionB.getByText(money(PROVINCE_FEE))).toBeVisible();

  await sectionA.getByRole("radio", { name: /Nhận tại vườn/ }).check();
  await sectionA.getByRole("radio", { name: /Chuyển khoản \(VietQR\)/ }).check();
  await sectionB.getByRole("radio", { name: /Giao tận nơi/ }).check();
  await page.getByLabel("Số nhà, ấp, đường").fill("Số 8, ấp Mỹ Lợi");
  await shoot(page, `checkout-per-farm-${tag}-vi-360x740`);
  await page.getByRole("button", { name: "Đặt hàng" }).click();

  await expect(page).toHaveURL(/\/thanh-toan\/da-dat\?checkout=/);
  const placedA = page.locator("article").filter({ hasText: a.name });
  const placedB = page.locator("article").filter({ hasText: b.name });
  await expect(placedA.getByText(/Chuyển khoản \(VietQR\)/)).toBeVisible();
  await expect(placedB.getByText(/Tiền mặt khi nhận hàng/)).toBeVisible();
  await expect(page.getByRole("link", { name: /^Giỏ hàng$/ })).toBeVisible();
  await shoot(page, `checkout-per-farm-${tag}-placed-vi-360x740`);

  const checkoutId = Number(new URL(page.url()).searchParams.get("checkout"));
  const stored = readDb((db) =>
    db
      .prepare(
        `SELECT o.household_id AS householdId, o.payment_method AS method, o.delivery_fee_vnd AS fee, i.quantity, i.line_total_vnd AS lineTotal
         FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.checkout_id = ? ORDER BY o.id`,
      )
      .all(checkoutId),
  ) as Array<{ householdId: number; method: string; fee: number; quantity: number; lineTotal: number }>;
  expect(stored).toHaveLength(2);
  expect(stored).toEqual(
    expect.arrayContaining([
      { householdId: a.householdId, method: "bank_transfer", fee: 0, quantity: 1.5, lineTotal: Math.round(a.listing.priceVnd * 1.5) },
      { householdId: b.householdId, method: "cod", fee: PROVINCE_FEE, quantity: b.listing.minOrder, lineTotal: b.listing.priceVnd * b.listing.minOrder },
    ]),
  );
}

test.describe.configure({ mode: "serial" });

test("with JavaScript: VietQR for the farm with a bank account, cash and the reason for the other, the fee follows the commune, 1,5 kg", async ({ browser }) => {
  const farms = prepare();
  const { context, page } = await buyerPage(browser, true);
  await checkoutFromTwoFarms(page, farms, true);
  await context.close();
});

test("without JavaScript: the same checkout, the fee refreshed by the button", async ({ browser }) => {
  const farms = prepare();
  const { context, page } = await buyerPage(browser, false);
  await checkoutFromTwoFarms(page, farms, false);
  await context.close();
});
