import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { households, listings } from "../../db/schema";
import {
  ensureSearchIndexFormat,
  indexListing,
  mergeSearchIndex,
  rebuildSearchIndex,
  reindexHousehold,
  removeListingFromIndex,
  SEARCH_INDEX_FORMAT,
  searchIndexSegments,
} from "./search-index.server";
import { parseSearchParams, search, searchUncached, PAGE_SIZE } from "./search.server";
import { addHousehold, addListing, COMMUNES } from "./test-fixtures";

let db: ReturnType<typeof freshTestDb>;
const ids: Record<string, number> = {};
let farmA: number;
let farmB: number;

/** Titles of the listings matching every word (partial matches, shown after them when they are few, left out). */
const titles = (q: string, extra: Parameters<typeof search>[1] = {}) =>
  search(db, { q, ...extra })
    .items.filter((i) => !i.notes.includes("partial"))
    .map((i) => i.title);
const fullTotal = (params: Parameters<typeof search>[1]) => search(db, params).items.filter((i) => !i.notes.includes("partial")).length;

beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  farmA = addHousehold(db, { name: "Vườn xoài Út Đực", communeCode: COMMUNES.myThien, certifications: ["vietgap"] });
  farmB = addHousehold(db, { name: "HTX Đồng Tiến", communeCode: COMMUNES.caoLanh });
  const pending = addHousehold(db, { name: "Hộ chưa xác minh", communeCode: COMMUNES.vinhKim, status: "activated" });
  ids.xoai = addListing(db, farmA, { title: "Xoài cát Hòa Lộc", description: "Trái to, ngọt đậm", priceVnd: 65_000, photo: true });
  ids.khom = addListing(db, farmA, { title: "Khóm Tân Phước", priceVnd: 15_000, unit: "fruit" });
  ids.mangCau = addListing(db, farmB, { title: "Mãng cầu xiêm Tân Phú Đông", priceVnd: 40_000 });
  ids.na = addListing(db, farmB, { title: "Mãng cầu ta", priceVnd: 55_000 });
  ids.dua = addListing(db, farmB, { title: "Dưa hấu", priceVnd: 12_000 });
  ids.draft = addListing(db, farmA, { title: "Xoài tứ quý (nháp)", status: "draft" });
  ids.pending = addListing(db, pending, { title: "Xoài keo Vĩnh Kim" });
  ids.gao = addListing(db, farmB, { title: "Gạo ST25", category: "rice-grains", priceVnd: 30_000 });
});
afterAll(() => db.cleanup());

