import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { households, listings } from "../../db/schema";
import { homeSections, listingPage, parseSlugId, shopPage, sitemapEntries } from "./catalog.server";
import { reindexHousehold } from "./search-index.server";
import { addHousehold, addListing, COMMUNES } from "./test-fixtures";

let db: ReturnType<typeof freshTestDb>;
let farm: number;
let other: number;
const ids: Record<string, number> = {};

beforeAll(() => {
  db = freshTestDb({ adminUnits: true });
  farm = addHousehold(db, { name: "Vườn Út Đực", communeCode: COMMUNES.myThien, certifications: ["vietgap"], showContact: true });
  other = addHousehold(db, { name: "Hộ Tư Lan", communeCode: COMMUNES.vinhKim });
  ids.mango = addListing(db, farm, { title: "Xoài cát Hòa Lộc", availableFrom: "2026-03-01", availableTo: "2026-05-31", photo: true });
  ids.pomelo = addListing(db, farm, { title: "Bưởi da xanh", availableFrom: "2026-08-01", availableTo: "2026-12-31" });
  ids.draft = addListing(db, farm, { title: "Mít Thái", status: "draft" });
  ids.starApple = addListing(db, other, { title: "Vú sữa Lò Rèn" });
});
afterAll(() => db.cleanup());

describe("slug and id", () => {
  it("reads the id at the end and keeps the slug", () => {
    expect(parseSlugId("xoai-cat-hoa-loc-123")).toEqual({ id: 123, slug: "xoai-cat-hoa-loc" });
    expect(parseSlugId("123")).toEqual({ id: 123, slug: "" });
    expect(parseSlugId("xoai-cat")).toBeNull();
    expect(parseSlugId("xoai-0")).toBeNull();
    expect(parseSlugId(undefined)).toBeNull();
  });
});

describe("home sections", () => {
  it("shows produce in season today (Vietnam date), the newest listings and local farms", () => {
    const april = homeSections(db, { now: new Date("2026-04-10T03:00:00Z") });
    expect(april.seasonal.map((c) => c.title)).toEqual(["Xoài cát Hòa Lộc"]);
    expect(april.newest.map((c) => c.title)).toEqual(["Vú sữa Lò Rèn", "Bưởi da xanh", "Xoài cát Hòa Lộc"]);
    expect(april.farms.map((f) => f.displayName)).toEqual(["Hộ Tư Lan", "Vườn Út Đực"]);
    expect(april.farms[1].path).toBe(`/nha-vuon/vuon-ut-duc-${farm}`);
    const mango = april.seasonal[0];
    expect(mango.cover).toEqual({ hash: "a".repeat(32), width: 1600, height: 1200 });
    expect(mango.communeName).toBe("Xã Mỹ Thiện");
    expect(mango.path).toBe(`/san-pham/xoai-cat-hoa-loc-${ids.mango}`);
    expect(homeSections(db, { now: new Date("2026-09-01T03:00:00Z") }).seasonal.map((c) => c.title)).toEqual(["Bưởi da xanh"]);
  });
});

describe("listing page", () => {
  it("returns the listing with its seller (contact only when allowed) and the seller's other listings", () => {
    const page = listingPage(db, ids.mango, "vi");
    expect(page?.listing.title).toBe("Xoài cát Hòa Lộc");
    expect(page?.listing.photos).toHaveLength(1);
    expect(page?.seller.displayName).toBe("Vườn Út Đực");
    expect(page?.seller.phone).toBe("+84901234567");
    expect(page?.others.map((c) => c.title)).toEqual(["Bưởi da xanh"]);
    expect(listingPage(db, ids.starApple, "vi")?.seller.phone).toBeUndefined();
  });

  it("is null for drafts, unknown ids and listings of suspended farms", () => {
    expect(listingPage(db, ids.draft, "vi")).toBeNull();
    expect(listingPage(db, 99_999, "vi")).toBeNull();
    db.update(households).set({ status: "suspended" }).where(eq(households.id, other)).run();
    reindexHousehold(db, other);
    expect(listingPage(db, ids.starApple, "vi")).toBeNull();
    expect(shopPage(db, other, "vi")).toBeNull();
    expect(homeSections(db).newest.map((c) => c.title)).not.toContain("Vú sữa Lò Rèn");
    db.update(households).set({ status: "verified" }).where(eq(households.id, other)).run();
    reindexHousehold(db, other);
  });
});

describe("shop page and sitemap", () => {
  it("lists the shop's published listings, newest first", () => {
    const shop = shopPage(db, farm, "vi");
    expect(shop?.path).toBe(`/nha-vuon/vuon-ut-duc-${farm}`);
    expect(shop?.listings.map((c) => c.title)).toEqual(["Bưởi da xanh", "Xoài cát Hòa Lộc"]);
  });

  it("lists published listings and their shops only", () => {
    const paths = sitemapEntries(db).map((e) => e.path);
    expect(paths).toContain(`/san-pham/xoai-cat-hoa-loc-${ids.mango}`);
    expect(paths).not.toContain(`/san-pham/mit-thai-${ids.draft}`);
    expect(paths).toContain(`/nha-vuon/ho-tu-lan-${other}`);
    db.update(listings).set({ status: "archived" }).where(eq(listings.householdId, other)).run();
    expect(sitemapEntries(db).map((e) => e.path)).not.toContain(`/nha-vuon/ho-tu-lan-${other}`);
  });
});
