/**
 * The farm's money in the browser, at 360 px, in Vietnamese: the demo farmer reads the statement;
 * the administrator starts a payout run, downloads its bank file and marks it transferred — once
 * without JavaScript and once with it. The demo data has no card orders (no Stripe keys), so each
 * test first records what a card payment would leave in the ledger for one of the farm's completed
 * orders, as the Stripe webhook does.
 */
import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { logIn, readDb, shoot, SIZES, writeDb } from "./helpers";

const FARMER = "0901 000 003";
const ADMIN = "0901 000 001";

interface Farm {
  id: number;
  name: string;
}

function demoFarm(): Farm {
  return readDb((db) =>
    db.prepare("SELECT h.id, h.display_name AS name FROM households h JOIN users u ON u.id = h.owner_user_id WHERE u.phone = '+84901000003'").get(),
  ) as Farm;
}

/** A card payment for a completed order of the farm, as the webhook records it; returns its amount. */
function cardPaymentFor(farm: Farm, amountVnd: number): number {
  return writeDb((db) => {
    db.prepare("UPDATE households SET bank_bin = '970405', bank_account_number = '700012345678', bank_account_name = 'NGUYEN VAN BA' WHERE id = ?").run(farm.id);
    const order = db.prepare("SELECT id FROM orders WHERE household_id = ? AND status = 'completed' ORDER BY id LIMIT 1").get(farm.id) as { id: number };
    db.prepare("INSERT INTO ledger_entries (household_id, order_id, kind, amount_vnd, source_key, note, created_at) VALUES (?, ?, 'card_payment', ?, ?, 'e2e', ?)").run(
      farm.id,
      order.id,
      amountVnd,
      `card:e2e-${Date.now()}-${Math.random()}`,
      Date.now(),
    );
    return amountVnd;
  });
}

test.describe.configure({ mode: "serial" });

test("the demo farmer reads the farm's statement on a phone", async ({ browser }) => {
  const farm = demoFarm();
  cardPaymentFor(farm, 250_000);
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  await logIn(page, FARMER, { to: "/ban-hang/tien" });
  await expect(page.getByRole("heading", { name: "Sổ tiền của nhà vườn" })).toBeVisible();
  await expect(page.getByTestId("balance")).toContainText("₫");
  await expect(page.getByRole("cell", { name: "Khách trả bằng thẻ" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "250.000 ₫" }).first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(SIZES.phone.width);
  await shoot(page, "money-statement-360");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải sổ tiền (CSV)" }).click()]);
  expect(fs.readFileSync((await download.path())!, "utf8")).toContain("card_payment");
  await context.close();
});

async function payoutRun(browser: Browser, javaScriptEnabled: boolean) {
  const farm = demoFarm();
  cardPaymentFor(farm, 120_000);
  const context = await browser.newContext({ javaScriptEnabled, locale: "vi-VN", viewport: SIZES.phone, acceptDownloads: true });
  const page = await context.newPage();
  await logIn(page, ADMIN, { to: "/quan-tri/thanh-toan" });
  const row = page.getByRole("row").filter({ hasText: farm.name });
  await expect(row).toContainText("NGUYEN VAN BA");
  await page.getByRole("button", { name: "Tạo đợt chi trả" }).click();
  await expect(page.getByText("Đã tạo đợt chi trả.")).toBeVisible();
  const runId = (readDb((db) => db.prepare("SELECT max(id) AS id FROM payout_runs").get()) as { id: number }).id;
  const amount = (readDb((db) => db.prepare("SELECT amount_vnd AS a FROM payouts WHERE run_id = ? AND household_id = ?").get(runId, farm.id)) as { a: number }).a;
  await shoot(page, `money-payout-run-${javaScriptEnabled ? "js" : "nojs"}-360`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#dot-${runId}`).getByRole("link", { name: "Tải tệp chuyển khoản theo lô (CSV)" }).click()]);
  const lines = fs.readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("STT,BIN,Ngan hang,So tai khoan,Ten tai khoan,So tien,Noi dung");
  expect(lines.some((l) => l.endsWith(`,700012345678,NGUYEN VAN BA,${amount},CNS ${runId} ${farm.id}`))).toBe(true);

  await page.getByRole("button", { name: `Đánh dấu đợt ${runId} đã chuyển` }).click();
  await expect(page.getByText("Đã đánh dấu đợt chi trả là đã chuyển")).toBeVisible();
  await expect(page.getByRole("button", { name: `Đánh dấu đợt ${runId} đã chuyển` })).toHaveCount(0);
  const paid = readDb((db) => db.prepare("SELECT count(*) AS n FROM ledger_entries WHERE source_key LIKE 'payout:%' AND household_id = ?").get(farm.id)) as { n: number };
  expect(paid.n).toBeGreaterThan(0);
  await context.close();
}

test("the administrator runs a payout, downloads the bank file and marks it transferred, without JavaScript", async ({ browser }) => {
  await payoutRun(browser, false);
});

test("the same with JavaScript", async ({ browser }) => {
  await payoutRun(browser, true);
});

test("the administrator uploads a carrier's reconciliation file; rows matching no parcel are listed with the reason", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await logIn(page, ADMIN, { to: "/quan-tri/doi-soat" });
  await page.getByRole("navigation", { name: "Khu làm việc của cán bộ" }).getByRole("link", { name: "Đối soát COD" }).click();
  await expect(page.getByRole("heading", { name: "Đối soát tiền thu hộ (COD)" })).toBeVisible();
  await page.getByLabel("Tệp đối soát").setInputFiles({ name: "ghn.csv", mimeType: "text/csv", buffer: Buffer.from("Mã vận đơn,Tiền thu hộ,Phí\nGHN-KHONG-CO,150000,22000\n") });
  await page.getByRole("button", { name: "Đối soát", exact: true }).click();
  await expect(page.getByText("Đã đọc 1 dòng: 0 dòng khớp vận đơn, 0 khoản mới được ghi sổ.")).toBeVisible();
  await expect(page.getByRole("row", { name: /GHN-KHONG-CO/ })).toContainText("Không có vận đơn nào với mã này.");
  await shoot(page, "money-reconciliation-360");
  expect(errors).toEqual([]);
  await context.close();
});
