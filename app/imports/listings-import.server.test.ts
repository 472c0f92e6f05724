import { eq } from "drizzle-orm";
import { fold } from "~/lib/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { activityLog, importBatches, listingEvents, listings, type ImportBatch, type User } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { suspendHousehold, verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold } from "~/households/profile.server";
import { type Household } from "~/households/records.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import { householdInput, listingInput, OTHER_COMMUNE, TEST_COMMUNE } from "~/listings/test-utils";
import { listingsProcessor } from "./listings-import.server";
import { processorFor, writeChecked, type RowOutcome } from "./processor";

let db: ReturnType<typeof freshTestDb>;
let admin: User;
let officer: User;
let verified: Household; // CCCD, own phone, verified
let unverified: Household; // activated, not verified
let sharedA: Household; // two households on one phone
let sharedB: Household;
let outside: Household; // in a commune the officer does not cover
let suspended: Household;

const HEADER = ["Số CCCD", "SĐT", "Họ và tên chủ hộ", "Tên sản phẩm", "Danh mục", "ĐVT", "Đơn giá (đ)", "Tồn kho", "Mô tả", "Trạng thái"];
type Cells = [string, string, string, string, string, string, string, string, string, string];

async function household(input: Parameters<typeof householdInput>[0], verify = false): Promise<Household> {
  const farmer = await makeUser(db, "farmer");
  const created = createOwnHousehold(db, farmer, householdInput(input));
  return verify ? verifyHousehold(db, admin, created.id, { method: "in_person_id_card", note: "checked" }) : created;
}

beforeAll(async () => {
  db = freshTestDb({ adminUnits: true });
  admin = await makeUser(db, "admin");
  officer = await makeUser(db, "officer");
  assignOfficerAreas(db, officer.id, [{ kind: "commune", code: TEST_COMMUNE }]);
  verified = await household({ nationalId: "082100000001", phone: "0901 111 111", representativeName: "Nguyễn Văn Tư" }, true);
  unverified = await household({ nationalId: "082100000002", phone: "0901 222 222", representativeName: "Phạm Thị Năm" });
  sharedA = await household({ nationalId: "082100000003", phone: "0901 333 333", representativeName: "Trần Văn Hai" }, true);
  sharedB = await household({ nationalId: "082100000004", phone: "0901 333 333", representativeName: "Lê Thị Ba" }, true);
  outside = await household({ nationalId: "082100000005", phone: "0901 555 555", communeCode: OTHER_COMMUNE }, true);
  suspended = await household({ nationalId: "082100000006", phone: "0901 666 666" }, true);
  suspendHousehold(db, admin, suspended.id, "Hồ sơ cần kiểm tra lại");
});
afterAll(() => db.cleanup());

function newBatch(actor: User, dryRun: boolean): ImportBatch {
  return db
    .insert(importBatches)
    .values({ kind: "listings", actorUserId: actor.id, via: "cli", dryRun, fileName: "san-pham.csv", fileSha256: "x", fileBytes: 1 })
    .returning()
    .get();
}

/** Runs rows (below HEADER, numbered from 2) the way the runner does: one transaction per chunk. */
function run(actor: User, rows: Cells[], options: { dryRun?: boolean } = {}): RowOutcome[] {
  const dryRun = options.dryRun ?? false;
  const header = listingsProcessor.matchHeaders(HEADER);
  if (!header.ok) throw new Error("header");
  const ctx = { batch: newBatch(actor, dryRun), actor, columns: header.columns, dryRun, detail: true };
  const check = listingsProcessor.check(db, ctx);
  const write = listingsProcessor.begin(db, ctx);
  return db.transaction(() =>
    rows.map((cells, i) => {
      const sheetRow = { rowNumber: i + 2, cells };
      return writeChecked(write, sheetRow, check(sheetRow));
    }),
  );
}

function row(fields: Partial<{ id: string; phone: string; name: string; title: string; category: string; unit: string; price: string; stock: string; description: string; status: string }>): Cells {
  return [
    fields.id ?? "",
    fields.phone ?? "",
    fields.name ?? "",
    fields.title ?? "Xoài cát Hòa Lộc",
    fields.category ?? "Trái cây",
    fields.unit ?? "kg",
    fields.price ?? "45.000",
    fields.stock ?? "100",
    fields.description ?? "",
    fields.status ?? "",
  ];
}

const listingsOf = (h: Household) => db.select().from(listings).where(eq(listings.householdId, h.id)).all();
const outcomes = (results: RowOutcome[]) => results.map((r) => r.outcome);
const keysOf = (result: RowOutcome) =>
  (result.outcome === "rejected" ? result.errors : (result.notes ?? [])).map((p) => p.key.replace("imports:listings.", ""));

