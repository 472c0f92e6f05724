import { expect, test } from "@playwright/test";
import { logIn, readDb, shoot, SIZES } from "./helpers";

/**
 * The demo farmer on a 360 px phone in Vietnamese: the seller home puts the orders waiting for the
 * farm first; "delivered" and "reject" go through a confirmation step that changes nothing until
 * confirmed — without JavaScript (delivered) and with it (reject with a reason).
 */

const FARMER_PHONE = "0901 000 003";
const FARMER_E164 = "+84901000003";

/** The demo farm's orders in a status, oldest first (cash or unpaid only: a refund is another test's). */
function demoFarmOrders(status: string): string[] {
  return (
    readDb((db) =>
      db
        .prepare(
          `SELECT o.code FROM orders o JOIN households h ON h.id = o.household_id JOIN users u ON u.id = h.owner_user_id
           WHERE u.phone = ? AND o.status = ? AND o.payment_status <> 'paid' ORDER BY o.id`,
        )
        .all(FARMER_E164, status),
    ) as Array<{ code: string }>
  ).map((r) => r.code);
}

function statusOf(code: string): string {
  return (readDb((db) => db.prepare("SELECT status FROM orders WHERE code = ?").get(code)) as { status: string }).status;
}

test("the seller home shows the orders waiting for the farm first, with counts and links", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, FARMER_PHONE, { to: "/ban-hang" });
  const waiting = page.getByRole("region", { name: "Đơn hàng chờ bạn xử lý" });
  await expect(waiting).toBeVisible();
  // Above everything else on the page: the first section heading after the farm's name.
  await expect(page.locator("main h2").first()).toHaveText("Đơn hàng chờ bạn xử lý");
  const counts = readDb((db) =>
    db
      .prepare(
        `SELECT o.status, count(*) AS n FROM orders o JOIN households h ON h.id = o.household_id JOIN users u ON u.id = h.owner_user_id
         WHERE u.phone = ? AND o.status IN ('placed', 'confirmed', 'shipped') GROUP BY o.status`,
      )
      .all(FARMER_E164),
  ) as Array<{ status: string; n: number }>;
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  expect(n("placed") + n("shipped")).toBeGreaterThan(0);
  const labels: Record<string, string> = { placed: "đơn mới cần xác nhận", confirmed: "đơn đã xác nhận cần gửi hàng", shipped: "đơn đang giao cần báo đã giao" };
  for (const [status, label] of Object.entries(labels)) {
    const link = waiting.getByRole("link", { name: `${n(status)} ${label}` });
    await expect(link).toHaveCount(n(status) > 0 ? 1 : 0);
  }
  await shoot(page, "seller-home-waiting-vi-360x740");

  // The group's link opens the farm's orders filtered to that step.
  await waiting.getByRole("link", { name: new RegExp(labels.shipped) }).click();
  await expect(page).toHaveURL(/\/ban-hang\/don-hang\?trang-thai=shipped/);
  await context.close();
});

test("without JavaScript, 'Đã giao hàng' asks first: going back changes nothing, confirming marks the order delivered", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, FARMER_PHONE, { to: "/ban-hang" });
  // Opened from the seller home's "shipped" group.
  const link = page.locator('[data-status="shipped"]').getByRole("link", { name: /^CNS-/ }).first();
  const code = (await link.textContent())!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/ban-hang/don-hang/${code}$`));

  await page.getByRole("button", { name: "Đã giao hàng", exact: true }).click();
  const step = page.getByRole("alertdialog", { name: "Xác nhận đã giao hàng?" });
  await expect(step).toBeVisible();
  await expect(step.getByText(`Đơn ${code} sẽ được ghi là đã giao tới người mua.`, { exact: false })).toBeVisible();
  await expect(step.getByText("Không thể hoàn tác thao tác này.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Đã giao hàng", exact: true })).toBeHidden();
  expect(statusOf(code)).toBe("shipped");
  await shoot(page, "farm-order-confirm-delivered-nojs-vi-360x740");

  await step.getByRole("link", { name: "Quay lại, không thay đổi gì" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  expect(statusOf(code)).toBe("shipped");

  await page.getByRole("button", { name: "Đã giao hàng", exact: true }).click();
  await page.getByRole("button", { name: "Đúng, đã giao hàng" }).click();
  await expect(page.getByText("Đã ghi nhận giao hàng.")).toBeVisible();
  expect(statusOf(code)).toBe("delivered");
  await shoot(page, "farm-order-delivered-nojs-vi-360x740");
  await context.close();
});

test("with JavaScript, rejecting a new order with a reason goes through the same confirmation", async ({ browser }) => {
  const [code] = demoFarmOrders("placed");
  expect(code).toBeTruthy();
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, FARMER_PHONE, { to: `/ban-hang/don-hang/${code}` });

  await page.getByText("Từ chối đơn", { exact: true }).click();
  await page.getByLabel("Lý do từ chối (người mua sẽ thấy)").fill("Mưa lớn, vườn chưa thu hoạch được");
  await page.getByRole("button", { name: "Xác nhận từ chối" }).click();
  const step = page.getByRole("alertdialog", { name: "Xác nhận từ chối đơn?" });
  await expect(step).toBeVisible();
  // The order page's island moves the focus to the question, so it is read out first.
  await expect(step.getByRole("heading", { name: "Xác nhận từ chối đơn?" })).toBeFocused();
  await expect(step.getByText("“Mưa lớn, vườn chưa thu hoạch được”", { exact: false })).toBeVisible();
  await expect(step.getByText("Không thể hoàn tác thao tác này.")).toBeVisible();
  expect(statusOf(code)).toBe("placed");
  await shoot(page, "farm-order-confirm-reject-js-vi-360x740");

  await step.getByRole("button", { name: "Đúng, từ chối đơn" }).click();
  await expect(page.getByText("Đã từ chối đơn. Hàng đã được cộng lại vào kho.")).toBeVisible();
  await expect(page.getByText("Lý do: Mưa lớn, vườn chưa thu hoạch được")).toBeVisible();
  expect(statusOf(code)).toBe("rejected");
  await shoot(page, "farm-order-rejected-js-vi-360x740");
  await context.close();
});
