import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJob } from "~/jobs/queue.server";
import type { Actor } from "~/accounts/access";
import { freshTestDb } from "../../tests/db";
import { startBusyWriter } from "../../tests/support/busy-writer";
import { HEADER, makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { batchForCli, confirmImport, getBatch, previewImport, runImport } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";

let db: ReturnType<typeof freshTestDb>;
let admin: Actor;
let officer: Actor;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  admin = makeActor(db, "admin");
  // Phường Đạo Thạnh only (28249); Phường Mỹ Tho (28261) is outside.
  officer = makeActor(db, "officer", [{ kind: "commune", code: "28249" }]);
});
afterAll(() => db.cleanup());

interface HouseholdRow {
  id: number;
  representative_name: string;
  phone: string;
  national_id: string | null;
  commune_code: string;
  main_products: string;
  farm_area_m2: number | null;
  status: string;
  registered_by: number;
  import_batch_id: number | null;
  consent_at: number | null;
  consent_source: string | null;
}

function households(): HouseholdRow[] {
  return db.$client.prepare(`SELECT * FROM households ORDER BY id`).all() as HouseholdRow[];
}

function clearHouseholds() {
  db.$client.exec(`DELETE FROM household_events; DELETE FROM households;`);
}

async function cliRun(file: string, actor: Actor, options: { dryRun?: boolean; consent?: boolean } = {}) {
  const { batch } = await batchForCli(db, {
    kind: "households",
    actor,
    filePath: file,
    fileName: "households.csv",
    batchConsent: options.consent ?? true,
    locale: "vi",
    dryRun: options.dryRun ?? false,
  });
  return runImport(db, batch.id);
}

describe("outcomes", () => {
  it("creates, updates, leaves unchanged and rejects, counting each", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "1500", "Có"],
      ["Trần Thị Hoa", "912345679", "", "Phường Đạo Thạnh", "", "Lúa", "", ""],
      ["Lê Văn Tư", "12345", "", "Đạo Thạnh", "", "", "", ""],
      // the same household as the first row, by its ID: merged into the first (its product added), never a second create
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài cát Hòa Lộc", "1500", "Có"],
      // and again, identical: unchanged
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài cát Hòa Lộc", "1500", "Có"],
    ]);
    const summary = await cliRun(file, admin);
    expect(summary).toMatchObject({ status: "completed", rowsDone: 5, created: 2, updated: 1, unchanged: 1, rejected: 1 });
    const rows = households();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      representative_name: "Nguyễn Văn Bé",
      phone: "+84912345678",
      national_id: "082123456789",
      commune_code: "28249",
      main_products: "Xoài, Xoài cát Hòa Lộc",
      farm_area_m2: 1500,
      status: "registered",
      registered_by: admin.id,
      import_batch_id: summary.batchId,
      consent_source: `import:${summary.batchId}:column`,
    });
    expect(rows[1].consent_source).toBe(`import:${summary.batchId}:batch`);
    const events = db.$client.prepare(`SELECT household_id, to_status, actor_user_id FROM household_events ORDER BY id`).all();
    expect(events).toEqual([
      { household_id: rows[0].id, to_status: "registered", actor_user_id: admin.id },
      { household_id: rows[1].id, to_status: "registered", actor_user_id: admin.id },
    ]);
    const errors = batchRowErrors(db, summary.batchId);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rowNumber: 4, cells: ["Lê Văn Tư", "12345", "", "Đạo Thạnh", "", "", "", ""] });
    expect(errors[0].reasons.map((r) => r.key)).toEqual(["imports:errors.phone.wrongLength"]);
    const activity = db.$client.prepare(`SELECT action, batch_id, actor_user_id, detail FROM activity_log`).all() as Array<{ detail: string }>;
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ action: "import.households", batch_id: summary.batchId, actor_user_id: admin.id });
    expect(JSON.parse(activity[0].detail)).toMatchObject({ created: 2, updated: 1, unchanged: 1, rejected: 1 });
  });

  it("running the same file again changes nothing: a new batch with every accepted row unchanged", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "1500", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "Lúa", "", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Đạo Thạnh", "", "Lúa", "", "Có"],
    ]);
    const first = await cliRun(file, admin);
    expect(first).toMatchObject({ created: 2, unchanged: 1 });
    const before = households();
    const second = await cliRun(file, admin);
    expect(second.batchId).not.toBe(first.batchId);
    expect(second).toMatchObject({ status: "completed", created: 0, updated: 0, unchanged: 3, rejected: 0 });
    expect(households()).toEqual(before);
  });

  it("a shared phone alone never merges two households; phone and name together do, and an ID joins them", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Phạm Văn Một", "0912000111", "", "Đạo Thạnh", "", "", "", "Có"],
      ["Phạm Thị Hai", "0912000111", "", "Đạo Thạnh", "", "", "", "Có"],
      // the first household again, written without diacritics and with its CCCD this time
      ["Pham Van Mot", "0912000111", "082111222333", "Đạo Thạnh", "", "", "", "Có"],
    ]);
    const summary = await cliRun(file, admin);
    expect(summary).toMatchObject({ created: 2, updated: 1 });
    const rows = households();
    expect(rows.map((r) => [r.representative_name, r.national_id])).toEqual([
      ["Phạm Văn Một", "082111222333"],
      ["Phạm Thị Hai", null],
    ]);
  });

  it("--dry-run decides the same outcomes and writes no household", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "1500", "Có"],
      ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài cát", "1500", "Có"],
      ["Nguyen Van Be", "0912345678", "", "Đạo Thạnh", "", "", "", "Có"],
      ["Lê Văn Tư", "12345", "", "Đạo Thạnh", "", "", "", "Có"],
    ]);
    const dry = await cliRun(file, admin, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, status: "completed", created: 1, updated: 1, unchanged: 1, rejected: 1 });
    expect(households()).toHaveLength(0);
    expect(batchRowErrors(db, dry.batchId)).toHaveLength(1);
    expect(db.$client.prepare(`SELECT COUNT(*) AS n FROM activity_log WHERE batch_id = ?`).get(dry.batchId)).toEqual({ n: 0 });
    const real = await cliRun(file, admin);
    expect(real).toMatchObject({ created: 1, updated: 1, unchanged: 1, rejected: 1 });
  });
});

