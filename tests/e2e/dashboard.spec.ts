import { expect, test, type Page } from "@playwright/test";
import { householdEvents, households } from "../../db/schema";
import { openDatabase } from "../../app/lib/db.server";
import { fold } from "../../app/lib/text";
import { logIn, shoot, SIZES } from "./helpers";

// An activated household waiting for verification in the demo officer's province, written into the
// server's database (as catalog.spec does), so the spec does not depend on what the demo seed holds.
const SHOP = `Vườn vú sữa Lò Rèn (e2e ${Date.now() % 100_000})`;
const COMMUNE = "Phường Đạo Thạnh";
let householdId = 0;

test.beforeAll(() => {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = openDatabase(file);
  try {
    const now = new Date();
    householdId = db
      .insert(households)
      .values({
        displayName: SHOP,
        representativeName: "Trần Văn Bảy",
        nameFolded: fold("Trần Văn Bảy"),
        phone: "+84907000222",
        communeCode: "28249",
        status: "activated",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: households.id })
      .get().id;
    db.insert(householdEvents)
      .values([
        { householdId, fromStatus: null, toStatus: "registered", at: now },
        { householdId, fromStatus: "registered", toStatus: "activated", at: now },
      ])
      .run();
  } finally {
    db.$client.close();
  }
});

async function logInAsOfficer(page: Page) {
  await logIn(page, "0901 000 002", { to: "/can-bo/tong-quan" });
  await expect(page.getByRole("heading", { name: "Tổng quan chuyển đổi số" })).toBeVisible();
}

/** A count as the page prints it in Vietnamese ("1.234") → 1234. */
const count = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

const totalVerified = async (page: Page) => count(await page.locator('[data-figure="verified"] .value').first().textContent());
const communeVerified = async (page: Page) =>
  count(await page.getByRole("row", { name: new RegExp(COMMUNE) }).locator('td[data-figure="verified"]').evaluate((td) => td.firstChild?.textContent ?? ""));

test("the officer reads the dashboard and its chart; verifying a household moves the figures", async ({ page }) => {
  await page.setViewportSize(SIZES.desktop);
  await logInAsOfficer(page);

  const chart = page.getByTestId("onboarding-chart");
  await expect(chart).toBeVisible();
  await expect(chart.locator("title")).toHaveText(/Số hộ đăng ký, kích hoạt, xác minh, .* cộng dồn/);
  await expect(page.getByText("Số hộ (cộng dồn)")).toBeVisible();
  await expect(page.getByTestId("figures-table").getByRole("row", { name: new RegExp(COMMUNE) })).toBeVisible();
  const before = { total: await totalVerified(page), commune: await communeVerified(page) };
  expect(before.total).toBeGreaterThanOrEqual(before.commune);
  await shoot(page, "dashboard-vi-1280x800");

  // Verify the waiting household from its page.
  await page.goto(`/can-bo/ho/${householdId}`);
  await page.getByLabel("Ghi chú").fill("Đã xem CCCD, đến tận vườn");
  await page.getByLabel("Gặp trực tiếp, xem CCCD").check();
  await page.getByRole("button", { name: "Xác minh" }).click();
  await expect(page.getByText("Đã xác minh hộ.")).toBeVisible();

  await page.goto("/can-bo/tong-quan");
  expect(await totalVerified(page)).toBe(before.total + 1);
  expect(await communeVerified(page)).toBe(before.commune + 1);
  // The chart's last point says the same.
  await expect(page.getByTestId("onboarding-chart").locator("desc")).toContainText(`${new Intl.NumberFormat("vi-VN").format(before.total + 1)} hộ xác minh`);

  // The CSV has the same figures, behind the same log-in.
  const csv = await page.request.get("/can-bo/tong-quan.csv");
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const total = bytes.toString("utf8").trimEnd().split("\r\n").at(-1)!.split(",");
  expect(total[1]).toBe("Tổng cộng");
  expect(Number(total[7])).toBe(before.total + 1);
});

test("at 360 px without JavaScript the chart is drawn and the toggles are plain links", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logInAsOfficer(page);
  await expect(page.getByTestId("onboarding-chart")).toBeVisible();
  // Nothing but the scrolling table is wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await shoot(page, "dashboard-vi-360x740");

  await page.getByRole("link", { name: "Huyện cũ", exact: true }).click();
  await expect(page).toHaveURL(/\?theo=huyen-cu$/);
  await expect(page.getByTestId("figures-table").getByRole("row", { name: /Thành phố Mỹ Tho/ })).toBeVisible();
  await page.getByRole("link", { name: "Tuần", exact: true }).click();
  await expect(page).toHaveURL(/theo=huyen-cu&ky=tuan/);
  await expect(page.getByTestId("onboarding-chart").locator("title")).toHaveText(/theo tuần/);
  await context.close();
});