describe("registry and headers", () => {
  it("is the processor registered for listings", () => {
    expect(processorFor("listings")).toBe(listingsProcessor);
  });

  it("refuses a sheet without the required columns, naming them", () => {
    expect(listingsProcessor.matchHeaders(["Tên sản phẩm", "Giá"])).toMatchObject({ ok: false, missing: ["household", "category", "unit"], duplicate: null });
    expect(listingsProcessor.isHeaderRow(["Số CCCD", "Tên sản phẩm"])).toBe(true);
    expect(listingsProcessor.isHeaderRow(["DANH SÁCH SẢN PHẨM", ""])).toBe(false);
  });

  it("has canonical template headers in both languages that it reads back", () => {
    for (const locale of ["vi", "en"] as const) {
      const headers = listingsProcessor.templateHeaders(locale);
      expect(headers).toHaveLength(10);
      expect(listingsProcessor.matchHeaders(headers).ok).toBe(true);
    }
    expect(listingsProcessor.templateHeaders("vi").slice(0, 4)).toEqual(["Số CCCD", "Số điện thoại", "Họ và tên chủ hộ", "Tên sản phẩm"]);
  });
});

describe("created, updated, unchanged", () => {
  it("creates a listing for the household found by CCCD, on behalf of the officer, in the search index", () => {
    const results = run(officer, [row({ id: "82100000001", title: "Bưởi da xanh", price: "60000", stock: "50", description: "Múi hồng.\nVỏ mỏng." })]);
    expect(outcomes(results)).toEqual(["created"]);
    const [listing] = listingsOf(verified).filter((l) => l.title === "Bưởi da xanh");
    expect(listing).toMatchObject({ category: "fruit", unit: "kg", priceVnd: 60_000, stock: 50, description: "Múi hồng.\nVỏ mỏng.", status: "draft", createdBy: officer.id });
    const events = db.select().from(listingEvents).where(eq(listingEvents.listingId, listing.id)).all();
    expect(events.map((e) => [e.action, e.onBehalf, e.actorUserId])).toEqual([["created", true, officer.id]]);
    const logged = db.select().from(activityLog).where(eq(activityLog.listingId, listing.id)).all();
    expect(logged.map((l) => l.action)).toContain("listing.create");
  });

  it("updates only what changed, matching the product name folded; a second run changes nothing", () => {
    const first = run(officer, [row({ id: "082100000001", title: "Sầu riêng Ri6", category: "trai cay", price: "80.000", stock: "20" })]);
    expect(outcomes(first)).toEqual(["created"]);
    const [before] = listingsOf(verified).filter((l) => l.title === "Sầu riêng Ri6");

    const sheet = [row({ id: "082100000001", title: "sau rieng ri6", category: "trai cay", price: "85.000", stock: "20" })];
    expect(outcomes(run(officer, sheet))).toEqual(["updated"]);
    const [after] = listingsOf(verified).filter((l) => l.id === before.id);
    // The unaccented spelling does not overwrite the accented name; the price changes.
    expect(after).toMatchObject({ title: "Sầu riêng Ri6", priceVnd: 85_000, stock: 20 });
    const actions = db.select().from(listingEvents).where(eq(listingEvents.listingId, before.id)).all().map((e) => e.action);
    expect(actions).toEqual(["created", "price_stock"]);

    const eventsBefore = db.select().from(listingEvents).all().length;
    expect(outcomes(run(officer, sheet))).toEqual(["unchanged"]);
    expect(db.select().from(listingEvents).all().length).toBe(eventsBefore);
    expect(listingsOf(verified).filter((l) => fold(l.title) === "sau rieng ri6")).toHaveLength(1);
  });

  it("keeps the farmer's own details (season, certifications, min order) and an empty stock or description", () => {
    const own = createListing(db, admin, verified.id, listingInput({ title: "Chôm chôm Java", stock: 30, minOrder: 5, description: "Của nhà vườn." }));
    const results = run(officer, [row({ id: "082100000001", title: "Chôm chôm Java", category: "Trái cây", price: "30.000", stock: "", description: "", unit: "kg" })]);
    expect(outcomes(results)).toEqual(["updated"]);
    const after = listingsOf(verified).find((l) => l.id === own.id)!;
    expect(after).toMatchObject({ priceVnd: 30_000, stock: 30, minOrder: 5, description: "Của nhà vườn.", certifications: ["vietgap"], availableFrom: "2026-04-01" });
  });

  it("a category or unit change goes through the full edit", () => {
    run(officer, [row({ id: "082100000001", title: "Rau muống", category: "Rau củ", unit: "bó", price: "5.000", stock: "40" })]);
    expect(outcomes(run(officer, [row({ id: "082100000001", title: "Rau muống", category: "Rau củ", unit: "kg", price: "5.000", stock: "40" })]))).toEqual(["updated"]);
    const listing = listingsOf(verified).find((l) => l.title === "Rau muống")!;
    expect(listing.unit).toBe("kg");
    const actions = db.select().from(listingEvents).where(eq(listingEvents.listingId, listing.id)).all().map((e) => e.action);
    expect(actions).toEqual(["created", "updated"]);
  });

  it("a product named twice in the file is created once; a contradicting repeat is refused naming the first row", () => {
    const sheet = [
      row({ id: "082100000001", title: "Mít Thái", price: "20.000" }),
      row({ id: "082100000001", title: "MIT THAI", price: "20.000" }),
      row({ id: "082100000001", title: "Mít Thái", price: "22.000" }),
    ];
    const results = run(officer, sheet);
    expect(outcomes(results)).toEqual(["created", "unchanged", "rejected"]);
    expect(keysOf(results[1])).toEqual(["notes.repeatOf"]);
    expect(keysOf(results[2])).toEqual(["errors.conflictsWithRow"]);
    expect(results[2].outcome === "rejected" && results[2].errors[0].params.row).toBe(2);
    const same = listingsOf(verified).filter((l) => fold(l.title) === "mit thai");
    expect(same.map((l) => [l.title, l.priceVnd])).toEqual([["Mít Thái", 20_000]]);
    expect(outcomes(run(officer, sheet))).toEqual(["unchanged", "unchanged", "rejected"]);
  });
});