describe("ownership and scope", () => {
  it("refuses rows outside the officer's areas, naming the reason, and imports the rest", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "", "Đạo Thạnh", "", "", "", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Phường Mỹ Tho", "", "", "", "Có"],
    ]);
    const summary = await cliRun(file, officer);
    expect(summary).toMatchObject({ created: 1, rejected: 1 });
    const [error] = batchRowErrors(db, summary.batchId);
    expect(error.rowNumber).toBe(3);
    expect(error.reasons).toEqual([{ field: "commune", key: "imports:errors.outsideArea", params: { commune: "Phường Mỹ Tho" } }]);
  });

  it("an officer cannot move an existing household of another area into theirs", async () => {
    clearHouseholds();
    await cliRun(writeCsv([HEADER, ["Trần Thị Hoa", "0912345679", "082123456780", "Mỹ Tho", "", "", "", "Có"]]), admin);
    const summary = await cliRun(writeCsv([HEADER, ["Trần Thị Hoa", "0912345679", "082123456780", "Đạo Thạnh", "", "", "", "Có"]]), officer);
    expect(summary).toMatchObject({ created: 0, updated: 0, rejected: 1 });
    expect(batchRowErrors(db, summary.batchId)[0].reasons[0]).toMatchObject({ key: "imports:errors.existingOutsideArea" });
    expect(households()[0].commune_code).toBe("28261");
  });

  it("keeps the identity of a household its owner took over, updating the rest and never its status", async () => {
    clearHouseholds();
    await cliRun(writeCsv([HEADER, ["Nguyễn Văn Bé", "0912345678", "082123456789", "Đạo Thạnh", "", "Xoài", "", "Có"]]), admin);
    db.$client.prepare(`UPDATE households SET status = 'verified'`).run();
    const summary = await cliRun(
      writeCsv([HEADER, ["Nguyễn Văn Bê", "0912345678", "082123456789", "Mỹ Tho", "", "Xoài, bưởi", "2000", "Có"]]),
      admin,
    );
    expect(summary).toMatchObject({ updated: 1 });
    expect(households()[0]).toMatchObject({
      representative_name: "Nguyễn Văn Bé",
      commune_code: "28249",
      main_products: "Xoài, bưởi",
      farm_area_m2: 2000,
      status: "verified",
    });
  });
});

describe("resume after an interruption", () => {
  it("a run stopped after a committed chunk resumes after its last row and ends as an uninterrupted run", async () => {
    clearHouseholds();
    const rows = [HEADER];
    for (let i = 0; i < 4500; i++) {
      const phone = `09${String(10_000_000 + i).padStart(8, "0")}`;
      rows.push([`Nông Dân ${i}`, phone, "", "Đạo Thạnh", "", "Lúa", String(100 + i), "Có"]);
      if (i % 1000 === 7) rows.push([`Nông Dân ${i}`, phone, "", "Đạo Thạnh", "", "Lúa, xoài", String(100 + i), "Có"]);
      if (i % 1500 === 3) rows.push(["Bad", "1", "", "Đạo Thạnh", "", "", "", "Có"]);
    }
    const file = writeCsv(rows);
    const { batch } = await batchForCli(db, { kind: "households", actor: admin, filePath: file, fileName: "big.csv", batchConsent: true, locale: "vi", dryRun: false });
    await expect(
      runImport(db, batch.id, {
        chunkRows: 1000,
        onProgress(done) {
          if (done >= 2000) throw new Error("killed");
        },
      }),
    ).rejects.toThrow("killed");
    const stopped = getBatch(db, batch.id)!;
    expect(stopped.status).toBe("running");
    expect(stopped.lastRowNumber).toBeGreaterThan(1);
    expect(households().length).toBeGreaterThan(0);
    expect(households().length).toBeLessThan(4500);

    // The command line finds the unfinished batch of the same file and resumes it.
    const again = await batchForCli(db, { kind: "households", actor: admin, filePath: file, fileName: "big.csv", batchConsent: true, locale: "vi", dryRun: false });
    expect(again).toMatchObject({ resumed: true, batch: { id: batch.id } });
    const summary = await runImport(db, batch.id, { chunkRows: 1000 });
    expect(summary).toMatchObject({ status: "completed", rowsDone: rows.length - 1, created: 4500, updated: 5, unchanged: 0, rejected: 3 });
    expect(households()).toHaveLength(4500);
    expect(batchRowErrors(db, batch.id).map((e) => e.reasons[0].key)).toEqual(Array(3).fill("imports:errors.phone.wrongLength"));
  });
});

