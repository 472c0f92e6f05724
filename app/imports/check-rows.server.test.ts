import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAdminUnits } from "~/addresses/load.server";
import { migrateDatabase, openDatabase, type Db } from "~/lib/db.server";
import type { Actor } from "~/accounts/access";
import { seededRandom } from "../../db/seed/random";
import { HEADER, makeActor, writeCsv } from "../../tests/fixtures/imports/support";
import { batchForCli, getBatch, PREVIEW_SAMPLE_ROWS, previewImport, runImport } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";
import { CHECK_BATCH_ROWS, CHECK_BATCHES_AHEAD } from "./check-rows.server";

// The same file imported with the row checks in this thread and in the worker thread must end in the
// same households, batch counts and error report: the worker only moves the checks, never the decisions.

type TestDb = Db & { cleanup(): void };

/** A database of its own (freshTestDb would make it the process's and close the other). */
function ownDb(): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-check-"));
  const db = openDatabase(path.join(dir, "test.db"));
  migrateDatabase(db);
  ensureAdminUnits(db);
  return Object.assign(db, {
    cleanup() {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** More rows than the worker may check ahead, so credits and batches are exercised. */
const ROWS = CHECK_BATCH_ROWS * (CHECK_BATCHES_AHEAD + 4) + 137;
const COMMUNES = [
  ["Đạo Thạnh", ""],
  ["Phường Đạo Thạnh", ""],
  // outside the officer's area
  ["Mỹ Tho", ""],
  ["X. Hòa Hưng", "H. Cái Bè"],
  ["Xã Không Có", "Huyện Lạ"],
];

/** A messy sheet: repeats by ID and by phone + name, shared phones, Excel-dropped zeros, bad rows. */
function messyRows(): string[][] {
  const r = seededRandom(4242);
  const rows: string[][] = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    if (i > 10 && r() < 0.05) {
      // a household repeated (the list of another hamlet)
      rows.push([...rows[1 + Math.floor(r() * (rows.length - 1))]]);
      continue;
    }
    const [commune, district] = COMMUNES[Math.floor(r() * COMMUNES.length)];
    const phone = r() < 0.05 ? "12345" : `09${String(Math.floor(r() * 1e8)).padStart(8, "0")}`;
    const cccd = r() < 0.5 ? `0820${String(i).padStart(8, "0")}` : "";
    rows.push([`Nguyễn Văn ${i}`, r() < 0.1 ? phone.slice(1) : phone, cccd, commune, district, "Xoài", r() < 0.5 ? "1500" : "", "Có"]);
  }
  // the household already in the database (see world()), with other products: an update
  rows[4] = ["Nguyễn Văn 3", "0912000003", "082000000003", "Đạo Thạnh", "", "Xoài", "1500", "Có"];
  return rows;
}

interface World {
  db: TestDb;
  admin: Actor;
  officer: Actor;
}

function world(): World {
  const db = ownDb();
  const admin = makeActor(db, "admin");
  // Phường Đạo Thạnh (28249) only: Mỹ Tho and Hòa Hưng are outside.
  const officer = makeActor(db, "officer", [{ kind: "commune", code: "28249" }]);
  // One household already there: the file's row of the same CCCD updates it.
  db.$client
    .prepare(
      `INSERT INTO households (display_name, representative_name, name_folded, phone, national_id, national_id_kind, commune_code,
         main_products, status, created_at, updated_at)
       VALUES ('Nguyễn Văn 3', 'Nguyễn Văn 3', 'nguyen van 3', '+84912000003', '082000000003', 'cccd', '28249', 'Lúa', 'registered', 0, 0)`,
    )
    .run();
  return { db, admin, officer };
}

async function importWith(w: World, file: string, parallel: boolean, options: { dryRun?: boolean; resumeAfter?: number } = {}) {
  const { batch } = await batchForCli(w.db, {
    kind: "households",
    actor: w.officer,
    filePath: file,
    fileName: "ho.csv",
    batchConsent: false,
    locale: "vi",
    dryRun: options.dryRun ?? false,
  });
  if (options.resumeAfter) {
    // As a run killed after that row leaves it (the rows before it are not written here: the resumed
    // run must skip them either way).
    w.db.$client.prepare(`UPDATE import_batches SET status = 'running', last_row_number = ? WHERE id = ?`).run(options.resumeAfter, batch.id);
  }
  const progress: Array<[number, number | undefined]> = [];
  const summary = await runImport(w.db, batch.id, { parallel, onProgress: (done, total) => progress.push([done, total]) });
  return { summary, progress, errors: batchRowErrors(w.db, batch.id), batch: getBatch(w.db, batch.id)! };
}

/** Households without what differs between two runs (times, the batch's id in the consent source). */
function households(db: TestDb) {
  return (
    db.$client
      .prepare(
        `SELECT id, kind, display_name, representative_name, name_folded, phone, national_id, national_id_kind, commune_code,
           address_line, main_products, farm_area_m2, status, registered_by, consent_at IS NOT NULL AS consented FROM households ORDER BY id`,
      )
      .all()
  );
}

let inThread: World;
let inWorker: World;
let file: string;
beforeAll(() => {
  file = writeCsv(messyRows());
  inThread = world();
  inWorker = world();
});
afterAll(() => {
  inThread.db.cleanup();
  inWorker.db.cleanup();
});

describe("row checks in a worker thread", () => {
  it("end in the same households, counts and error report as checks in this thread", async () => {
    const a = await importWith(inThread, file, false);
    const b = await importWith(inWorker, file, true);
    expect(a.summary.status).toBe("completed");
    expect(a.summary.rowsDone).toBe(ROWS);
    // every outcome occurs: the comparison below covers each path of the writer
    expect(a.summary.created).toBeGreaterThan(0);
    expect(a.summary.updated).toBeGreaterThan(0);
    expect(a.summary.unchanged).toBeGreaterThan(0);
    expect(a.summary.rejected).toBeGreaterThan(0);
    expect(b.summary).toEqual({ ...a.summary, batchId: b.summary.batchId });
    expect(households(inWorker.db)).toEqual(households(inThread.db));
    expect(b.errors).toEqual(a.errors);
    // rejected rows keep their cells and reasons (outside the area, unknown address, bad phone)
    const keys = new Set(a.errors.flatMap((e) => e.reasons.map((reason) => reason.key)));
    expect([...keys]).toEqual(expect.arrayContaining(["imports:errors.outsideArea", "imports:errors.addressUnknown", "imports:errors.phone.wrongLength"]));
    expect(b.errors[0].cells.length).toBe(HEADER.length);
    // progress of a CSV file comes with an estimate of its rows
    expect(b.progress.at(-1)![0]).toBe(ROWS);
    expect(b.progress.every(([, total]) => typeof total === "number" && total > 0)).toBe(true);
  });

  it("a second run of the file is all unchanged, in the worker as in this thread", async () => {
    const a = await importWith(inThread, file, false);
    const b = await importWith(inWorker, file, true);
    expect(a.summary).toMatchObject({ created: 0, updated: 0 });
    expect(b.summary).toEqual({ ...a.summary, batchId: b.summary.batchId });
    expect(households(inWorker.db)).toEqual(households(inThread.db));
  });

  it("a dry run decides the same outcomes", async () => {
    const dry = writeCsv(messyRows().map((row, i) => (i === 0 ? row : [row[0] + " B", ...row.slice(1)])));
    const a = await importWith(inThread, dry, false, { dryRun: true });
    const b = await importWith(inWorker, dry, true, { dryRun: true });
    expect(a.summary.created).toBeGreaterThan(0);
    expect(b.summary).toEqual({ ...a.summary, batchId: b.summary.batchId });
    expect(b.errors).toEqual(a.errors);
  });

  it("the preview (every row with its cells and notes) is the same from the worker", async () => {
    const input = { kind: "households" as const, filePath: file, fileName: "ho.csv", batchConsent: false, locale: "vi" as const };
    // as the administrator: rows outside the officer's area are accepted, those of a former commune with a note
    const a = await previewImport(inThread.db, { ...input, actor: inThread.admin }, { parallel: false });
    const b = await previewImport(inWorker.db, { ...input, actor: inWorker.admin }, { parallel: true });
    expect(a.sample).toHaveLength(PREVIEW_SAMPLE_ROWS);
    expect(a.sample.some((row) => row.problems.some((p) => p.key === "imports:flags.formerAddress"))).toBe(true);
    expect(b.sample).toEqual(a.sample);
    expect(b.problems).toEqual(a.problems);
    expect(b.counts).toEqual(a.counts);
  });

  it("a resumed run skips the rows done before, in the worker as in this thread", async () => {
    const resumed = writeCsv(messyRows().map((row, i) => (i === 0 ? row : [row[0] + " C", ...row.slice(1)])));
    const after = CHECK_BATCH_ROWS * 3 + 5;
    const a = await importWith(inThread, resumed, false, { resumeAfter: after });
    const b = await importWith(inWorker, resumed, true, { resumeAfter: after });
    expect(a.summary.rowsDone).toBe(ROWS - (after - 1));
    expect(b.summary).toEqual({ ...a.summary, batchId: b.summary.batchId });
    expect(b.errors.every((e) => e.rowNumber > after)).toBe(true);
    expect(households(inWorker.db)).toEqual(households(inThread.db));
  });
});
