import { expect, test } from "@playwright/test";
import { logIn, readDb, shoot, SIZES, writeDb } from "./helpers";

/**
 * An order travelling with GHN, without JavaScript on a 360 px phone: the demo buyer sees the
 * carrier, the tracking code and where the parcel is; the demo farmer also sees the COD and the
 * fee. The shipment row is written straight into the database (packing, which creates it through
 * the carrier, is another page's); the webhook answers without the operator's secret are checked too.
 */

const FARMER_PHONE = "0901 000 003";
const FARMER_E164 = "+84901000003";
const BUYER_PHONE = "0901 000 004";
const BUYER_E164 = "+84901000004";
const TRACKING = "GHNE2E0001";

function demoOrder(): { id: number; code: string; householdId: number; totalVnd: number } {
  const row = readDb((db) =>
    db
      .prepare(
        `SELECT o.id, o.code, o.household_id AS householdId, o.total_vnd AS totalVnd FROM orders o
         JOIN households h ON h.id = o.household_id JOIN users f ON f.id = h.owner_user_id JOIN users b ON b.id = o.buyer_user_id
         WHERE f.phone = ? AND b.phone = ? ORDER BY o.status = 'shipped' DESC, o.id LIMIT 1`,
      )
      .get(FARMER_E164, BUYER_E164),
  ) as { id: number; code: string; householdId: number; totalVnd: number } | undefined;
  if (!row) throw new Error("the demo data has no order from the demo farm to the demo buyer");
  return row;
}

test("buyer and farm see the order's parcel on their order pages", async ({ browser }) => {
  const order = demoOrder();
  writeDb((db) =>
    db
      .prepare(
        `INSERT INTO shipments (order_id, household_id, carrier, tracking_code, client_code, status, cod_vnd, fee_vnd, weight_grams, created_at, updated_at)
         VALUES (?, ?, 'ghn', ?, ?, 'in_transit', ?, 23500, 2400, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(order.id, order.householdId, TRACKING, order.code, order.totalVnd, Date.now(), Date.now()),
  );

  const buyerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER_PHONE, { to: `/don-hang/${order.code}` });
  const panel = buyer.getByRole("region", { name: "Vận chuyển" });
  await expect(panel).toContainText("Giao Hàng Nhanh (GHN)");
  await expect(panel).toContainText(TRACKING);
  await expect(panel).toContainText("Đang vận chuyển");
  await expect(panel.getByRole("link", { name: "Xem hành trình" })).toHaveAttribute("href", new RegExp(TRACKING));
  await expect(panel).not.toContainText("Phí vận chuyển (nền tảng trả)");
  await shoot(buyer, "shipment-buyer-vi-360x740");
  await buyerContext.close();

  const farmContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const farm = await farmContext.newPage();
  await logIn(farm, FARMER_PHONE, { to: `/ban-hang/don-hang/${order.code}` });
  const farmPanel = farm.getByRole("region", { name: "Vận chuyển" });
  await expect(farmPanel).toContainText(TRACKING);
  await expect(farmPanel).toContainText("Phí vận chuyển (nền tảng trả)");
  await expect(farmPanel).toContainText("2,4 kg");
  await shoot(farm, "shipment-farm-vi-360x740");
  await farmContext.close();
});

test("the carrier webhook refuses what it cannot trust, without a stack", async ({ request }) => {
  // GHN is not configured on the demo server: its webhook does not exist there.
  const unconfigured = await request.post("/webhooks/carriers/ghn?token=whatever", { data: { Type: "Switch_status" } });
  expect(unconfigured.status()).toBe(404);
  expect(await unconfigured.text()).not.toContain("at ");
  const get = await request.get("/webhooks/carriers/ghn");
  expect(get.status()).toBe(405);
});