describe("file-level problems", () => {
  it("a file without the required columns fails the batch with the missing columns named", async () => {
    const file = writeCsv([["Họ và tên chủ hộ", "Ghi chú", "Huyện"], ["Nguyễn Văn Bé", "", "Cái Bè"]]);
    const summary = await cliRun(file, admin);
    expect(summary).toMatchObject({ status: "failed", fileError: { key: "imports:errors.missingColumns", params: { columns: "phone,commune", headers: "“Họ và tên chủ hộ”, “Ghi chú”, “Huyện”" } } });
  });

  it("an unreadable file fails the batch with the reader's reason", async () => {
    const file = writeCsv([["x"]], "broken.xlsx");
    const summary = await cliRun(file, admin);
    expect(summary).toMatchObject({ status: "failed", fileError: { key: "imports:errors.unreadable" } });
  });
});

describe("preview and confirmation (the upload page)", () => {
  it("previews the whole file without writing, then runs it as a job confirmed by its officer only", async () => {
    clearHouseholds();
    const file = writeCsv([
      HEADER,
      ["Nguyễn Văn Bé", "0912345678", "82123456789", "Đạo Thạnh", "", "", "", "Có"],
      ["Trần Thị Hoa", "0912345679", "", "Mỹ Tho", "", "", "", "Có"],
    ]);
    const preview = await previewImport(db, { kind: "households", actor: officer, filePath: file, fileName: "ds.csv", batchConsent: false, locale: "vi" });
    expect(preview.fileError).toBeUndefined();
    expect(preview.headers).toEqual(HEADER);
    expect(preview.counts).toEqual({ rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
    expect(preview.sample.map((r) => [r.rowNumber, r.outcome])).toEqual([[2, "created"], [3, "rejected"]]);
    expect(preview.sample[0].problems[0]).toMatchObject({ key: "imports:flags.restoredZero", params: { value: "082123456789" } });
    expect(preview.problems.map((p) => p.rowNumber)).toEqual([3]);
    expect(households()).toHaveLength(0);

    const other = makeActor(db, "officer", [{ kind: "commune", code: "28249" }]);
    expect(() => confirmImport(db, other, preview.batchId)).toThrow(expect.objectContaining({ messageKey: "imports:errors.batchNotFound" }));
    const jobId = confirmImport(db, officer, preview.batchId);
    expect(getJob(db, jobId)).toMatchObject({ kind: "imports.run", payload: { batchId: preview.batchId }, createdBy: officer.id });
    expect(() => confirmImport(db, officer, preview.batchId)).toThrow(expect.objectContaining({ messageKey: "imports:errors.notConfirmable" }));

    const progress: Array<[number, number | undefined]> = [];
    const summary = await runImport(db, preview.batchId, { onProgress: (done, total) => progress.push([done, total]) });
    expect(summary).toMatchObject({ status: "completed", created: 1, rejected: 1 });
    expect(progress).toEqual([[2, 2]]);
    expect(batchRowErrors(db, preview.batchId)).toHaveLength(1);
    expect(households()).toHaveLength(1);
  });
});

describe("another connection writing meanwhile (the web server, the jobs worker)", () => {
  it("never fails a chunk: its transaction takes the write lock before it reads", async () => {
    clearHouseholds();
    const rows = [HEADER];
    for (let i = 0; i < 3_000; i++) rows.push([`Nông Dân Cùng Lúc ${i}`, `08${String(40_000_000 + i).padStart(8, "0")}`, "", "Đạo Thạnh", "", "", "", "Có"]);
    const file = writeCsv(rows);
    // A second process commits a small write every millisecond or so, as a busy server does.
    const writer = await startBusyWriter(db.$client.name, "UPDATE catalog_version SET version = version + 1 WHERE id = 1");
    try {
      // A dry run (the upload page's preview) reads a whole chunk before its first write; a real run too.
      for (const dryRun of [true, false]) {
        const input = { kind: "households" as const, actor: admin, filePath: file, fileName: "cung-luc.csv", batchConsent: true, locale: "vi" as const, dryRun };
        const { batch } = await batchForCli(db, input);
        const summary = await runImport(db, batch.id, { chunkRows: 500 });
        expect(summary).toMatchObject({ status: "completed", created: 3_000, rejected: 0 });
      }
    } finally {
      writer.stop();
    }
  }, 60_000);
});
