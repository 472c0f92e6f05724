import fs from "node:fs";
import { and, eq, inArray, isNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { activityLog, bulkActionCodes, householdEvents, households, oneTimeCodes, outbox } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { makeUser } from "~/accounts/test-utils";
import { consumeCode } from "~/accounts/one-time-codes.server";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { listCurrentCommunes } from "~/addresses/lookup.server";
import { csvObjects } from "~/lib/csv";
import { isAppError } from "~/lib/errors";
import { countHouseholdSet, getBulkAction, readableBulkAction, resumeBulkAction, startBulkAction } from "./bulk.server";
import { handOverSlips, openCode } from "./bulk-codes.server";
import { failBulkAction, runBulkAction } from "./bulk-run.server";
import type { HouseholdSetFilters } from "./officer-list.server";
import type { Actor } from "~/accounts/access";

const db = freshTestDb({ adminUnits: true, uploads: true });
afterAll(() => db.cleanup());

const communes = listCurrentCommunes(db, "82").map((c) => c.code);
let nextCommune = 10;
let nextPhone = 100_000;
let nextId = 300_000_000;

interface Spec {
  hamlet?: string;
  status?: "registered" | "activated" | "verified" | "suspended";
  /** reuse a phone (a shared family phone) */
  phone?: string;
  owner?: number | null;
}

/** Inserts households as an import would leave them (direct rows: the bulk module only reads them). */
function seed(communeCode: string, specs: Spec[]): Array<{ id: number; phone: string }> {
  return specs.map((s) => {
    const phone = s.phone ?? `+8491${String(++nextPhone).padStart(7, "0")}`;
    const name = `Nguyễn Văn ${nextPhone}`;
    const row = db
      .insert(households)
      .values({
        displayName: name,
        representativeName: name,
        nameFolded: name.toLowerCase(),
        phone,
        nationalId: `082${String(++nextId).padStart(9, "0")}`,
        nationalIdKind: "cccd",
        communeCode,
        addressLine: s.hamlet ? `Ấp ${s.hamlet}` : "",
        status: s.status ?? "registered",
        ownerUserId: s.owner ?? null,
      })
      .returning({ id: households.id, phone: households.phone })
      .get();
    return row;
  });
}

async function officerOf(...codes: string[]) {
  const officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, codes.map((code) => ({ kind: "commune" as const, code })));
  return officer;
}

const freshCommune = () => communes[nextCommune++];

async function killedAfterFirstChunk(actionId: number, chunk: number) {
  const killed = await runBulkAction(db, actionId, {
    chunk,
    onProgress: () => {
      throw new Error("killed");
    },
  }).catch((error: Error) => error.message);
  expect(killed).toBe("killed");
  expect(getBulkAction(db, actionId)!.status).toBe("running");
}

const unusedClaimCodes = (phones: string[]) =>
  db.select().from(oneTimeCodes).where(and(eq(oneTimeCodes.purpose, "claim"), inArray(oneTimeCodes.phone, phones), isNull(oneTimeCodes.usedAt))).all();

