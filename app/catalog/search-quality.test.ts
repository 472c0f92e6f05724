import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { parseSearchParams, search } from "./search.server";
import { addHousehold, addListing, COMMUNES } from "./test-fixtures";

/**
 * Search over a catalogue written the way farmers write titles: mixed case, with and without marks,
 * varieties and grades in the title, a farm named after a fruit it does not only sell.
 */
let db: ReturnType<typeof freshTestDb>;

const run = (q: string, extra: Parameters<typeof search>[1] = {}) => search(db, { q, ...extra });
const titles = (q: string, extra: Parameters<typeof search>[1] = {}) => run(q, extra).items.map((i) => i.title);

beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  const utHai = addHousehold(db, { name: "Vườn Xoài Út Hai", communeCode: COMMUNES.myThien });
  const tuLoc = addHousehold(db, { name: "Vườn Tư Lộc", communeCode: COMMUNES.caiBe });
  const benTre = addHousehold(db, { name: "HTX Dừa Chợ Lách", communeCode: COMMUNES.vinhKim });
  const sauHiep = addHousehold(db, { name: "Cô Sáu Hiệp", communeCode: COMMUNES.choGao });
  // The farm named after mangoes sells pomelos and durian seedlings, cheaper than the mangoes.
  addListing(db, utHai, { title: "BƯỞI NĂM ROI", priceVnd: 20_000 });
  addListing(db, utHai, { title: "Cây giống sầu riêng Ri6", category: "seedlings", priceVnd: 15_000 });
  addListing(db, utHai, { title: "buoi long co co", priceVnd: 25_000 });
  addListing(db, tuLoc, { title: "xoài cát hòa lộc", priceVnd: 60_000, description: "Trái to, chín cây" });
  addListing(db, tuLoc, { title: "Xoài keo loại 1", priceVnd: 30_000 });
  addListing(db, sauHiep, { title: "Xoai cat chu", priceVnd: 45_000 });
  addListing(db, benTre, { title: "Dừa xiêm xanh Bến Tre", priceVnd: 12_000 });
  addListing(db, sauHiep, { title: "Dưa hấu Long An", priceVnd: 10_000 });
  addListing(db, sauHiep, { title: "Dứa (khóm) Tân Phước", priceVnd: 9_000 });
  addListing(db, sauHiep, { title: "Khoai lang tím", category: "vegetables", priceVnd: 20_000 });
});
afterAll(() => db.cleanup());

describe("why 'bưởi da xanh' found nothing", () => {
  it("no listing has all three words: the pomelos are shown, marked as partial matches", () => {
    // Before: every word had to match (FTS5 AND) and no listing says "da xanh", so the page was empty.
    const r = run("bưởi da xanh");
    expect(r.partial).toBe(true);
    expect(r.partialAfterFull).toBe(false);
    expect(r.items.slice(0, 2).map((i) => i.title).sort()).toEqual(["BƯỞI NĂM ROI", "buoi long co co"]);
    expect(r.items[0].notes).toContain("partial");
  });

  it("a listing with all the words comes first, as a full match", () => {
    const farm = addHousehold(db, { name: "Vườn Bảy Nhung", communeCode: COMMUNES.caoLanh });
    const id = addListing(db, farm, { title: "Bưởi Da Xanh loại 1" });
    const r = run("bưởi da xanh");
    expect(r.items[0].id).toBe(id);
    expect(r.items[0].notes).toEqual([]);
    expect(r.items.slice(1, 3).every((i) => i.notes.includes("partial"))).toBe(true);
    db.$client.prepare("DELETE FROM listings WHERE id = ?").run(id);
    db.$client.prepare("DELETE FROM listings_fts WHERE rowid = ?").run(id);
  });
});