describe("search", () => {
  it("finds a listing typed without diacritics", () => {
    expect(titles("xoai cat hoa loc")).toEqual(["Xoài cát Hòa Lộc"]);
    expect(titles("XOÀI CÁT")).toEqual(["Xoài cát Hòa Lộc"]);
  });

  it("finds by province and former district and province names, folding đ", () => {
    const dongThap = search(db, { q: "dong thap" });
    expect(dongThap.place).toEqual({ label: "Đồng Tháp", kind: "province" });
    expect(dongThap.total).toBe(6);
    // Mỹ Thiện took in communes of the former Cái Bè district of Tiền Giang; Cao Lãnh was in the old Đồng Tháp.
    expect(titles("cai be").sort()).toEqual(["Khóm Tân Phước", "Xoài cát Hòa Lộc"]);
    expect(titles("tien giang").sort()).toEqual(["Khóm Tân Phước", "Xoài cát Hòa Lộc"]);
    expect(titles("xoai cat tien giang")).toEqual(["Xoài cát Hòa Lộc"]);
    expect(titles("gao cao lanh")).toEqual(["Gạo ST25"]);
  });

  it("reads a place name as words when the place filter leaves nothing", () => {
    // The farm selling "Khóm Tân Phước" is in Cái Bè, not in the former Tân Phước district.
    const r = search(db, { q: "khom tan phuoc" });
    expect(titles("khom tan phuoc")).toEqual(["Khóm Tân Phước"]);
    expect(r.place).toBeNull();
  });

  it("expands regional synonyms", () => {
    expect(titles("thơm")).toEqual(["Khóm Tân Phước"]);
    // "dứa" folds like "dưa": the melon matches too, below the pineapple
    expect(titles("dứa")[0]).toBe("Khóm Tân Phước");
    expect(titles("pineapple")).toEqual(["Khóm Tân Phước"]);
    expect(titles("na")).toEqual(["Mãng cầu ta"]);
    expect(titles("mãng cầu gai")).toEqual(["Mãng cầu xiêm Tân Phú Đông"]);
    // unmarked "dua" is several fruits (dứa, dưa, dừa): it finds the melon by its title only
    expect(titles("dua")).toEqual(["Dưa hấu"]);
    const dua = addListing(db, farmB, { title: "Dứa Cầu Đúc" });
    expect(titles("thơm").sort()).toEqual(["Dứa Cầu Đúc", "Khóm Tân Phước"]);
    db.delete(listings).where(eq(listings.id, dua)).run();
    removeListingFromIndex(db, dua);
  });

  it("finds a variety code typed with or without a space", () => {
    const joined = addListing(db, farmB, { title: "Gạo VD20 Gò Công", category: "rice-grains" });
    const apart = addListing(db, farmB, { title: "Gạo ST 24 túi 5 kg", category: "rice-grains" });
    expect(titles("vd 20")).toEqual(["Gạo VD20 Gò Công"]);
    expect(titles("VD20")).toEqual(["Gạo VD20 Gò Công"]);
    expect(titles("gạo st24")).toEqual(["Gạo ST 24 túi 5 kg"]);
    for (const id of [joined, apart]) {
      db.delete(listings).where(eq(listings.id, id)).run();
      removeListingFromIndex(db, id);
    }
  });

  it("finds by seller name and category name", () => {
    expect(titles("ut duc").length).toBe(2);
    expect(titles("lua gao")).toEqual(["Gạo ST25"]);
  });

  it("never shows drafts or listings of unverified households", () => {
    const all = titles("xoai");
    expect(all).toContain("Xoài cát Hòa Lộc");
    expect(all).not.toContain("Xoài tứ quý (nháp)");
    expect(all).not.toContain("Xoài keo Vĩnh Kim");
    expect(search(db, {}).items.map((i) => i.id)).not.toContain(ids.draft);
    expect(search(db, {}).items.map((i) => i.id)).not.toContain(ids.pending);
  });

  it("never errors on FTS5 syntax typed by a user", () => {
    for (const q of ['"', "*", "OR", "AND", "NOT", "NEAR(", "-", "xoai OR", '"xoai', "xoai*", "title:xoai", "^xoai", "(", "{title}", "đ", "  ", "xoai -cat", "x".repeat(500)]) {
      expect(() => search(db, { q }), q).not.toThrow();
    }
    expect(titles('"xoai" OR "*"')).toEqual([]);
    expect(titles("xoai -cat")).toEqual(["Xoài cát Hòa Lộc"]);
  });

  it("filters by category, commune, certification and price", () => {
    expect(search(db, { category: "rice-grains" }).items.map((i) => i.id)).toEqual([ids.gao]);
    expect(search(db, { commune: COMMUNES.myThien }).total).toBe(2);
    expect(search(db, { certification: "vietgap" }).total).toBe(2);
    expect(fullTotal({ q: "xoai cat", certification: "vietgap" })).toBe(1);
    expect(search(db, { q: "mang cau", minPrice: 50_000 }).items.map((i) => i.id)).toEqual([ids.na]);
    expect(search(db, { minPrice: 20_000, maxPrice: 45_000 }).items.map((i) => i.id).sort()).toEqual([ids.gao, ids.mangCau].sort());
    expect(search(db, { q: "xoai", commune: COMMUNES.caoLanh }).total).toBe(0);
  });

  it("sorts by relevance, newest and price", () => {
    expect(search(db, { sort: "price-asc" }).items.map((i) => i.priceVnd)).toEqual([12_000, 15_000, 30_000, 40_000, 55_000, 65_000]);
    expect(search(db, { sort: "price-desc" }).items[0].priceVnd).toBe(65_000);
    expect(search(db, { sort: "newest" }).items[0].id).toBe(ids.gao);
    expect(search(db, { q: "dong thap", sort: "price-asc" }).items[0].priceVnd).toBe(12_000);
    // title weighs most: the listing named "Xoài" ranks above one that only mentions it
    const extra = addListing(db, farmB, { title: "Bưởi da xanh", description: "Vườn cạnh vườn xoài" });
    expect(titles("xoai")[0]).toBe("Xoài cát Hòa Lộc");
    expect(titles("xoai")).toContain("Bưởi da xanh");
    db.delete(listings).where(eq(listings.id, extra)).run();
    removeListingFromIndex(db, extra);
  });

  it("pages by PAGE_SIZE and reports the page count", () => {
    const farm = addHousehold(db, { name: "Vườn sầu riêng Ngũ Hiệp", communeCode: COMMUNES.choGao });
    for (let i = 0; i < 45; i++) addListing(db, farm, { title: `Sầu riêng Ri6 lô ${i + 1}`, priceVnd: 80_000 + i });
    const first = search(db, { q: "sau rieng" });
    expect(first.total).toBe(45);
    expect(first.pageCount).toBe(3);
    expect(first.items).toHaveLength(PAGE_SIZE);
    const third = search(db, { q: "sầu riêng", page: 3 });
    expect(third.items).toHaveLength(5);
    const seen = new Set([...first.items, ...search(db, { q: "durian", page: 2 }).items, ...third.items].map((i) => i.id));
    expect(seen.size).toBe(45);
  });

  it("parses query strings leniently", () => {
    expect(parseSearchParams(new URLSearchParams("q=xoai&category=fruit&minPrice=10.000&maxPrice=abc&sort=bad&page=0"))).toEqual({
      q: "xoai",
      category: "fruit",
      minPrice: 10_000,
      maxPrice: undefined,
      sort: undefined,
      page: undefined,
    });
    expect(parseSearchParams(new URLSearchParams("category=&commune=28360&certification=organic&page=2"))).toMatchObject({
      commune: "28360",
      certification: "organic",
      page: 2,
    });
  });
});