describe("bulk hand-over codes", () => {
  it("touches only the filtered set inside the officer's areas, one code per phone, sealed for the slips", async () => {
    const [mine, other] = [freshCommune(), freshCommune()];
    const officer = await officerOf(mine);
    const farmer = await makeUser(db, "farmer");
    const inHamlet = seed(mine, [{ hamlet: "Mỹ Lợi" }, { hamlet: "Mỹ Lợi" }]);
    const shared = seed(mine, [{ hamlet: "Mỹ Lợi", phone: inHamlet[0].phone }]);
    const claimed = seed(mine, [{ hamlet: "Mỹ Lợi", status: "activated", owner: farmer.id }]);
    const otherHamlet = seed(mine, [{ hamlet: "Tân Hòa" }]);
    const otherArea = seed(other, [{ hamlet: "Mỹ Lợi" }]);

    // No commune chosen: the officer's areas decide, so the other commune's household stays out.
    const action = startBulkAction(db, officer, { kind: "handOverCodes", filters: { hamlet: "Mỹ Lợi" }, options: { delivery: "print" }, origin: "http://cho.test" });
    expect(action.total).toBe(4);
    const done = await runBulkAction(db, action.id);
    expect(done.status).toBe("completed");
    expect(done.result).toMatchObject({ issued: 2, shared: 1, claimed: 1 });
    expect(done.skipped).toBe(1);

    const coded = db.select().from(bulkActionCodes).where(eq(bulkActionCodes.actionId, action.id)).all();
    expect(coded.map((c) => c.householdId).sort()).toEqual([...inHamlet, ...shared].map((h) => h.id).sort());
    expect(unusedClaimCodes([otherHamlet[0].phone, otherArea[0].phone])).toEqual([]);
    expect(unusedClaimCodes([inHamlet[0].phone])).toHaveLength(1);
    void claimed;

    // The sealed copy is the code that works; a shared phone's households carry the same one.
    const first = coded.find((c) => c.householdId === inHamlet[0].id)!;
    const again = coded.find((c) => c.householdId === shared[0].id)!;
    const code = openCode(first.sealedCode!, `${action.id}:${first.phone}`)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(openCode(again.sealedCode!, `${action.id}:${again.phone}`)).toBe(code);
    expect(first.sealedCode).not.toContain(code);
    expect(consumeCode(db, { purpose: "claim", phone: first.phone, code }).payload).toBeNull();

    // One activity entry for the action, with its counts.
    const log = db.select().from(activityLog).where(eq(activityLog.action, "bulk.handOverCodes")).all();
    expect(log.filter((l) => l.detail?.bulkActionId === action.id)).toHaveLength(1);
    expect(log.find((l) => l.detail?.bulkActionId === action.id)!.detail).toMatchObject({ total: 4, done: 4, issued: 2, shared: 1, claimed: 1 });
  });

  it("sends codes by message, spaced and in Vietnamese, and keeps no sealed copy when nothing is printed", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    const set = seed(mine, [{}, {}, {}]);
    const action = startBulkAction(db, officer, { kind: "handOverCodes", filters: { communeCode: mine }, options: { delivery: "sms" }, origin: "http://cho.test" });
    await runBulkAction(db, action.id);
    const messages = db.select().from(outbox).where(inArray(outbox.recipient, set.map((h) => h.phone))).all();
    expect(messages).toHaveLength(3);
    expect(messages[0].body).toContain("mã nhận tài khoản");
    expect(messages[0].body).toContain("http://cho.test/nhan-tai-khoan");
    // Spread over time: BULK_MESSAGES_PER_MINUTE share a minute, so three go out together.
    expect(new Set(messages.map((m) => m.nextAttemptAt.getTime())).size).toBe(1);
    expect(db.select().from(bulkActionCodes).where(eq(bulkActionCodes.actionId, action.id)).all().every((c) => c.sealedCode === null)).toBe(true);
  });

  it("resumes after a kill and ends exactly as an uninterrupted run: same counts, no code issued twice", async () => {
    // Seven households: the fourth shares the second's phone, the fifth is verified already.
    const sevenIn = (commune: string) => {
      const rows = seed(commune, [{}, {}, {}]);
      rows.push(...seed(commune, [{ phone: rows[1].phone }, { status: "verified" }, {}, {}]));
      return rows;
    };
    const [a, b] = [freshCommune(), freshCommune()];
    const officer = await officerOf(a, b);
    const setA = sevenIn(a);
    sevenIn(b);

    const start = (commune: string) => startBulkAction(db, officer, { kind: "handOverCodes", filters: { communeCode: commune }, options: { delivery: "both" }, origin: "http://cho.test" });
    const interrupted = start(a);
    await killedAfterFirstChunk(interrupted.id, 3);
    expect(getBulkAction(db, interrupted.id)!.cursor).toBe(setA[2].id);
    const resumed = await runBulkAction(db, interrupted.id, { chunk: 3 });
    const straight = await runBulkAction(db, start(b).id, { chunk: 3 });

    const summary = (x: typeof resumed) => ({ status: x.status, total: x.total, done: x.done, skipped: x.skipped, result: x.result });
    expect(summary(resumed)).toEqual(summary(straight));
    expect(resumed.result).toMatchObject({ issued: 5, shared: 1, claimed: 1, messages: 5 });
    const phonesA = [...new Set(setA.map((h) => h.phone))];
    expect(unusedClaimCodes(phonesA)).toHaveLength(5);
    expect(db.select().from(oneTimeCodes).where(inArray(oneTimeCodes.phone, phonesA)).all()).toHaveLength(5);
    expect(db.select().from(outbox).where(inArray(outbox.recipient, phonesA)).all()).toHaveLength(5);
  });

  it("is resumed from the page after the job gave up", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    seed(mine, [{}, {}]);
    const action = startBulkAction(db, officer, { kind: "handOverCodes", filters: { communeCode: mine }, options: { delivery: "print" } });
    await killedAfterFirstChunk(action.id, 1);
    failBulkAction(db, action.id);
    const queued = resumeBulkAction(db, officer, action.id);
    expect(queued.status).toBe("queued");
    expect(queued.jobId).not.toBe(action.jobId);
    expect((await runBulkAction(db, action.id, { chunk: 1 })).result).toMatchObject({ issued: 2 });
  });

  it("lets no other officer read the action or its slips", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    const colleague = await officerOf(mine);
    seed(mine, [{}]);
    const action = startBulkAction(db, officer, { kind: "handOverCodes", filters: { communeCode: mine }, options: { delivery: "print" } });
    await runBulkAction(db, action.id);
    expect((await handOverSlips(db, officer, action.id, { origin: "http://cho.test" })).slips).toHaveLength(1);
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return isAppError(error) ? error.status : -1;
      }
      return 200;
    };
    expect(refused(() => readableBulkAction(db, colleague, action.id))).toBe(404);
    await expect(handOverSlips(db, colleague, action.id, { origin: "http://cho.test" })).rejects.toMatchObject({ status: 404 });
  });

  it("deletes the sealed codes once they have expired", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    seed(mine, [{}]);
    const action = startBulkAction(db, officer, { kind: "handOverCodes", filters: { communeCode: mine }, options: { delivery: "print" } });
    await runBulkAction(db, action.id);
    const later = new Date(action.expiresAt!.getTime() + 1000);
    const slips = await handOverSlips(db, officer, action.id, { origin: "http://cho.test", now: later });
    expect(slips.expired).toBe(true);
    expect(db.select().from(bulkActionCodes).where(eq(bulkActionCodes.actionId, action.id)).all()).toEqual([]);
  });
});

