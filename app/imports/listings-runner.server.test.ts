/**
 * The listings processor on the shared runner (batches.server.ts): a real product sheet with a title
 * row and a totals row, dry run, real run, re-run, preview, and the error report uploaded again.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { LISTINGS_SAMPLE, SAMPLE_COUNTS, seedListingHouseholds, type ListingHouseholds } from "../../tests/fixtures/imports/listings-support";
import { batchForCli, previewImport, runImport } from "./batches.server";
import { batchRowErrors } from "./problem-groups.server";
import { errorReportCsv } from "./report.server";

let db: ReturnType<typeof freshTestDb>;
let seed: ListingHouseholds;
beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  seed = seedListingHouseholds(db);
});
afterAll(() => db.cleanup());

async function cliRun(file: string, options: { dryRun?: boolean } = {}) {
  const { batch } = await batchForCli(db, {
    kind: "listings",
    actor: seed.officer,
    filePath: file,
    fileName: path.basename(file),
    batchConsent: false,
    locale: "vi",
    dryRun: options.dryRun ?? false,
  });
  return runImport(db, batch.id);
}

const counts = (s: { created: number; updated: number; unchanged: number; rejected: number }) => ({
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  rejected: s.rejected,
});
const listingRows = () =>
  db.$client.prepare(`SELECT household_id AS householdId, title, status, price_vnd AS priceVnd, unit FROM listings ORDER BY id`).all() as Array<{
    householdId: number;
    title: string;
    status: string;
    priceVnd: number;
    unit: string;
  }>;
const eventCount = () => (db.$client.prepare(`SELECT count(*) AS n FROM listing_events`).get() as { n: number }).n;

describe("a product sheet through the runner", () => {
  it("dry run: the outcomes of a real run, nothing written", async () => {
    const summary = await cliRun(LISTINGS_SAMPLE, { dryRun: true });
    expect(summary.status).toBe("completed");
    expect(counts(summary)).toEqual(SAMPLE_COUNTS);
    expect(listingRows()).toEqual([]);
    expect(eventCount()).toBe(0);
  });

  it("real run: title and totals rows skipped, good rows written, bad rows kept with reasons", async () => {
    const summary = await cliRun(LISTINGS_SAMPLE);
    expect(counts(summary)).toEqual(SAMPLE_COUNTS);
    expect(listingRows()).toEqual([
      { householdId: seed.verified.id, title: "Xoài cát Hòa Lộc", status: "published", priceVnd: 45_000, unit: "kg" },
      { householdId: seed.verified.id, title: "Bưởi da xanh", status: "draft", priceVnd: 60_000, unit: "fruit" },
      { householdId: seed.sharedB.id, title: "Chuối già", status: "draft", priceVnd: 25_000, unit: "kg" },
      { householdId: seed.unverified.id, title: "Cam sành", status: "draft", priceVnd: 30_000, unit: "kg" },
    ]);
    const errors = batchRowErrors(db, summary.batchId);
    expect(errors.map((e) => [e.rowNumber, e.reasons.map((r) => r.key)])).toEqual([
      [7, ["imports:listings.errors.phoneShared"]],
      [9, ["imports:listings.errors.outsideArea"]],
      [10, ["imports:listings.errors.unit.ambiguous"]],
      [11, ["imports:listings.errors.price.shorthand"]],
    ]);
  });

  it("the same file again: a new batch, every good row unchanged, nothing written", async () => {
    const events = eventCount();
    const summary = await cliRun(LISTINGS_SAMPLE);
    expect(counts(summary)).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 4 });
    expect(eventCount()).toBe(events);
    expect(listingRows()).toHaveLength(4);
  });

  it("preview: sample rows with outcomes and notes, problems listed, nothing written", async () => {
    const preview = await previewImport(db, {
      kind: "listings",
      actor: seed.officer,
      filePath: LISTINGS_SAMPLE,
      fileName: "san-pham.csv",
      batchConsent: false,
      locale: "vi",
    });
    expect(preview.fileError).toBeUndefined();
    expect(preview.headers[4]).toBe("Tên sản phẩm");
    expect(preview.sample.map((r) => r.outcome)).toEqual(["unchanged", "unchanged", "unchanged", "rejected", "unchanged", "rejected", "rejected", "rejected"]);
    expect(preview.sample[4].problems.map((p) => p.key)).toEqual(["imports:listings.notes.draftUnverified"]);
    expect(preview.problems).toHaveLength(4);
    expect(listingRows()).toHaveLength(4);
  });

  it("the error report, fixed in place and uploaded again, imports the fixed rows", async () => {
    const first = await cliRun(LISTINGS_SAMPLE);
    const report = errorReportCsv(db, first.batchId, "vi").toString("utf8");
    expect(report.startsWith("\uFEFF")).toBe(true);
    const lines = report.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toContain("Lý do");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain("dùng chung cho 2 hộ");
    expect(lines[4]).toContain("viết tắt");

    // The officer adds the representative's name, writes "tạ" with its mark and the full price.
    const fixed = lines
      .map((line) => line.replace(",0901 333 333,,Chuối xiêm", ",0901 333 333,Trần Văn Hai,Chuối xiêm").replace(",ta,80000", ",tạ,80000").replace(",45k,", ",45.000,"))
      .join("\r\n");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-listings-"));
    const file = path.join(dir, "loi-san-pham.csv");
    fs.writeFileSync(file, "\uFEFF" + fixed + "\r\n");
    const again = await cliRun(file);
    expect(counts(again)).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 1 });
    expect(listingRows().slice(4).map((l) => [l.householdId, l.title, l.unit, l.priceVnd])).toEqual([
      [seed.sharedA.id, "Chuối xiêm", "kg", 20_000],
      [seed.verified.id, "Sầu riêng Ri6", "ta", 80_000],
      [seed.verified.id, "Mít Thái", "kg", 45_000],
    ]);
  });

  it("a sheet without the product columns fails the batch with the missing columns named", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-listings-"));
    const file = path.join(dir, "thieu-cot.csv");
    fs.writeFileSync(file, "Số CCCD,Tên sản phẩm,Ghi chú\r\n082100000001,Xoài,\r\n");
    const summary = await cliRun(file);
    expect(summary.status).toBe("failed");
    expect(summary.fileError).toEqual({ key: "imports:errors.missingColumns", params: { columns: "category,unit,price", headers: "“Số CCCD”, “Tên sản phẩm”, “Ghi chú”" } });
  });
});