describe("fields weigh differently", () => {
  it("a product found only through its farm's name ranks below every product that matches itself", () => {
    const r = run("xoai");
    const mangoes = ["xoài cát hòa lộc", "Xoài keo loại 1", "Xoai cat chu"];
    expect(r.items.slice(0, 3).map((i) => i.title).sort()).toEqual([...mangoes].sort());
    expect(r.items.slice(3).map((i) => i.title).sort()).toEqual(["BƯỞI NĂM ROI", "Cây giống sầu riêng Ri6", "buoi long co co"]);
    expect(r.items.slice(3).every((i) => i.notes.includes("farm"))).toBe(true);
    expect(r.items.slice(0, 3).every((i) => i.notes.length === 0)).toBe(true);
  });

  it("keeps farm-only matches after product matches under a price or newest sort", () => {
    expect(titles("xoai", { sort: "price-asc" })).toEqual(["Xoài keo loại 1", "Xoai cat chu", "xoài cát hòa lộc", "Cây giống sầu riêng Ri6", "BƯỞI NĂM ROI", "buoi long co co"]);
    expect(titles("xoai", { sort: "newest" }).slice(0, 3)).toEqual(["Xoai cat chu", "Xoài keo loại 1", "xoài cát hòa lộc"]);
  });

  it("ranks a product's own description above a farm's name", () => {
    // "chín cây" is in the Hòa Lộc mango's description and in a farm's name.
    const farm = addHousehold(db, { name: "Trại Chín Cây", communeCode: COMMUNES.caoLanh });
    const id = addListing(db, farm, { title: "Cá lóc đồng", category: "seafood" });
    const r = run("chín cây");
    expect(r.items[0].title).toBe("xoài cát hòa lộc");
    expect(r.items.find((i) => i.id === id)?.notes).toContain("farm");
    db.$client.prepare("DELETE FROM listings WHERE id = ?").run(id);
    db.$client.prepare("DELETE FROM listings_fts WHERE rowid = ?").run(id);
  });
});

describe("marks the buyer typed count", () => {
  it("'dừa' puts coconuts first; melons and pineapples follow as close matches", () => {
    const r = run("dừa");
    expect(r.items[0].title).toBe("Dừa xiêm xanh Bến Tre");
    expect(r.items[0].notes).toEqual([]);
    expect(r.items.slice(1).map((i) => i.title).sort()).toEqual(["Dưa hấu Long An", "Dứa (khóm) Tân Phước"]);
    expect(r.items.slice(1).every((i) => i.notes.includes("close"))).toBe(true);
    expect(r.close).toBe(true);
  });

  it("'dưa' is the melon and 'dứa' the pineapple", () => {
    expect(run("dưa").items[0].title).toBe("Dưa hấu Long An");
    expect(run("dứa").items[0].title).toBe("Dứa (khóm) Tân Phước");
    expect(run("Dứa").items[0].notes).toEqual([]);
  });

  it("a query without marks matches every spelling, none marked close", () => {
    const r = run("dua");
    expect(r.items.map((i) => i.title).sort()).toEqual(["Dưa hấu Long An", "Dứa (khóm) Tân Phước", "Dừa xiêm xanh Bến Tre"]);
    expect(r.items.every((i) => i.notes.length === 0)).toBe(true);
    expect(r.close).toBe(false);
  });

  it("compares marks whatever the tone's position and case", () => {
    expect(run("XOÀI CÁT HOÀ LỘC").items[0].title).toBe("xoài cát hòa lộc");
    expect(run("xoài cát hoà lộc").items[0].notes).toEqual([]);
    // A title typed without marks ("Xoai cat chu") is a spelling of the same words: after the marked
    // one, not called a close match (only other marks, like "dứa" for "dừa", are).
    const marked = run("xoài cát");
    expect(marked.items.filter((i) => !i.notes.includes("partial")).map((i) => i.title)).toEqual(["xoài cát hòa lộc", "Xoai cat chu"]);
    expect(marked.items[1].notes).toEqual([]);
  });
});

describe("partial matches instead of nothing", () => {
  it("ranks listings by how many of the words they match and says so", () => {
    const r = run("xoài cát hòa lộc Cần Thơ");
    expect(r.partial).toBe(true);
    const order = r.items.map((i) => i.title);
    expect(order[0]).toBe("xoài cát hòa lộc");
    expect(order.indexOf("Xoai cat chu")).toBeGreaterThan(0);
    expect(order.indexOf("Xoài keo loại 1")).toBeGreaterThan(order.indexOf("Xoai cat chu"));
    expect(r.items.every((i) => i.notes.includes("partial"))).toBe(true);
  });

  it("shows every full match, also one found through the farm's name, before partial matches", () => {
    // Cô Sáu Hiệp's four listings match both words through the farm's name; "sầu riêng" matches one word itself.
    const r = run("sáu hiệp");
    expect(r.partial).toBe(true);
    // The notice says partial matches follow full ones, not that nothing matches every word.
    expect(r.partialAfterFull).toBe(true);
    const full = r.items.filter((i) => !i.notes.includes("partial"));
    expect(full.map((i) => i.title).sort()).toEqual(["Dưa hấu Long An", "Dứa (khóm) Tân Phước", "Khoai lang tím", "Xoai cat chu"]);
    expect(full.every((i) => i.notes.includes("farm"))).toBe(true);
    expect(r.items.slice(0, full.length)).toEqual(full);
    expect(r.items.some((i) => i.title === "Cây giống sầu riêng Ri6" && i.notes.includes("partial"))).toBe(true);
  });

  it("does not add partial matches when all the words find enough", () => {
    const r = run("dua");
    expect(r.partial).toBe(false);
  });
});

