/**
 * The preview's problems grouped by reason: counts over the whole file (far more than the 200 rows the
 * page used to list), sorted; a group's rows page by page; notes on accepted rows as groups of their
 * own; malformed links refused with 400, unknown reasons and pages past the end empty.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/accounts/access";
import { isAppError } from "~/lib/errors";
import { freshTestDb } from "../../tests/db";
import { officerSheet, writeOfficerSheet, type OfficerSheet } from "../../tests/fixtures/imports/officer-sheet";
import { makeActor } from "../../tests/fixtures/imports/support";
import { previewImport, runImport } from "./batches.server";
import { GROUP_PAGE_ROWS, parseGroupQuery, reasonGroups, reasonPage } from "./problem-groups.server";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

let db: ReturnType<typeof freshTestDb>;
let officer: Actor;
let sheet: OfficerSheet;
let batchId: number;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cns-groups-"));

beforeAll(async () => {
  db = freshTestDb({ adminUnits: true });
  officer = makeActor(db, "officer", [{ kind: "province", code: "82" }]);
  sheet = officerSheet({ rows: 1_200, seed: 7, badPhones: 180, missingNames: 60, ambiguousCommunes: 45, unknownCommunes: 12, landlines: 4 });
  const file = writeOfficerSheet(path.join(dir, "ds-ho.csv"), sheet);
  const preview = await previewImport(db, { kind: "households", actor: officer, filePath: file, fileName: "ds-ho.csv", batchConsent: false, locale: "vi" });
  expect(preview.fileError).toBeUndefined();
  batchId = preview.batchId;
});
afterAll(() => {
  db.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The tally of the generator as groups: count, key and field, most rows first. */
function expectedGroups(tally: Record<string, number[]>) {
  return Object.entries(tally)
    .map(([k, rows]) => ({ field: k.split("|")[0], key: k.split("|")[1], rows: rows.length, firstRow: rows[0] }))
    .sort((a, b) => b.rows - a.rows || a.firstRow - b.firstRow);
}

function badQuery(query: string): number | string {
  try {
    parseGroupQuery(new URLSearchParams(query));
    return "no error";
  } catch (error) {
    if (isAppError(error)) return error.status;
    throw error;
  }
}

describe("problem groups", () => {
  it("counts every refused row by reason over the whole file, most rows first, a row with two reasons in both", () => {
    expect(sheet.rejectedRows).toBeGreaterThan(200);
    const groups = reasonGroups(db, batchId, "error");
    expect(groups.groups.map((g) => ({ field: g.field, key: g.key, rows: g.rows, firstRow: g.firstRow }))).toEqual(expectedGroups(sheet.errors));
    expect(groups.rows).toBe(sheet.rejectedRows);
    const problems = Object.values(sheet.errors).reduce((sum, rows) => sum + rows.length, 0);
    expect(groups.problems).toBe(problems);
    // Some rows have two reasons: more problems than rows, each counted in its groups.
    expect(groups.problems).toBeGreaterThan(groups.rows);
    // The example carries the first row's params, for the group's wording.
    const phones = groups.groups.find((g) => g.key === "imports:errors.phone.wrongLength")!;
    expect(phones.example.params.value).toMatch(/^\d{9}$/);
  });

  it("counts accepted rows with notes as their own groups", () => {
    const notes = reasonGroups(db, batchId, "note");
    expect(notes.groups.map((g) => ({ field: g.field, key: g.key, rows: g.rows, firstRow: g.firstRow }))).toEqual(expectedGroups(sheet.notes));
    expect(notes.rows).toBe(sheet.notes["commune|imports:flags.formerAddress"].length);
  });

  it("pages through a group's rows, 50 at a time, in file order", () => {
    const expected = sheet.errors["phone|imports:errors.phone.wrongLength"];
    const query = { kind: "error" as const, key: "imports:errors.phone.wrongLength", field: "phone" };
    const first = reasonPage(db, batchId, { ...query, page: 1 });
    expect(first).toMatchObject({ total: expected.length, page: 1, pages: Math.ceil(expected.length / GROUP_PAGE_ROWS) });
    expect(first.rows.map((r) => r.rowNumber)).toEqual(expected.slice(0, GROUP_PAGE_ROWS));
    expect(first.rows[0].cells[2]).toMatch(/^\d{9}$/);
    expect(first.rows[0].reasons.some((r) => r.key === query.key)).toBe(true);

    const last = reasonPage(db, batchId, { ...query, page: first.pages });
    expect(last.rows.map((r) => r.rowNumber)).toEqual(expected.slice((first.pages - 1) * GROUP_PAGE_ROWS));

    const names = reasonPage(db, batchId, { kind: "error", key: "imports:errors.required", field: "representativeName", page: 2 });
    expect(names.rows.map((r) => r.rowNumber)).toEqual(sheet.errors["representativeName|imports:errors.required"].slice(50, 100));

    const noted = reasonPage(db, batchId, { kind: "note", key: "imports:flags.formerAddress", field: "commune", page: 1 });
    expect(noted.rows.map((r) => r.rowNumber)).toEqual(sheet.notes["commune|imports:flags.formerAddress"].slice(0, 50));
    expect(noted.rows[0].reasons[0]).toMatchObject({ key: "imports:flags.formerAddress", params: { former: "Xã Hòa Hưng", commune: "Xã An Hữu" } });
  });

  it("answers an unknown reason or a page past the end with no rows, and a malformed link with 400", () => {
    expect(reasonPage(db, batchId, { kind: "error", key: "imports:errors.nothingLikeThis", field: "phone", page: 1 })).toMatchObject({ total: 0, pages: 0, rows: [] });
    const past = reasonPage(db, batchId, { kind: "error", key: "imports:errors.addressUnknown", field: "commune", page: 99 });
    expect(past).toMatchObject({ total: 12, pages: 1, page: 99, rows: [] });

    expect(parseGroupQuery(new URLSearchParams(""))).toBeNull();
    expect(parseGroupQuery(new URLSearchParams("reason=imports:errors.required&field=representativeName&page=3"))).toEqual({
      kind: "error",
      key: "imports:errors.required",
      field: "representativeName",
      page: 3,
    });
    expect(parseGroupQuery(new URLSearchParams("note=imports:flags.formerAddress&field=commune"))).toMatchObject({ kind: "note", page: 1 });
    for (const query of ["reason=imports:errors.required&field=x&page=abc", "reason=a&field=b&page=0", "reason=a&field=b&page=-2", "reason=a&field=b&page=1.5",
      "reason=imports:errors.required", "reason=&field=phone", "reason=a&note=b&field=c", `reason=${"x".repeat(300)}&field=phone`, "page=2"]) {
      expect(badQuery(query), query).toBe(400);
    }
  });

  it("keeps the groups right after the run, which records the refusals again", async () => {
    await runImport(db, batchId);
    const groups = reasonGroups(db, batchId, "error");
    expect(groups.groups.map((g) => [g.key, g.rows])).toEqual(expectedGroups(sheet.errors).map((g) => [g.key, g.rows]));
    expect(groups.rows).toBe(sheet.rejectedRows);
    expect(reasonGroups(db, batchId, "note").rows).toBe(sheet.notes["commune|imports:flags.formerAddress"].length);
  });
});