describe("bulk verification", () => {
  it("verifies the households of the set in the officer's areas only (claimed or not), one note for all, one log entry", async () => {
    const [mine, other] = [freshCommune(), freshCommune()];
    const officer = await officerOf(mine);
    const farmers = await Promise.all([1, 2, 3].map(() => makeUser(db, "farmer")));
    const ready = seed(mine, [{ status: "activated", owner: farmers[0].id }, { status: "activated", owner: farmers[1].id }, { status: "registered" }]);
    const notReady = seed(mine, [{ status: "suspended" }]);
    const outside = seed(other, [{ status: "activated", owner: farmers[2].id }]);
    const action = startBulkAction(db, officer, { kind: "verify", filters: {}, options: { method: "in_person_id_card", note: "Họp ấp 12/3" } });
    const done = await runBulkAction(db, action.id);
    expect(done.result).toMatchObject({ verified: 3, notVerifiable: 1 });
    const status = (id: number) => db.select({ s: households.status, note: households.statusNote }).from(households).where(eq(households.id, id)).get()!;
    expect(ready.map((h) => status(h.id))).toEqual([
      { s: "verified", note: "Họp ấp 12/3" },
      { s: "verified", note: "Họp ấp 12/3" },
      { s: "verified", note: "Họp ấp 12/3" },
    ]);
    expect(status(notReady[0].id).s).toBe("suspended");
    // The action is logged once for its set; each household keeps its own history event.
    const perHousehold = db.select().from(activityLog).where(and(eq(activityLog.action, "household.verify"), inArray(activityLog.householdId, ready.map((h) => h.id)))).all();
    expect(perHousehold).toEqual([]);
    expect(db.select().from(householdEvents).where(inArray(householdEvents.householdId, ready.map((h) => h.id))).all()).toHaveLength(3);
    expect(status(outside[0].id).s).toBe("activated");
    const entry = db.select().from(activityLog).where(eq(activityLog.action, "bulk.verify")).all().find((l) => l.detail?.bulkActionId === action.id);
    expect(entry?.detail).toMatchObject({ method: "in_person_id_card", verified: 3 });
  });

  it("selects by import batch, and counts the set the confirmation shows", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    const batch = seed(mine, [{}, {}]);
    seed(mine, [{}]);
    db.update(households).set({ importBatchId: 9_001 }).where(inArray(households.id, batch.map((h) => h.id))).run();
    expect(countHouseholdSet(db, officer, { batchId: 9_001 })).toBe(2);
    expect(countHouseholdSet(db, officer, {})).toBe(3);
  });

  it("refuses an empty set and a missing method", async () => {
    const officer = await officerOf(freshCommune());
    expect(() => startBulkAction(db, officer, { kind: "verify", filters: {}, options: { method: "in_person_id_card" } })).toThrow(
      expect.objectContaining({ messageKey: "households:bulk.errors.empty" }),
    );
    expect(() => startBulkAction(db, officer, { kind: "verify", filters: {}, options: {} })).toThrow(expect.objectContaining({ messageKey: "households:bulk.errors.method" }));
  });
});

