/**
 * scripts/import-listings.ts as an officer runs it (npm run import-listings: scripts/cli.mjs): a child process on a fixture file against a
 * fresh database. Exit codes, dry run, the error report, an all-unchanged re-run, and kill -9 midway
 * followed by a re-run that ends as an uninterrupted run would.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { LISTINGS_SAMPLE, seedListingHouseholds, type ListingHouseholds } from "../../tests/fixtures/imports/listings-support";
import { csvCell } from "../../tests/fixtures/imports/support";

const ROOT = path.resolve(__dirname, "../..");
const LAUNCHER = path.join(ROOT, "scripts/cli.mjs");

let db: ReturnType<typeof freshTestDb>;
let seed: ListingHouseholds;
let officerPhone: string;
let dir: string;

beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  seed = seedListingHouseholds(db);
  officerPhone = (db.$client.prepare(`SELECT phone FROM users WHERE id = ?`).get(seed.officer.id) as { phone: string }).phone;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-listings-cli-"));
});
afterAll(() => {
  db.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]) {
  // node itself with tsx as a loader (not the tsx CLI, which runs the script in a grandchild that a
  // SIGKILL of its parent would not reach).
  const child = spawn(process.execPath, [LAUNCHER, "import-listings", ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_PATH: db.$client.name,
      UPLOADS_DIR: path.join(dir, "uploads"),
      LOG_LEVEL: "silent",
      JOBS_WORKER: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const cli = (...args: string[]) => start(args).done;

const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
const listingCount = () => count(`SELECT count(*) AS n FROM listings`);

function writeFile(name: string, rows: string[][]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
  return file;
}

describe("npm run import-listings", () => {
  it("--dry-run reports what would happen, writes no listing, exits 1 for the rejected rows", async () => {
    const run = await cli(LISTINGS_SAMPLE, "--officer", officerPhone, "--dry-run");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Chạy thử #\d+: 8 dòng — sẽ tạo mới 4, cập nhật 0, không đổi 0, từ chối 4/);
    expect(listingCount()).toBe(0);
  }, 60_000);

  it("imports the good rows, writes the error report, exits 1; the same file again changes nothing", async () => {
    const report = path.join(dir, "loi.csv");
    const first = await cli(LISTINGS_SAMPLE, "--officer", officerPhone, "--errors", report);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/8 dòng — 4 tạo mới, 0 cập nhật, 0 không đổi, 4 bị từ chối/);
    expect(first.stdout).toContain(report);
    expect(listingCount()).toBe(4);
    const text = fs.readFileSync(report, "utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.trim().split("\r\n")).toHaveLength(5);

    const events = count(`SELECT count(*) AS n FROM listing_events`);
    const second = await cli(LISTINGS_SAMPLE, "--officer", officerPhone, "--locale", "en");
    expect(second.code).toBe(1);
    expect(second.stdout).toMatch(/0 created, 0 updated, 4 unchanged, 4 rejected/);
    expect(listingCount()).toBe(4);
    expect(count(`SELECT count(*) AS n FROM listing_events`)).toBe(events);
  }, 60_000);

  it("exits 0 when every row is imported", async () => {
    const file = writeFile("tot.csv", [
      ["Số CCCD", "Tên sản phẩm", "Danh mục", "Đơn vị", "Giá", "Tồn kho"],
      ["082100000001", "Dừa xiêm xanh", "Trái cây", "trái", "12.000", "300"],
    ]);
    const run = await cli(file, "--officer", officerPhone);
    expect(run.code).toBe(0);
    expect(listingCount()).toBe(5);
  }, 60_000);

  it("exits 2 when nothing can be imported: missing columns, no such file, unknown officer", async () => {
    const noColumns = writeFile("thieu.csv", [["Số CCCD", "Tên sản phẩm"], ["082100000001", "Xoài"]]);
    const missing = await cli(noColumns, "--officer", officerPhone);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Tệp thiếu cột bắt buộc: Danh mục, Đơn vị, Đơn giá");

    const headerless = writeFile("khong-tieu-de.csv", [["a", "b"], ["1", "2"]]);
    expect((await cli(headerless, "--officer", officerPhone)).code).toBe(2);
    expect((await cli(path.join(dir, "khong-co.csv"), "--officer", officerPhone)).code).toBe(2);
    const stranger = await cli(LISTINGS_SAMPLE, "--officer", "0999 999 999");
    expect(stranger.code).toBe(2);
    expect(listingCount()).toBe(5);
  }, 60_000);

  it("killed midway (kill -9) and run again: every product once, as an uninterrupted run leaves it", async () => {
    const ROWS = 5_000; // three chunks of the runner (2,000 rows each)
    const rows = [["Số CCCD", "Tên sản phẩm", "Danh mục", "ĐVT", "Đơn giá", "Tồn kho", "Trạng thái"]];
    for (let i = 1; i <= ROWS; i++) rows.push(["082100000003", `Sản phẩm thử ${i}`, "Rau củ", "kg", String(10_000 + i), "5", "đăng bán"]);
    const file = writeFile("lon.csv", rows);
    const batchOf = () =>
      db.$client.prepare(`SELECT id, status, last_row_number AS last, created FROM import_batches WHERE file_name = 'lon.csv' ORDER BY id DESC LIMIT 1`).get() as
        | { id: number; status: string; last: number; created: number }
        | undefined;

    const { child, done } = start([file, "--officer", officerPhone]);
    // Wait until at least one chunk is committed, then kill without warning.
    for (;;) {
      const batch = batchOf();
      if (batch && batch.last > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    const interrupted = batchOf()!;
    expect(interrupted.status).toBe("running");
    expect(interrupted.last).toBeLessThan(ROWS + 1);

    const resumed = await cli(file, "--officer", officerPhone);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Tiếp tục đợt nhập #${interrupted.id}`);
    const batch = batchOf()!;
    expect(batch).toMatchObject({ id: interrupted.id, status: "completed", last: ROWS + 1, created: ROWS });
    const products = db.$client
      .prepare(`SELECT count(*) AS n, count(DISTINCT title) AS titles, sum(price_vnd) AS total, sum(status = 'published') AS published FROM listings WHERE household_id = ?`)
      .get(seed.sharedA.id) as { n: number; titles: number; total: number; published: number };
    expect(products).toEqual({ n: ROWS, titles: ROWS, total: ROWS * 10_000 + (ROWS * (ROWS + 1)) / 2, published: ROWS });
    // One "created" and one publish event per product: nothing was written twice.
    const created = count(
      `SELECT count(*) AS n FROM listing_events e JOIN listings l ON l.id = e.listing_id WHERE l.household_id = ${seed.sharedA.id} AND e.action = 'created'`,
    );
    expect(created).toBe(ROWS);

    const again = await cli(file, "--officer", officerPhone);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 tạo mới, 0 cập nhật, ${ROWS} không đổi, 0 bị từ chối`);
  }, 180_000);
});