describe("status", () => {
  it("publishes for a verified household with stock, and takes it off sale (paused) when the sheet says nháp", () => {
    expect(outcomes(run(officer, [row({ id: "082100000001", title: "Dừa xiêm", stock: "10", status: "Đăng bán" })]))).toEqual(["created"]);
    const listing = listingsOf(verified).find((l) => l.title === "Dừa xiêm")!;
    expect(listing.status).toBe("published");
    expect(listing.publishedAt).not.toBeNull();
    const indexed = () => (db.$client.prepare("SELECT count(*) AS n FROM listings_fts WHERE rowid = ?").get(listing.id) as { n: number }).n;
    expect(indexed()).toBe(1); // in the catalog's search index, through the listings module

    const off = run(officer, [row({ id: "082100000001", title: "Dừa xiêm", stock: "10", status: "nháp" })]);
    expect(outcomes(off)).toEqual(["updated"]);
    expect(keysOf(off[0])).toEqual(["notes.pausedInsteadOfDraft"]);
    expect(listingsOf(verified).find((l) => l.id === listing.id)!.status).toBe("paused");
    expect(indexed()).toBe(0);
    expect(outcomes(run(officer, [row({ id: "082100000001", title: "Dừa xiêm", stock: "10", status: "nháp" })]))).toEqual(["unchanged"]);
  });

  it("a household not yet verified gets a draft and a note saying why, again on a re-run", () => {
    const sheet = [row({ id: "082100000002", title: "Cam sành", status: "đăng bán" })];
    const first = run(officer, sheet);
    expect(outcomes(first)).toEqual(["created"]);
    expect(keysOf(first[0])).toEqual(["notes.draftUnverified"]);
    expect(listingsOf(unverified).find((l) => l.title === "Cam sành")!.status).toBe("draft");
    const second = run(officer, sheet);
    expect(outcomes(second)).toEqual(["unchanged"]);
    expect(keysOf(second[0])).toEqual(["notes.draftUnverified"]);
  });

  it("stock 0 is not published", () => {
    const results = run(officer, [row({ id: "082100000001", title: "Khóm Tân Phước", stock: "0", status: "đăng bán" })]);
    expect(keysOf(results[0])).toEqual(["notes.draftNoStock"]);
    expect(listingsOf(verified).find((l) => l.title === "Khóm Tân Phước")!.status).toBe("draft");
  });

  it("an archived listing named again comes back (as a draft, then on sale if asked)", () => {
    const own = createListing(db, admin, verified.id, listingInput({ title: "Nhãn xuồng", stock: 5 }));
    setListingStatus(db, admin, own.id, "archived");
    const results = run(officer, [row({ id: "082100000001", title: "Nhãn xuồng", price: "45.000", stock: "5", unit: "kg", status: "đăng bán" })]);
    expect(outcomes(results)).toEqual(["updated"]);
    expect(listingsOf(verified).find((l) => l.id === own.id)!.status).toBe("published");
  });
});