describe("typos and keyboards", () => {
  it("searches a clearly best correction at once and says what was typed", () => {
    const r = run("xoia");
    expect(r.correction).toEqual({ typed: "xoia", searched: "xoài" });
    expect(r.items.slice(0, 3).map((i) => i.title).sort()).toEqual(["Xoai cat chu", "Xoài keo loại 1", "xoài cát hòa lộc"]);
  });

  it("reads Telex and VNI keys typed without a Vietnamese keyboard", () => {
    for (const q of ["xoaif", "xoai2"]) {
      const r = run(q);
      expect(r.correction?.searched, q).toBe("xoài");
      expect(r.items[0].title, q).toMatch(/^xo[aà]i/i);
    }
    const pomelo = run("buwowi");
    expect(pomelo.correction?.searched).toBe("bưởi");
    expect(pomelo.items.map((i) => i.title).slice(0, 2).sort()).toEqual(["BƯỞI NĂM ROI", "buoi long co co"]);
    // Marks guessed from the keys ("bươi") are not the listings' ("bưởi"): nothing is marked close for it.
    expect(pomelo.items.every((i) => !i.notes.includes("close"))).toBe(true);
    expect(run("dwaf").items[0].title).toBe("Dừa xiêm xanh Bến Tre");
  });

  it("searches exactly what was typed when asked", () => {
    const r = run("xoia", { exact: true });
    expect(r.correction).toBeNull();
    expect(r.items).toEqual([]);
  });

  it("offers several corrections when they are close, searching none", () => {
    // "xhoai" is one edit from "xoai" (three listings) and from "khoai" (one): not clear enough.
    const farm = addHousehold(db, { name: "Vườn Năm Khoai", communeCode: COMMUNES.caoLanh });
    const id = addListing(db, farm, { title: "Khoai mì Tây Ninh", category: "vegetables" });
    const r = run("xhoai");
    expect(r.correction).toBeNull();
    expect(r.items).toEqual([]);
    expect(r.suggestions).toEqual(["xoài", "khoai"]);
    db.$client.prepare("DELETE FROM listings WHERE id = ?").run(id);
    db.$client.prepare("DELETE FROM listings_fts WHERE rowid = ?").run(id);
  });

  it("keeps the words that were right", () => {
    expect(run("xoia cát").correction).toEqual({ typed: "xoia cát", searched: "xoài cát" });
  });
});

describe("long queries", () => {
  it("cuts a query longer than 200 characters with a notice, never drops it", () => {
    const long = `Xoài cát Hòa Lộc ${"ngon ngọt ".repeat(50)}`;
    expect(long.length).toBeGreaterThan(500);
    const params = parseSearchParams(new URLSearchParams({ q: long }));
    expect(params.cut).toBe(true);
    expect([...(params.q ?? "")].length).toBeLessThanOrEqual(200);
    expect(params.q?.startsWith("Xoài cát Hòa Lộc ngon ngọt")).toBe(true);
    const r = search(db, params);
    expect(r.cut).toBe(true);
    expect(r.items[0].title).toBe("xoài cát hòa lộc");
    expect(parseSearchParams(new URLSearchParams({ q: "xoài" })).cut).toBeUndefined();
  });

  it("cuts at a word boundary", () => {
    const q = parseSearchParams(new URLSearchParams({ q: `${"xoài ".repeat(39)}chômchôm` })).q ?? "";
    expect(q.endsWith("xoài")).toBe(true);
  });
});