describe("bulk export", () => {
  async function exportSet(kind: "exportCsv" | "exportXlsx", actor: Actor, filters: HouseholdSetFilters) {
    const action = startBulkAction(db, actor, { kind, filters });
    return runBulkAction(db, action.id, { chunk: 2 });
  }

  async function xlsxRows(file: string): Promise<string[][]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const rows: string[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
    return rows;
  }

  it("writes CSV and XLSX of the set, national IDs masked for an officer and whole for an administrator", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    const admin = await makeUser(db, "admin");
    const set = seed(mine, [{ hamlet: "Mỹ Lợi" }, { hamlet: "Mỹ Lợi" }, { hamlet: "Mỹ Lợi" }]);
    seed(mine, [{ hamlet: "Tân Hòa" }]);
    const ids = db.select({ id: households.id, nationalId: households.nationalId }).from(households).where(inArray(households.id, set.map((h) => h.id))).all();

    const csv = await exportSet("exportCsv", officer, { communeCode: mine, hamlet: "Mỹ Lợi" });
    const rows = csvObjects(fs.readFileSync(csv.resultPath!, "utf8").replace(/^\uFEFF/, ""));
    expect(rows.map((r) => Number(r["Mã hộ"]))).toEqual(set.map((h) => h.id));
    expect(rows[0]["Số CCCD/CMND"]).toBe(`********${ids[0].nationalId!.slice(-4)}`);
    expect(rows[0]["Địa chỉ"]).toBe("Ấp Mỹ Lợi");
    expect(rows[0]["Trạng thái"]).toBe("Đã đăng ký");

    const xlsx = await exportSet("exportXlsx", officer, { communeCode: mine, hamlet: "Mỹ Lợi" });
    const sheet = await xlsxRows(xlsx.resultPath!);
    expect(sheet[0][0]).toBe("Mã hộ");
    expect(sheet.slice(1).map((r) => Number(r[0]))).toEqual(set.map((h) => h.id));
    expect(sheet[1][4]).toBe(`********${ids[0].nationalId!.slice(-4)}`);

    const whole = await exportSet("exportXlsx", admin, { communeCode: mine, hamlet: "Mỹ Lợi" });
    expect((await xlsxRows(whole.resultPath!))[1][4]).toBe(ids[0].nationalId);

    const logged = db.select().from(activityLog).where(eq(activityLog.action, "bulk.export")).all().find((l) => l.detail?.bulkActionId === csv.id);
    expect(logged?.detail).toMatchObject({ kind: "exportCsv", exported: 3 });
  });

  it("resumes a killed CSV export into the same bytes as an uninterrupted one, and restarts a killed XLSX", async () => {
    const mine = freshCommune();
    const officer = await officerOf(mine);
    seed(mine, [{}, {}, {}, {}, {}]);
    const straight = await exportSet("exportCsv", officer, { communeCode: mine });
    const killed = startBulkAction(db, officer, { kind: "exportCsv", filters: { communeCode: mine } });
    await killedAfterFirstChunk(killed.id, 2);
    // Bytes written after the last committed chunk are cut away on resume.
    fs.appendFileSync(getBulkAction(db, killed.id)!.resultPath!, "half a row,");
    const resumed = await runBulkAction(db, killed.id, { chunk: 2 });
    expect(fs.readFileSync(resumed.resultPath!, "utf8")).toBe(fs.readFileSync(straight.resultPath!, "utf8"));
    expect(resumed.result).toEqual(straight.result);

    const xlsx = startBulkAction(db, officer, { kind: "exportXlsx", filters: { communeCode: mine } });
    await killedAfterFirstChunk(xlsx.id, 2);
    const finished = await runBulkAction(db, xlsx.id, { chunk: 2 });
    expect(finished.result).toEqual({ exported: 5, outOfArea: 0 });
    expect((await xlsxRows(finished.resultPath!)).length).toBe(6);
  });
});
