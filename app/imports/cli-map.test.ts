/**
 * `npm run import-households -- FILE --map "Header=field"` (scripts/cli.mjs, a child process): a sheet
 * whose headers the matcher cannot place is imported with the officer's choices, the mapping used is
 * printed before the counts, and a column naming no field ends on the household as an extra attribute.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/accounts/access";
import { freshTestDb } from "../../tests/db";
import { makeActor, writeCsv } from "../../tests/fixtures/imports/support";

const ROOT = path.resolve(__dirname, "../..");
let db: ReturnType<typeof freshTestDb>;
let officer: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  officer = makeActor(db, "officer", [{ kind: "province", code: "82" }]);
});
afterAll(() => db.cleanup());

function run(args: string[]) {
  const env = { ...process.env, DATABASE_PATH: db.$client.name, NODE_ENV: "test" as const, JOBS_WORKER: "false" };
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts/cli.mjs"), "import-households", ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const officerPhone = () => (db.$client.prepare(`SELECT phone FROM users WHERE id = ?`).get(officer.id) as { phone: string }).phone;

const SHEET = [
  ["STT", "Người đứng tên", "SĐT", "Địa bàn", "Năm sinh", "Ghi chú"],
  ["1", "Võ Văn Mười", "0913666001", "Đạo Thạnh", "1968", "hộ nghèo"],
  ["2", "Võ Thị Út", "0913666002", "Đạo Thạnh", "", ""],
];

describe("import-households --map", () => {
  it("without --map: exit 2, the mapping read and how to choose the missing columns", () => {
    // "Huyện" and "SĐT": two headers the importer knows, so the header row is found
    const sheet = SHEET.map((row, i) => [...row, i ? "" : "Huyện"]);
    const result = run([writeCsv(sheet), "--officer", officerPhone(), "--consent"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("“Người đứng tên” → giữ làm thông tin thêm của hộ");
    expect(result.stdout).toContain("“SĐT” → phone (Số điện thoại)");
    expect(result.stderr).toContain("Tệp thiếu cột bắt buộc: Họ và tên chủ hộ, Xã/Phường.");
    expect(result.stderr).toContain('Ghi --map "Tiêu đề cột=tên trường"');
    expect(result.stderr).toContain("representativeName, phone, nationalId");
  });

  it("an unknown field name: exit 2 listing the valid names, nothing imported", () => {
    const result = run([writeCsv(SHEET), "--officer", officerPhone(), "--map", "Địa bàn=xa", "--locale", "en"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("There is no field “xa”.");
    expect(result.stderr).toMatch(/representativeName, phone, nationalId, province, district, commune, .*, email, ignore, extra/);
    expect(result.stdout).toBe("");
    expect(run([writeCsv(SHEET), "--map", "no-equals-sign"]).code).toBe(2);
  });

  it("applies --map, prints the mapping before the counts, keeps Năm sinh on the household; a re-run is unchanged", () => {
    const file = writeCsv(SHEET);
    const args = [file, "--officer", officerPhone(), "--consent", "--map", "Người đứng tên=representativeName", "--map", "Dia ban=commune", "--map", "Ghi chú=ignore"];
    const result = run(args);
    expect(result.stderr).not.toMatch(/thiếu|Không|lỗi/);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toEqual([
      "Cách đọc các cột:",
      "  “STT” → bỏ qua",
      "  “Người đứng tên” → representativeName (Họ và tên chủ hộ) (--map)",
      "  “SĐT” → phone (Số điện thoại)",
      "  “Địa bàn” → commune (Xã/Phường) (--map)",
      "  “Năm sinh” → giữ làm thông tin thêm của hộ",
      "  “Ghi chú” → bỏ qua (--map)",
      expect.stringMatching(/2 dòng — 2 tạo mới, 0 cập nhật, 0 không đổi, 0 bị từ chối/),
    ]);
    const rows = db.$client
      .prepare(`SELECT representative_name AS name, extra_attributes AS extra FROM households WHERE phone LIKE '+8491366600%' ORDER BY phone`)
      .all();
    expect(rows).toEqual([
      { name: "Võ Văn Mười", extra: JSON.stringify({ "Năm sinh": "1968" }) },
      { name: "Võ Thị Út", extra: null },
    ]);

    const again = run(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 dòng — 0 tạo mới, 0 cập nhật, 2 không đổi, 0 bị từ chối/);
  });
});
