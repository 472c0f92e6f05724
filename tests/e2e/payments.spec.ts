/**
 * Payments in the browser, in Vietnamese. Card payments need Stripe keys, which the shared e2e
 * server does not have: this spec starts its own server (the same build, a fresh seeded database)
 * with the keys pointing at the local Stripe fake, whose hosted page sends the signed webhook the
 * way Stripe does before sending the buyer back.
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { startStripeFake, type StripeFake } from "../stripe-fake";
import { logIn, shoot, SIZES } from "./helpers";
import { freePort } from "../support/server";

const BUYER = "0901 000 004";
const ADMIN = "0901 000 001";
const FARM = { phone: "0912 401 001", e164: "+84912401001", name: "Vườn xoài Tư Lộc" };
const WEBHOOK_SECRET = `whsec_e2e_${crypto.randomBytes(8).toString("hex")}`;

let fake: StripeFake;
let server: ChildProcess;
let base = "";
let dir = "";
let databasePath = "";

function query<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(databasePath, { fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-e2e-payments-"));
  databasePath = path.join(dir, "app.db");
  fake = await startStripeFake();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  fake.webhook = { url: `${base}/webhooks/stripe`, secret: WEBHOOK_SECRET };
  // The shared webServer has built the app already; this one only serves it.
  server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: databasePath,
      UPLOADS_DIR: path.join(dir, "uploads"),
      SEED_DEMO: "true",
      LOG_LEVEL: "warn",
      STRIPE_SECRET_KEY: "sk_test_e2e_payments",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: fake.url,
    },
  });
  server.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error(`payments server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // starting (migrations and the demo seed)
    }
    if (i > 600) throw new Error("payments server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  // The demo farm gets a VietQR bank account, so bank transfer is offered for it.
  const db = new Database(databasePath);
  db.prepare("UPDATE households SET bank_bin = '970405', bank_account_number = '700012345678', bank_account_name = 'NGUYEN VAN TU' WHERE phone = ?").run(FARM.e164);
  db.close();
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await fake?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Puts the minimum of the farm's first listing in stock into the cart and fills the checkout form. */
async function cartAndCheckout(page: Page) {
  const listing = query<{ id: number; min_order: number }>(
    `SELECT l.id, l.min_order FROM listings l JOIN households h ON h.id = l.household_id
     WHERE h.phone = ? AND l.status = 'published' AND l.stock >= l.min_order ORDER BY l.id LIMIT 1`,
    FARM.e164,
  );
  // The add-to-cart form's own POST (the listing page shows it once the lead wires AddToCart in).
  const added = await page.request.post(`${base}/gio-hang/them`, {
    form: { listingId: String(listing.id), quantity: String(listing.min_order) },
    headers: { Origin: base },
    maxRedirects: 0,
  });
  expect(added.status()).toBeLessThan(400);
  await page.goto(`${base}/thanh-toan`);
  await page.getByLabel("Họ tên người nhận").fill("Lê Minh Anh");
  await page.getByLabel("Số điện thoại người nhận").fill("0901 000 004");
  await page.getByLabel("Xã / phường", { exact: true }).selectOption({ label: "Phường Đạo Thạnh" });
  await page.getByLabel("Số nhà, ấp, đường").fill("12 Lê Lợi");
  await page.getByLabel(/Nhận tại vườn/).first().check();
}

/** Places the order in one tap (switching to pick-up after the page was drawn is not a "change"). */
async function placeOrder(page: Page) {
  await page.getByRole("button", { name: "Đặt hàng" }).click();
  await page.waitForLoadState("domcontentloaded");
}