describe("finding the household", () => {
  it("by phone when the row has no CCCD", () => {
    expect(outcomes(run(officer, [row({ phone: "901222222", title: "Ổi nữ hoàng" })]))).toEqual(["created"]);
    expect(listingsOf(unverified).some((l) => l.title === "Ổi nữ hoàng")).toBe(true);
  });

  it("a shared phone without a name is refused naming the households; the name picks one", () => {
    const refused = run(officer, [row({ phone: "0901 333 333", title: "Chuối già" })]);
    expect(outcomes(refused)).toEqual(["rejected"]);
    expect(keysOf(refused[0])).toEqual(["errors.phoneShared"]);
    const params = refused[0].outcome === "rejected" ? refused[0].errors[0].params : {};
    expect(params).toMatchObject({ phone: "0901 333 333", count: 2 });
    expect(String(params.names).split(", ").sort()).toEqual(["Lê Thị Ba", "Trần Văn Hai"]);

    expect(outcomes(run(officer, [row({ phone: "0901 333 333", name: "le thi ba", title: "Chuối già" })]))).toEqual(["created"]);
    expect(listingsOf(sharedB).map((l) => l.title)).toEqual(["Chuối già"]);
    expect(listingsOf(sharedA)).toEqual([]);

    const wrongName = run(officer, [row({ phone: "0901 333 333", name: "Võ Văn Sáu", title: "Chuối già" })]);
    expect(keysOf(wrongName[0])).toEqual(["errors.householdNotFoundByPhoneName"]);
  });

  it("an unknown CCCD or phone is refused (the CCCD is never replaced by a phone guess)", () => {
    const results = run(officer, [row({ id: "082199999999", phone: "0901 111 111" }), row({ phone: "0909 999 999" })]);
    expect(outcomes(results)).toEqual(["rejected", "rejected"]);
    expect(keysOf(results[0])).toEqual(["errors.householdNotFoundById"]);
    expect(keysOf(results[1])).toEqual(["errors.householdNotFoundByPhone"]);
  });

  it("an officer cannot import outside their areas; an administrator can", () => {
    const byId = run(officer, [row({ id: "082100000005", title: "Thanh long" })]);
    const byPhone = run(officer, [row({ phone: "0901 555 555", title: "Thanh long" })]);
    expect(keysOf(byId[0])).toEqual(["errors.outsideArea"]);
    expect(keysOf(byPhone[0])).toEqual(["errors.outsideArea"]);
    expect(listingsOf(outside)).toEqual([]);
    expect(outcomes(run(admin, [row({ id: "082100000005", title: "Thanh long" })]))).toEqual(["created"]);
    expect(listingsOf(outside)).toHaveLength(1);
  });

  it("a suspended household's rows are refused", () => {
    const results = run(admin, [row({ id: "082100000006", title: "Cacao" })]);
    expect(keysOf(results[0])).toEqual(["errors.householdSuspended"]);
    expect(listingsOf(suspended)).toEqual([]);
  });

  it("a bad row never stops the good ones", () => {
    const results = run(officer, [
      row({ id: "082100000001", title: "Vú sữa Lò Rèn", price: "45k" }),
      row({ id: "082100000001", title: "Vú sữa Lò Rèn", price: "45.000" }),
    ]);
    expect(outcomes(results)).toEqual(["rejected", "created"]);
    expect(keysOf(results[0])).toEqual(["errors.price.shorthand"]);
  });

  it("two live listings with the product's name are not guessed between", () => {
    createListing(db, admin, sharedA.id, listingInput({ title: "Xoài keo" }));
    createListing(db, admin, sharedA.id, listingInput({ title: "Xoai keo" }));
    const results = run(officer, [row({ id: "082100000003", title: "xoài keo" })]);
    expect(keysOf(results[0])).toEqual(["errors.listingAmbiguous"]);
  });
});

describe("dry run", () => {
  it("decides the same outcomes and writes nothing", () => {
    const sheet = [
      row({ id: "082100000001", title: "Mãng cầu xiêm", stock: "10", status: "đăng bán" }),
      row({ id: "082100000001", title: "Mang cau xiem", stock: "10", status: "đăng bán" }),
      row({ id: "082100000001", title: "Mãng cầu xiêm", price: "50.000", stock: "10" }),
      row({ id: "082100000005", title: "Mãng cầu xiêm" }),
      row({ id: "082100000001", title: "Sầu riêng Ri6", category: "trai cay", price: "85.000", stock: "20" }),
      row({ id: "082100000001", title: "Chôm chôm Java", category: "Trái cây", price: "32.000", stock: "", description: "", unit: "kg" }),
    ];
    const count = () => db.select().from(listings).all().length;
    const events = () => db.select().from(listingEvents).all().length;
    const [listingsBefore, eventsBefore] = [count(), events()];
    const dry = run(officer, sheet, { dryRun: true });
    expect(outcomes(dry)).toEqual(["created", "unchanged", "rejected", "rejected", "unchanged", "updated"]);
    expect([count(), events()]).toEqual([listingsBefore, eventsBefore]);

    const real = run(officer, sheet);
    expect(outcomes(real)).toEqual(outcomes(dry));
    expect(count()).toBe(listingsBefore + 1);
    expect(outcomes(run(officer, sheet))).toEqual(["unchanged", "unchanged", "rejected", "rejected", "unchanged", "unchanged"]);
  });
});
