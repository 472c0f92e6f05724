import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, type Page } from "@playwright/test";

export const SIZES = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 800 },
} as const;

const SHOTS = path.resolve("test-results/screenshots");

/** Full-page screenshots kept as CI artifacts (test-results/screenshots). */
export async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Reads the e2e server's database (read-only), e.g. to pick up a one-time code from the outbox. */
export function readDb<T>(query: (db: Database.Database) => T): T {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return query(db);
  } finally {
    db.close();
  }
}

/** Changes the e2e server's database (what a test needs that no page offers yet); waits out the server's writes. */
export function writeDb<T>(change: (db: Database.Database) => T): T {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set");
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return change(db);
  } finally {
    db.close();
  }
}

/** The newest one-time code sent to a phone (E.164), taken from the SMS body in the outbox. */
export function latestCodeFor(phoneE164: string): string {
  const row = readDb((db) =>
    db.prepare("select body from outbox where recipient = ? order by id desc limit 1").get(phoneE164),
  ) as { body: string } | undefined;
  const code = row?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code sent to ${phoneE164}`);
  return code;
}

/** A fresh valid Vietnamese mobile number for each run. */
export function randomPhone(): { local: string; e164: string } {
  // 09x with x ≠ 5: 095 is not a mobile prefix in use, and the phone normaliser refuses it.
  const third = "012346789"[Math.floor(Math.random() * 9)];
  const rest = `${third}${String(Math.floor(Math.random() * 10_000_000)).padStart(7, "0")}`;
  return { local: `09${rest}`, e164: `+849${rest}` };
}

/** The password of the demo accounts the server seeds (admin 0901 000 001, officer …002, farmer …003, buyer …004). */
const DEMO_PASSWORD = "chonongsan-demo";

/**
 * Logs in through the Vietnamese log-in page and waits until the browser has arrived at `to`. The
 * wait compares the path: the log-in page's own address ends with its redirectTo, so a pattern on the
 * whole URL can match before the log-in is done, and the next goto then cancels it.
 */
export async function logIn(page: Page, phone: string, options: { to?: string; password?: string; base?: string } = {}) {
  const { to = "/", password = DEMO_PASSWORD, base = "" } = options;
  await page.goto(`${base}/dang-nhap?redirectTo=${encodeURIComponent(to)}`);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).last().click();
  await page.waitForURL((url) => url.pathname + url.search === to);
}

/** A published listing sold by the kg from the demo farm (0901 000 003) with at least `minStock` in stock. */
export interface KgListing {
  id: number;
  slug: string;
  title: string;
  priceVnd: number;
}

export function demoFarmKgListing(minStock: number): KgListing {
  return readDb((db) =>
    db
      .prepare(
        `SELECT l.id, l.slug, l.title, l.price_vnd AS priceVnd FROM listings l JOIN households h ON h.id = l.household_id JOIN users u ON u.id = h.owner_user_id
         WHERE u.phone = '+84901000003' AND l.unit = 'kg' AND l.status = 'published' AND l.stock >= ? ORDER BY l.id LIMIT 1`,
      )
      .get(minStock),
  ) as KgListing;
}

/** From the cart, places the order picked up at the farm, paid in cash (plain forms); returns its code. */
export async function placePickupOrder(buyer: Page): Promise<string> {
  await buyer.getByRole("link", { name: "Đặt hàng" }).click();
  for (const radio of await buyer.getByRole("radio", { name: /Nhận tại vườn/ }).all()) await radio.check();
  if ((await buyer.getByLabel("Số nhà, ấp, đường").inputValue()) === "") await buyer.getByLabel("Số nhà, ấp, đường").fill("12 Lê Lợi");
  await buyer.getByRole("button", { name: "Đặt hàng" }).click();
  await expect(buyer).toHaveURL(/\/thanh-toan\/da-dat\?checkout=/);
  return (await buyer.getByRole("link", { name: /CNS-\d{4}-\d{6}/ }).first().textContent())!.match(/CNS-\d{4}-\d{6}/)![0];
}