test("card: the buyer pays on Stripe's page; the order becomes paid by the signed webhook, and the success page shows it", async ({ browser }) => {
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|form-action/i.test(m.text())) blocked.push(m.text());
  });
  await logIn(page, BUYER, { base });
  await cartAndCheckout(page);
  // The note that the farm's own choice is not used follows the card radio (CSS, no script needed).
  const paidByCard = page.getByText("Bạn đang chọn trả cả giỏ hàng bằng thẻ: lựa chọn dưới đây không dùng đến.").first();
  await expect(paidByCard).toBeHidden();
  await page.getByLabel(/Thẻ quốc tế/).check();
  await expect(paidByCard).toBeVisible();
  await placeOrder(page);

  // Our action → /thanh-toan/the → 303 to the hosted page (here the fake's).
  await expect(page).toHaveURL(new RegExp(`^${fake.url}/pay/cs_test_`), { timeout: 15_000 }).catch((error) => {
    throw new Error(`no redirect to Stripe (CSP: ${blocked.join(" | ") || "none"}): ${error}`);
  });
  const sessionId = page.url().split("/pay/")[1];
  const session = fake.sessions.get(sessionId)!;
  expect(session.currency).toBe("vnd");
  const checkoutId = Number(session.metadata.checkout_id);
  expect(query<{ payment_status: string }>("SELECT payment_status FROM orders WHERE checkout_id = ?", checkoutId).payment_status).toBe("pending");

  // The buyer leaves first: the cancel page says nothing was paid and offers to pay again.
  await page.getByRole("link", { name: "Back" }).click();
  await expect(page.getByRole("heading", { name: "Chưa thanh toán" })).toBeVisible();
  await page.getByRole("link", { name: "Thanh toán bằng thẻ" }).click();
  await expect(page).toHaveURL(`${fake.url}/pay/${sessionId}`);

  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(new RegExp(`/thanh-toan/thanh-cong\\?checkout=${checkoutId}`));
  await expect(page.getByRole("heading", { name: "Đã thanh toán" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Đã thanh toán" })).toBeVisible();
  await shoot(page, "card-paid-vi-360x740");
  expect(query<{ payment_status: string }>("SELECT payment_status FROM orders WHERE checkout_id = ?", checkoutId).payment_status).toBe("paid");
  expect(query<{ n: number }>("SELECT count(*) AS n FROM stripe_events").n).toBe(1);
  await context.close();
});

test("card without JavaScript: the plain form post is redirected to Stripe's page", async ({ browser }) => {
  // Chromium applies form-action to every redirect of a form post: scripts/serve.ts allows Stripe's
  // Checkout origin (and STRIPE_API_URL's, the fake here) when card payments are configured.
  const context = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await logIn(page, BUYER, { base });
    await cartAndCheckout(page);
    const paidByCard = page.getByText("Bạn đang chọn trả cả giỏ hàng bằng thẻ: lựa chọn dưới đây không dùng đến.").first();
    await expect(paidByCard).toBeHidden();
    await page.getByLabel(/Thẻ quốc tế/).check();
    await expect(paidByCard).toBeVisible();
    await placeOrder(page);
    await expect(page).toHaveURL(new RegExp(`^${fake.url}/pay/cs_test_`), { timeout: 15_000 });
  } finally {
    await context.close();
  }
});

test("bank transfer: the order page shows the farm's VietQR with amount and reference; the farm marks the money received", async ({ browser }) => {
  const buyerContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone, javaScriptEnabled: false });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER, { base });
  await cartAndCheckout(buyer);
  await buyer.getByLabel(/Chuyển khoản/).check();
  await placeOrder(buyer);
  await expect(buyer).toHaveURL(/\/thanh-toan\/da-dat\?checkout=/);

  const order = query<{ code: string; total_vnd: number; transfer_reference: string }>(
    "SELECT code, total_vnd, transfer_reference FROM orders WHERE payment_method = 'bank_transfer' ORDER BY id DESC LIMIT 1",
  );
  await buyer.goto(`${base}/don-hang/${order.code}`);
  const qr = buyer.locator("figure.vietqr");
  await expect(qr.locator("svg")).toBeVisible();
  await expect(qr).toContainText("700012345678");
  await expect(qr).toContainText(order.transfer_reference);
  await expect(qr).toContainText(new Intl.NumberFormat("vi-VN").format(order.total_vnd));
  await shoot(buyer, "vietqr-order-vi-360x740");

  const farmContext = await browser.newContext({ locale: "vi-VN", viewport: SIZES.phone });
  const farm = await farmContext.newPage();
  await logIn(farm, FARM.phone, { base });
  await farm.goto(`${base}/ban-hang/don-hang/${order.code}`);
  await farm.getByRole("button", { name: "Đã nhận tiền chuyển khoản" }).click();
  await expect(farm.getByText("Đã ghi nhận nhận tiền chuyển khoản.")).toBeVisible();
  expect(query<{ payment_status: string }>("SELECT payment_status FROM orders WHERE code = ?", order.code).payment_status).toBe("paid");

  await buyer.reload();
  await expect(buyer.locator("figure.vietqr")).toHaveCount(0);
  await buyerContext.close();
  await farmContext.close();
});

