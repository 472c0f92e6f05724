/**
 * scripts/import-households.ts as officers run it (npm run import-households: scripts/cli.mjs): a child
 * process on fixture files against a test database file.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/accounts/access";
import { freshTestDb } from "../../tests/db";
import { HEADER, makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { bombParts, zipParts } from "../../tests/fixtures/imports/xlsx-zip";
import { PARALLEL_MIN_BYTES } from "./check-rows.server";

const ROOT = path.resolve(__dirname, "../..");
// What `npm run import-households` runs: the launcher bundles the script and runs it in its own process
// (so a SIGKILL of the child kills the import itself).
const NODE_ARGS = [path.join(ROOT, "scripts/cli.mjs"), "import-households"];
const FIXTURES = path.join(ROOT, "tests/fixtures/imports");

let db: ReturnType<typeof freshTestDb>;
let dbFile: string;
let officer: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  dbFile = db.$client.name;
  makeActor(db, "admin");
  officer = makeActor(db, "officer", [{ kind: "province", code: "82" }]);
});
afterAll(() => db.cleanup());

function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_PATH: dbFile, NODE_ENV: "test" as const, JOBS_WORKER: "false" };
}

function run(args: string[]) {
  const result = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: childEnv(), encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function count(sql: string): number {
  return (db.$client.prepare(sql).get() as { n: number }).n;
}

function officerPhone(): string {
  return (db.$client.prepare(`SELECT phone FROM users WHERE id = ?`).get(officer.id) as { phone: string }).phone;
}

describe("import-households", () => {
  it("exit 2 for a missing file, an unknown officer, or a file without the required columns", () => {
    expect(run(["/nonexistent.csv"]).code).toBe(2);
    const unknown = run([path.join(FIXTURES, "semicolon.csv"), "--officer", "0999999999"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("0999999999");
    const headerless = run([writeCsv([["Họ và tên chủ hộ", "Ghi chú"], ["A", "B"]])]);
    expect(headerless.code).toBe(2);
    expect(headerless.stderr).toContain("Không tìm thấy dòng tiêu đề");
    const missing = run([writeCsv([["Họ và tên chủ hộ", "Huyện"], ["A", "B"]])]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Tệp thiếu cột bắt buộc: Số điện thoại, Xã/Phường.");
    // never a bare "missing column": the headers the importer read are listed, so the officer sees what to rename
    expect(missing.stderr).toContain("Tiêu đề đã đọc trong tệp: “Họ và tên chủ hộ”, “Huyện”.");
    const missingEn = run([writeCsv([["Họ tên", "Huyện/TX/TP", "Ghi chú"], ["A", "B", ""]]), "--locale", "en"]);
    expect(missingEn.code).toBe(2);
    expect(missingEn.stderr).toContain("The file lacks required columns: Phone, Commune.");
    expect(missingEn.stderr).toContain("Headers read from the file: “Họ tên”, “Huyện/TX/TP”, “Ghi chú”.");
  });

  it("imports a real sheet whose headers join unit kinds (Xã/Phường/TT, Ấp/KP, Huyện/TX/TP), its area in hectares", () => {
    const file = writeCsv(
      [
        ["STT", "Họ và tên", "SĐT", "Ấp/KP", "Xã/Phường/TT", "Huyện/TX/TP", "DT canh tác (ha)", "Đồng ý"],
        ["1", "Lê Văn Tám", "0913555001", "Mỹ Lợi", "Đạo Thạnh", "", "2,5", "Có"],
        ["2", "Lê Thị Chín", "0913555002", "KP 3", "Đạo Thạnh", "", "0.5", "Có"],
      ],
      "xa-phuong-tt.csv",
    );
    const result = run([file, "--officer", officerPhone()]);
    expect(result.stderr).not.toContain("Tệp thiếu cột");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 dòng — 2 tạo mới/);
    const areas = db.$client
      .prepare(`SELECT farm_area_m2 AS area FROM households WHERE phone IN ('+84913555001', '+84913555002') ORDER BY phone`)
      .all() as { area: number }[];
    expect(areas.map((r) => r.area)).toEqual([25_000, 5_000]);
  });

  it("refuses a decompression bomb with exit 2 and the reason, whether its headers tell the truth or lie", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-bomb-"));
    const honest = path.join(dir, "ds-ho.xlsx");
    const lying = path.join(dir, "ds-ho-2.xlsx");
    fs.writeFileSync(honest, zipParts(bombParts(400)));
    fs.writeFileSync(lying, zipParts(bombParts(400, { declaredSize: 64 * 1024 })));
    try {
      for (const file of [honest, lying]) {
        const result = run([file, "--officer", officerPhone()]);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain("Tệp Excel này khi giải nén quá lớn hoặc bị nén bất thường");
        expect(result.stderr).not.toMatch(/Error|at .*\.mjs/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--dry-run writes no household; a real run imports; the second run leaves everything unchanged", () => {
    const file = path.join(FIXTURES, "utf8-bom-title-totals.csv");
    const before = count(`SELECT COUNT(*) AS n FROM households`);
    const dry = run([file, "--dry-run", "--consent", "--officer", officerPhone()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Chạy thử #\d+: 3 dòng — sẽ tạo mới 3/);
    expect(count(`SELECT COUNT(*) AS n FROM households`)).toBe(before);

    const first = run([file, "--consent", "--officer", officerPhone(), "--locale", "en"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/3 rows — 3 created, 0 updated, 0 unchanged, 0 rejected/);
    expect(count(`SELECT COUNT(*) AS n FROM households`)).toBe(before + 3);

    const second = run([file, "--consent", "--officer", officerPhone(), "--locale", "en"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/3 rows — 0 created, 0 updated, 3 unchanged, 0 rejected/);
    expect(count(`SELECT COUNT(*) AS n FROM households`)).toBe(before + 3);
  });

  it("refuses a change of an existing household's commune unless --allow-address-changes, then applies it and says how many", () => {
    const first = run([writeCsv([HEADER, ["Huỳnh Văn Mười", "0913777001", "082777000001", "Đạo Thạnh", "", "Xoài", "", "Có"]]), "--officer", officerPhone()]);
    expect(first.code).toBe(0);
    const moved = writeCsv([HEADER, ["Huỳnh Văn Mười", "0913777001", "082777000001", "Mỹ Tho", "", "Xoài", "", "Có"]], "moved.csv");
    const commune = () => (db.$client.prepare(`SELECT commune_code AS c FROM households WHERE national_id = '082777000001'`).get() as { c: string }).c;

    const refused = run([moved, "--officer", officerPhone()]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/1 dòng — 0 tạo mới, 0 cập nhật, 0 không đổi, 1 bị từ chối/);
    expect(refused.stdout).toContain("1 dòng đổi xã/phường, họ tên, số điện thoại hoặc CCCD của hộ đã có nên chưa áp dụng");
    expect(commune()).toBe("28249");

    const allowed = run([moved, "--officer", officerPhone(), "--allow-address-changes", "--locale", "en"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/1 rows — 0 created, 1 updated, 0 unchanged, 0 rejected\. Changes of commune, name, phone or ID applied to 1 households/);
    expect(commune()).toBe("28261");
  });

  it("exit 1 when rows are rejected, with the error report written and the admin named when no --officer", () => {
    const out = path.join(path.dirname(writeCsv([["x"]])), "loi.xlsx");
    const file = writeCsv([HEADER, ["Bùi Văn Sáu", "0911", "", "Đạo Thạnh", "", "", "", "Có"], ["Bùi Thị Bảy", "0911222333", "", "Đạo Thạnh", "", "", "", "Có"]]);
    const result = run([file, "--errors", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/quản trị viên/);
    expect(result.stdout).toMatch(/1 tạo mới, 0 cập nhật, 0 không đổi, 1 bị từ chối/);
    expect(result.stdout).toContain(out);
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
  });

  it("checks a large file's rows in the bundled worker thread, with the same results", () => {
    const rows = [HEADER];
    for (let i = 0; i < 40_000; i++) {
      rows.push([`Nông Dân Lớn ${i} Ấp Mỹ Lợi`, `08${String(30_000_000 + i).padStart(8, "0")}`, "", "Đạo Thạnh", "", "Lúa, xoài cát Hòa Lộc", "1500", "Có"]);
      if (i % 10_000 === 7) rows.push(["Hỏng", "1", "", "Đạo Thạnh", "", "", "", "Có"]);
    }
    const file = writeCsv(rows, "large.csv");
    expect(fs.statSync(file).size).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES);
    const before = count(`SELECT COUNT(*) AS n FROM households`);
    const result = run([file, "--officer", officerPhone()]);
    expect(result.stderr).not.toMatch(/Error|at .*\.mjs/);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/40004 dòng — 40000 tạo mới, 0 cập nhật, 0 không đổi, 4 bị từ chối/);
    expect(count(`SELECT COUNT(*) AS n FROM households`)).toBe(before + 40_000);
    expect(fs.existsSync(path.join(ROOT, "build/cli/check-worker.mjs"))).toBe(true);
  }, 60_000);

  it("killed with SIGKILL midway and run again, it ends in the state of an uninterrupted run", async () => {
    const rows = [HEADER];
    const N = 30_000;
    for (let i = 0; i < N; i++) {
      rows.push([`Nông Dân Kill ${i}`, `08${String(10_000_000 + i).padStart(8, "0")}`, "", "Đạo Thạnh", "", "Lúa", "", "Có"]);
      if (i % 5000 === 9) rows.push(["Hỏng", "1", "", "Đạo Thạnh", "", "", "", "Có"]);
    }
    const file = writeCsv(rows, "kill.csv");
    const before = count(`SELECT COUNT(*) AS n FROM households`);
    const child = spawn(process.execPath, [...NODE_ARGS, file], { cwd: ROOT, env: childEnv(), stdio: "ignore" });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    // Wait for the first committed chunk, then kill without warning.
    const deadline = Date.now() + 60_000;
    let batch: { id: number; last_row_number: number; status: string } | undefined;
    while (Date.now() < deadline) {
      batch = db.$client.prepare(`SELECT id, last_row_number, status FROM import_batches WHERE file_name = 'kill.csv' ORDER BY id DESC`).get() as typeof batch;
      if (batch && batch.last_row_number > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await exited;
    batch = db.$client.prepare(`SELECT id, last_row_number, status FROM import_batches WHERE file_name = 'kill.csv'`).get() as typeof batch;
    expect(batch?.status).toBe("running");
    expect(batch!.last_row_number).toBeGreaterThan(0);
    expect(batch!.last_row_number).toBeLessThan(N);

    const again = run([file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`#${batch!.id}`);
    expect(again.stdout).toMatch(new RegExp(`#${batch!.id}: 30006 dòng — 30000 tạo mới, 0 cập nhật, 0 không đổi, 6 bị từ chối`));
    expect(count(`SELECT COUNT(*) AS n FROM households`)).toBe(before + N);
    expect(count(`SELECT COUNT(*) AS n FROM household_events`)).toBe(count(`SELECT COUNT(*) AS n FROM households`));
    expect(count(`SELECT COUNT(*) AS n FROM import_row_errors WHERE batch_id = ${batch!.id}`)).toBe(6);
  }, 120_000);
});