describe("index kept in step", () => {
  it("follows updates, status changes and deletes of a listing", () => {
    const id = addListing(db, farmB, { title: "Chôm chôm Java" });
    expect(titles("chom chom")).toEqual(["Chôm chôm Java"]);
    db.update(listings).set({ title: "Chôm chôm nhãn" }).where(eq(listings.id, id)).run();
    indexListing(db, id);
    expect(titles("chom chom nhan")).toEqual(["Chôm chôm nhãn"]);
    expect(titles("java", { exact: true })).toEqual([]);
    expect(search(db, { q: "java" }).correction, JSON.stringify(search(db, { q: "java" }).correction)).toBeNull();
    db.update(listings).set({ status: "paused" }).where(eq(listings.id, id)).run();
    indexListing(db, id);
    // exact: with the chôm chôm gone, "chom" is one edit from "khom" and would be corrected to it
    expect(titles("chom chom", { exact: true })).toEqual([]);
    db.update(listings).set({ status: "published" }).where(eq(listings.id, id)).run();
    indexListing(db, id);
    expect(titles("rambutan")).toEqual(["Chôm chôm nhãn"]);
    db.delete(listings).where(eq(listings.id, id)).run();
    indexListing(db, id);
    expect(titles("chom chom", { exact: true })).toEqual([]);
  });

  it("hides a suspended household's listings and shows them again when reinstated", () => {
    db.update(households).set({ status: "suspended" }).where(eq(households.id, farmA)).run();
    reindexHousehold(db, farmA);
    expect(titles("xoai cat")).toEqual([]);
    expect(search(db, { commune: COMMUNES.myThien }).total).toBe(0);
    db.update(households).set({ status: "verified", displayName: "Vườn Út Đực Cái Bè" }).where(eq(households.id, farmA)).run();
    reindexHousehold(db, farmA);
    expect(titles("xoai cat")).toEqual(["Xoài cát Hòa Lộc"]);
  });

  it("rebuilds the whole index from the listings", () => {
    const before = db.$client.prepare("SELECT count(*) AS n FROM listings_fts").get() as { n: number };
    expect(rebuildSearchIndex(db)).toBe(before.n);
    expect(titles("xoai cat hoa loc")).toEqual(["Xoài cát Hòa Lộc"]);
    expect(searchIndexSegments(db)).toBe(1);
  });

  it("merges the segments that writes one listing at a time leave, step by step, finding the same listings", () => {
    // Uncached: the catalog cache would answer from before the merge.
    const found = () => ["xoai", "buoi da xanh", "cai be"].map((q) => searchUncached(db, { q }).items.map((i) => i.id));
    const expected = found();
    // Each write transaction adds a segment.
    for (let round = 0; round < 3; round++) for (const id of Object.values(ids)) indexListing(db, id);
    const many = searchIndexSegments(db);
    expect(many).toBeGreaterThan(1);
    let steps = 0;
    while (mergeSearchIndex(db, 1) && steps < 1_000) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(searchIndexSegments(db)).toBe(1);
    expect(found()).toEqual(expected);
  });

  it("rebuilds once at start-up an index written under older search rules", () => {
    const indexed = () => db.$client.prepare("SELECT rowid FROM listings_fts WHERE listings_fts MATCH 'xoai'").pluck().all();
    // An index from an older version: its text no longer finds the listing.
    db.$client.prepare("UPDATE listings_fts SET title = 'cu', body = 'cu', seller = 'cu', place = 'cu' WHERE rowid = ?").run(ids.xoai);
    db.$client.pragma("user_version = 1");
    expect(indexed()).not.toContain(ids.xoai);
    expect(ensureSearchIndexFormat(db)).toBe(true);
    expect(indexed()).toContain(ids.xoai);
    expect(db.$client.pragma("user_version", { simple: true })).toBe(SEARCH_INDEX_FORMAT);
    expect(ensureSearchIndexFormat(db)).toBe(false);
  });
});