test("payout run: a completed card order is owed to the farm until the admin's run is transferred", async ({ browser }) => {
  const paid = query<{ id: number; code: string; total_vnd: number }>(
    "SELECT id, code, total_vnd FROM orders WHERE payment_method = 'card' AND payment_status = 'paid' ORDER BY id DESC LIMIT 1",
  );
  const farmContext = await browser.newContext({ locale: "vi-VN" });
  const farm = await farmContext.newPage();
  await logIn(farm, FARM.phone, { base });
  await farm.goto(`${base}/ban-hang/don-hang/${paid.code}`);
  // A pickup order's "shipped" step reads "ready for pickup".
  for (const step of ["Xác nhận đơn", /^(Đã gửi hàng|Hàng đã sẵn sàng để nhận)$/, "Đã giao hàng"]) {
    await farm.getByRole("button", { name: step, exact: true }).click();
    // Delivered cannot be undone: it asks first.
    if (step === "Đã giao hàng") await farm.getByRole("button", { name: "Đúng, đã giao hàng" }).click();
    await expect(farm.getByRole("button", { name: step, exact: true })).toHaveCount(0);
  }
  const buyerContext = await browser.newContext({ locale: "vi-VN" });
  const buyer = await buyerContext.newPage();
  await logIn(buyer, BUYER, { base });
  await buyer.goto(`${base}/don-hang/${paid.code}`);
  await buyer.getByRole("button", { name: "Tôi đã nhận hàng" }).click();
  await expect(buyer.getByText("Cảm ơn bạn! Đơn hàng đã hoàn tất.")).toBeVisible();

  // The farm's statement holds the card payment (written by the webhook), now payable.
  await farm.goto(`${base}/ban-hang/tien`);
  await expect(farm.getByRole("row", { name: new RegExp(paid.code) })).toContainText("Khách trả bằng thẻ");

  const adminContext = await browser.newContext({ locale: "vi-VN" });
  const admin = await adminContext.newPage();
  await logIn(admin, ADMIN, { base });
  await admin.goto(`${base}/quan-tri/thanh-toan`);
  const row = admin.getByRole("row", { name: new RegExp(FARM.name) });
  await expect(row).toContainText(new Intl.NumberFormat("vi-VN").format(paid.total_vnd));
  await admin.getByRole("button", { name: "Tạo đợt chi trả" }).click();
  await expect(admin.getByText("Đã tạo đợt chi trả.")).toBeVisible();
  const run = query<{ id: number; household_id: number; amount_vnd: number }>("SELECT run_id AS id, household_id, amount_vnd FROM payouts ORDER BY id DESC LIMIT 1");
  await shoot(admin, "payout-run-vi");

  const csv = await admin.request.get(`${base}/quan-tri/thanh-toan.csv?dot=${run.id}`);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(await csv.text()).toContain(`,700012345678,NGUYEN VAN TU,${run.amount_vnd},CNS ${run.id} ${run.household_id}`);
  await admin.getByRole("button", { name: `Đánh dấu đợt ${run.id} đã chuyển` }).click();
  await expect(admin.getByText("Đã đánh dấu đợt chi trả là đã chuyển")).toBeVisible();
  await farm.reload();
  await expect(farm.getByRole("cell", { name: "Chuyển khoản cho nhà vườn" })).toBeVisible();
  await farmContext.close();
  await buyerContext.close();
  await adminContext.close();
});
