/**
 * Issue 12: repeat rows of one household merge, a re-run of the same file touches nothing, and a
 * re-import never changes an existing household's commune, name, phone or ID without confirmation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "~/accounts/access";
import { listActivity } from "~/activity/activity.server";
import { describeActivity } from "~/activity/present.server";
import { freshTestDb } from "../../tests/db";
import { HEADER, makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { batchForCli, confirmImport, previewImport, runImport } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";
import { changesToConfirm } from "./changes.server";

let db: ReturnType<typeof freshTestDb>;
let admin: Actor;
let officer: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  admin = makeActor(db, "admin");
  // Phường Đạo Thạnh (28249) and Phường Mỹ Tho (28261)
  officer = makeActor(db, "officer", [
    { kind: "commune", code: "28249" },
    { kind: "commune", code: "28261" },
  ]);
});
afterAll(() => db.cleanup());
afterEach(() => vi.useRealTimers());

interface Stored {
  id: number;
  representative_name: string;
  phone: string;
  national_id: string | null;
  commune_code: string;
  main_products: string;
  farm_area_m2: number | null;
  address_line: string;
  updated_at: number;
}

function households(): Stored[] {
  return db.$client.prepare(`SELECT * FROM households ORDER BY id`).all() as Stored[];
}

function clear() {
  db.$client.exec(`DELETE FROM household_events; DELETE FROM households; DELETE FROM activity_log;`);
}

async function cliRun(file: string, actor: Actor, options: { dryRun?: boolean; allowChanges?: boolean } = {}) {
  const { batch } = await batchForCli(db, {
    kind: "households",
    actor,
    filePath: file,
    fileName: "households.csv",
    batchConsent: true,
    locale: "vi",
    dryRun: options.dryRun ?? false,
    allowChanges: options.allowChanges ?? false,
  });
  return runImport(db, batch.id);
}

function preview(file: string, actor: Actor = officer) {
  return previewImport(db, { kind: "households", actor, filePath: file, fileName: "ds.csv", batchConsent: true, locale: "vi" });
}

describe("repeat rows of one household within a file", () => {
  const file = () =>
    writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "3000", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "Lúa", "", "Có"],
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Bưởi, xoài", "5000", "Có"],
    ]);

  it("keeps every distinct product once, in the first spelling, and the first area, with a note on the repeat", async () => {
    clear();
    const dry = await preview(file());
    expect(dry.counts).toEqual({ rows: 3, created: 2, updated: 1, unchanged: 0, rejected: 0 });
    const repeat = dry.sample.find((r) => r.rowNumber === 4)!;
    expect(repeat.outcome).toBe("updated");
    expect(repeat.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: "imports:reimport.mergedInto", params: { row: 2 } }),
        expect.objectContaining({ field: "farmAreaM2", key: "imports:reimport.repeatAreaDiffers", params: { area: 5000, kept: 3000, row: 2 } }),
      ]),
    );

    const summary = await cliRun(file(), admin);
    expect(summary).toMatchObject({ created: 2, updated: 1, unchanged: 0, rejected: 0 });
    const be = households().find((h) => h.national_id === "082123456789")!;
    expect(be.main_products).toBe("Xoài, Bưởi");
    expect(be.farm_area_m2).toBe(3000);
  });

  it("a later row fills what the first left empty and keeps what it gave", async () => {
    clear();
    const summary = await cliRun(
      writeCsv([
        HEADER,
        ["Lê Văn Tư", "0913000111", "", "Đạo Thạnh", "", "", "", "Có"],
        ["Lê Văn Tư", "0913000111", "", "Đạo Thạnh", "", "Khóm", "2000", "Có"],
        ["Lê Văn Tư", "0913000111", "", "Đạo Thạnh", "", "khóm", "1000", "Có"],
      ]),
      admin,
    );
    expect(summary).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    expect(households()[0]).toMatchObject({ main_products: "Khóm", farm_area_m2: 2000 });
  });
});

describe("a re-run of the same file", () => {
  it("reports every row unchanged and writes nothing: updated_at stays, no activity but the batch's own", async () => {
    clear();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "3000", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "Lúa", "", "Có"],
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Bưởi", "5000", "Có"],
      ["Tran Thi Hoa", "0912345679", "", "Đạo Thạnh", "", "Dừa, lúa", "1200", "Có"],
      ["Phạm Văn Một", "0912000111", "", "Mỹ Tho", "", "Sầu riêng", "800", "Có"],
    ]);
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-01T02:00:00Z") });
    const first = await cliRun(file, admin);
    expect(first).toMatchObject({ created: 3, updated: 2, rejected: 0 });
    const before = households();
    expect(before.map((h) => h.main_products)).toEqual(["Xoài, Bưởi", "Lúa, Dừa", "Sầu riêng"]);

    vi.setSystemTime(new Date("2026-03-02T02:00:00Z"));
    const dry = await preview(file, admin);
    expect(dry.counts).toEqual({ rows: 5, created: 0, updated: 0, unchanged: 5, rejected: 0 });
    const second = await cliRun(file, admin);
    expect(second).toMatchObject({ status: "completed", created: 0, updated: 0, unchanged: 5, rejected: 0 });
    expect(households()).toEqual(before);
    const actions = db.$client.prepare(`SELECT action FROM activity_log ORDER BY id`).all() as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(["import.households", "import.households"]);
  });
});

describe("changes of commune, name, phone or ID of an existing household", () => {
  const original = ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "3000", "Có"];
  const moved = ["Nguyễn Văn Bé", "0912345678", "082123456789", "Mỹ Tho", "", "Xoài", "3000", "Có"];

  it("are listed by the preview as changes to confirm, exactly counted, and not applied without the flag", async () => {
    clear();
    await cliRun(writeCsv([HEADER, original, ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "", "", "Có"]]), admin);
    const file = writeCsv([
      HEADER,
      moved,
      ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "Lúa", "", "Có"],
      ["Võ Văn Ba", "0912000333", "", "Đạo Thạnh", "", "", "", "Có"],
    ]);
    const dry = await preview(file);
    expect(dry.counts).toEqual({ rows: 3, created: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(changesToConfirm(db, dry.batchId)).toBe(1);
    const [problem] = batchRowErrors(db, dry.batchId);
    expect(problem.rowNumber).toBe(2);
    expect(problem.reasons).toEqual([
      { field: "commune", key: "imports:reimport.changeNeedsConfirmation", params: { from: "Phường Đạo Thạnh", to: "Phường Mỹ Tho" } },
    ]);

    confirmImport(db, officer, dry.batchId);
    const run = await runImport(db, dry.batchId);
    expect(run).toMatchObject({ created: 1, updated: 1, rejected: 1 });
    expect(households()[0].commune_code).toBe("28249");
    expect(db.$client.prepare(`SELECT COUNT(*) AS n FROM activity_log WHERE action = 'import.householdChange'`).get()).toEqual({ n: 0 });
  });

  it("with the confirmation the run moves the household and logs from → to", async () => {
    clear();
    await cliRun(writeCsv([HEADER, original]), admin);
    const dry = await preview(writeCsv([HEADER, moved]));
    expect(changesToConfirm(db, dry.batchId)).toBe(1);
    confirmImport(db, officer, dry.batchId, { allowChanges: true });
    const run = await runImport(db, dry.batchId);
    expect(run).toMatchObject({ updated: 1, rejected: 0 });
    const [h] = households();
    expect(h.commune_code).toBe("28261");
    const log = db.$client
      .prepare(`SELECT actor_user_id AS actor, household_id AS household, batch_id AS batch, commune_code AS commune, detail FROM activity_log WHERE action = 'import.householdChange'`)
      .all() as Array<{ actor: number; household: number; batch: number; commune: string; detail: string }>;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: officer.id, household: h.id, batch: dry.batchId, commune: "28261" });
    expect(JSON.parse(log[0].detail)).toMatchObject({ field: "communeCode", from: "Phường Đạo Thạnh", to: "Phường Mỹ Tho", row: 2 });
    // the activity page words it as from → to
    const t = (key: string, options?: Record<string, unknown>) => `${key}${options ? JSON.stringify(options) : ""}`;
    const [entry] = listActivity(db, { action: "import.householdChange" }).rows;
    expect(describeActivity(entry, t, "vi").details).toContain(
      'activity:detail.change{"field":"households:fields.communeCode{\\"defaultValue\\":\\"communeCode\\"}","from":"Phường Đạo Thạnh","to":"Phường Mỹ Tho","row":2}',
    );
  });

  it("a name or phone change is one too; the same name with diacritics added is not", async () => {
    clear();
    await cliRun(
      writeCsv([
        HEADER,
        ["Nguyen Van Be", "0912345678", "", "Đạo Thạnh", "", "", "", "Có"],
        ["Lê Thị Năm", "0912000555", "082111222333", "Đạo Thạnh", "", "", "", "Có"],
        ["Đỗ Văn Bảy", "0912000777", "082111222444", "Đạo Thạnh", "", "", "", "Có"],
      ]),
      admin,
    );
    const summary = await cliRun(
      writeCsv([
        HEADER,
        ["Nguyễn Văn Bé", "0912345678", "", "Đạo Thạnh", "", "", "", "Có"],
        ["Lê Thị Sáu", "0912000555", "082111222333", "Đạo Thạnh", "", "", "", "Có"],
        // the phone is how the farmer claims the account: a new one is a change to confirm
        ["Đỗ Văn Bảy", "0912000888", "082111222444", "Đạo Thạnh", "", "", "", "Có"],
      ]),
      admin,
    );
    expect(summary).toMatchObject({ updated: 1, rejected: 2 });
    expect(households().map((h) => [h.representative_name, h.phone])).toEqual([
      ["Nguyễn Văn Bé", "+84912345678"],
      ["Lê Thị Năm", "+84912000555"],
      ["Đỗ Văn Bảy", "+84912000777"],
    ]);
    expect(batchRowErrors(db, summary.batchId).map((e) => e.reasons)).toEqual([
      [{ field: "representativeName", key: "imports:reimport.changeNeedsConfirmation", params: { from: "Lê Thị Năm", to: "Lê Thị Sáu" } }],
      [{ field: "phone", key: "imports:reimport.changeNeedsConfirmation", params: { from: "0912 000 777", to: "0912 000 888" } }],
    ]);

    const allowed = await cliRun(writeCsv([HEADER, ["Đỗ Văn Bảy", "0912000888", "082111222444", "Đạo Thạnh", "", "", "", "Có"]]), admin, { allowChanges: true });
    expect(allowed).toMatchObject({ updated: 1, rejected: 0 });
    expect(households()[2].phone).toBe("+84912000888");
  });
});
