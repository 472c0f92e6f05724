import { parseWithZod } from "@conform-to/zod";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { listingEvents } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { getRequest, makeUser, signIn } from "~/accounts/test-utils";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { suspendHousehold } from "~/households/lifecycle.server";
import { isAppError } from "~/lib/errors";
import {
  createListing,
  getListing,
  listingsOfHousehold,
  requireSellerOf,
  setListingStatus,
  updateListing,
  updatePriceAndStock,
} from "./listings.server";
import { ListingFormSchema, QuickEditSchema, listingInputFromForm } from "./schema";
import { listingInput, OTHER_COMMUNE, verifiedSeller } from "./test-utils";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

function errorOf(fn: () => unknown): { key: string; status: number; field?: string } {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return { key: error.messageKey, status: error.status, field: error.field };
    throw error;
  }
  throw new Error("expected an AppError");
}

const indexed = (id: number) => Boolean(db.$client.prepare("SELECT 1 FROM listings_fts WHERE rowid = ?").get(id));
const events = (id: number) => db.select().from(listingEvents).where(eq(listingEvents.listingId, id)).all();

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) data.append(k, item);
  return data;
}

describe("the listing form schema", () => {
  const valid = { title: "Xoài cát Hòa Lộc", category: "fruit", unit: "kg", price: "45.000", stock: "1.200", minOrder: "5" };

  it("reads prices and quantities the way farmers type them", () => {
    const result = parseWithZod(form(valid), { schema: ListingFormSchema });
    expect(result.status).toBe("success");
    if (result.status !== "success") return;
    expect(result.value).toMatchObject({ price: 45_000, stock: 1200, minOrder: 5, deliveryKind: "province", certifications: [] });
    expect(listingInputFromForm(result.value)).toMatchObject({ priceVnd: 45_000, stock: 1200, deliveryArea: null, commodityId: null });
  });

  it("puts each problem on its field with a message key", () => {
    const result = parseWithZod(
      form({ title: "X", category: "fruit", unit: "kg", price: "45,5", stock: "-3", minOrder: "0", availableFrom: "2026-06-01", availableTo: "2026-05-01", deliveryKind: "communes" }),
      { schema: ListingFormSchema },
    );
    expect(result.status).toBe("error");
    const errors = result.reply().error!;
    expect(errors.title).toEqual(["listings:errors.titleTooShort"]);
    expect(errors.price).toEqual(["listings:errors.price.decimal"]);
    expect(errors.stock).toEqual(["listings:errors.stock.negative"]);
    expect(errors.minOrder).toEqual(["listings:errors.minOrder.tooSmall"]);
    expect(errors.availableTo).toEqual(["listings:errors.seasonOrder"]);
    expect(errors.deliveryCommunes).toEqual(["listings:errors.communesRequired"]);
  });

  it("requires a category and a unit from the lists", () => {
    const result = parseWithZod(form({ ...valid, category: "cars", unit: "litre" }), { schema: ListingFormSchema });
    const errors = result.reply().error!;
    expect(errors.category).toEqual(["listings:errors.categoryRequired"]);
    expect(errors.unit).toEqual(["listings:errors.unitRequired"]);
  });

  it("quick edit takes a listing id, a price and a stock", () => {
    const ok = parseWithZod(form({ listingId: "7", price: "30.000", stock: "0" }), { schema: QuickEditSchema });
    expect(ok.status === "success" && ok.value).toEqual({ listingId: 7, price: 30_000, stock: 0 });
    const bad = parseWithZod(form({ listingId: "7", price: "-1", stock: "2.5" }), { schema: QuickEditSchema });
    // "2.5" could be 2,5 or 2.500: refused with the Vietnamese spelling explained, never read as 25.
    expect(bad.reply().error).toMatchObject({ price: ["listings:errors.price.negative"], stock: ["common:numberInput.dotDecimal"] });
  });

  it("weights take decimals with a comma and a buying step; counted units stay whole", () => {
    const ok = parseWithZod(form({ ...valid, stock: "12,5", minOrder: "1,5", quantityStep: "0.5" }), { schema: ListingFormSchema });
    expect(ok.status === "success" && ok.value).toMatchObject({ stock: 12.5, minOrder: 1.5, quantityStep: 0.5 });
    if (ok.status === "success") expect(listingInputFromForm(ok.value)).toMatchObject({ stock: 12.5, minOrder: 1.5, quantityStep: 0.5 });
    const offStep = parseWithZod(form({ ...valid, minOrder: "1,5" }), { schema: ListingFormSchema });
    expect(offStep.reply().error).toMatchObject({ minOrder: ["listings:errors.minOrder.step"] });
    const counted = parseWithZod(form({ ...valid, unit: "fruit", stock: "12,5", minOrder: "0,5", quantityStep: "0.5" }), { schema: ListingFormSchema });
    expect(counted.reply().error).toMatchObject({ stock: ["listings:errors.stock.decimal"], minOrder: ["listings:errors.minOrder.decimal"] });
    const badStep = parseWithZod(form({ ...valid, quantityStep: "0.3" }), { schema: ListingFormSchema });
    expect(badStep.reply().error).toMatchObject({ quantityStep: ["listings:errors.quantityStep.invalid"] });
  });
});

describe("creating and editing listings", () => {
  it("creates a draft with the household's province as delivery area, not yet searchable", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput({ title: "  Xoài   cát Hòa Lộc  " }));
    expect(listing).toMatchObject({
      status: "draft",
      title: "Xoài cát Hòa Lộc",
      slug: "xoai-cat-hoa-loc",
      priceVnd: 45_000,
      deliveryArea: { kind: "province", code: "82" },
      createdBy: farmer.id,
    });
    expect(listing.description).toBe("Trái to, ngọt thơm.\nThu hoạch sáng, giao trong ngày.");
    expect(indexed(listing.id)).toBe(false);
    expect(events(listing.id).map((e) => [e.action, e.onBehalf])).toEqual([["created", false]]);
  });

  it("stores the title and description without control or direction-override characters", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const created = createListing(
      db,
      farmer,
      household.id,
      listingInput({ title: "Xoài\u0000 cát \u202EHòa Lộc\u202C\u0007", description: "Trái\u0008 to\u2067\r\n\tngọt thơm\u007f" }),
    );
    const stored = getListing(db, created.id)!;
    expect(stored.title).toBe("Xoài cát Hòa Lộc");
    expect(stored.slug).toBe("xoai-cat-hoa-loc");
    expect(stored.description).toBe("Trái to\nngọt thơm");
  });

  it("checks what the seed or an import sends, field by field", async () => {
    const { farmer, household } = await verifiedSeller(db);
    expect(errorOf(() => createListing(db, farmer, household.id, listingInput({ priceVnd: 45.5 })))).toMatchObject({ key: "listings:errors.price.invalid", field: "price" });
    expect(errorOf(() => createListing(db, farmer, household.id, listingInput({ priceVnd: 0 })))).toMatchObject({ field: "price" });
    expect(errorOf(() => createListing(db, farmer, household.id, listingInput({ stock: -1 })))).toMatchObject({ field: "stock" });
    expect(errorOf(() => createListing(db, farmer, household.id, listingInput({ commodityId: 99_999 })))).toMatchObject({ field: "commodityId" });
    expect(
      errorOf(() => createListing(db, farmer, household.id, listingInput({ deliveryArea: { kind: "communes", codes: ["00000"] } }))),
    ).toMatchObject({ key: "listings:errors.communeInvalid", field: "deliveryCommunes" });
    const local = createListing(db, farmer, household.id, listingInput({ deliveryArea: { kind: "communes", codes: [OTHER_COMMUNE, OTHER_COMMUNE] } }));
    expect(local.deliveryArea).toEqual({ kind: "communes", codes: [OTHER_COMMUNE] });
  });

  it("publishes only for a verified household with stock, and keeps the search index in step", async () => {
    const { farmer, officer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput({ stock: 0 }));
    expect(errorOf(() => setListingStatus(db, farmer, listing.id, "published"))).toMatchObject({ key: "listings:errors.publishNoStock", status: 409 });
    updatePriceAndStock(db, farmer, listing.id, { priceVnd: 50_000, stock: 10 });
    const published = setListingStatus(db, farmer, listing.id, "published");
    expect(published.status).toBe("published");
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(indexed(listing.id)).toBe(true);

    // Selling the last unit sells it out, restocking puts it back on sale.
    expect(updatePriceAndStock(db, farmer, listing.id, { priceVnd: 50_000, stock: 0 }).status).toBe("sold_out");
    expect(indexed(listing.id)).toBe(false);
    expect(updatePriceAndStock(db, farmer, listing.id, { priceVnd: 48_000, stock: 5 }).status).toBe("published");
    expect(indexed(listing.id)).toBe(true);

    expect(setListingStatus(db, farmer, listing.id, "paused").status).toBe("paused");
    expect(indexed(listing.id)).toBe(false);
    expect(errorOf(() => setListingStatus(db, farmer, listing.id, "sold_out"))).toMatchObject({ key: "listings:errors.statusNotAllowed", status: 409 });
    setListingStatus(db, farmer, listing.id, "archived");
    expect(errorOf(() => setListingStatus(db, farmer, listing.id, "published"))).toMatchObject({ key: "listings:errors.statusNotAllowed" });

    // A suspended household cannot publish again.
    suspendHousehold(db, officer, household.id, "Giấy tờ chưa hợp lệ");
    setListingStatus(db, farmer, listing.id, "draft");
    expect(errorOf(() => setListingStatus(db, farmer, listing.id, "published"))).toMatchObject({ key: "listings:errors.notVerified", status: 403 });
  });

  it("a household that is not verified yet can draft but not publish", async () => {
    const { farmer, household } = await verifiedSeller(db, { verified: false });
    const listing = createListing(db, farmer, household.id, listingInput());
    expect(errorOf(() => setListingStatus(db, farmer, listing.id, "published"))).toMatchObject({ key: "listings:errors.notVerified" });
  });

  it("updates details and lists the household's listings with archived ones last", async () => {
    const { farmer, household } = await verifiedSeller(db);
    const a = createListing(db, farmer, household.id, listingInput({ title: "Sầu riêng Ngũ Hiệp" }));
    const b = createListing(db, farmer, household.id, listingInput({ title: "Khóm Tân Phước" }));
    setListingStatus(db, farmer, a.id, "archived");
    const updated = updateListing(db, farmer, b.id, listingInput({ title: "Khóm Tân Phước loại 1", priceVnd: 15_000, unit: "fruit" }));
    expect(updated).toMatchObject({ title: "Khóm Tân Phước loại 1", slug: "khom-tan-phuoc-loai-1", unit: "fruit", priceVnd: 15_000 });
    expect(listingsOfHousehold(db, household.id).map((r) => [r.id, r.status, r.coverHash, r.photoCount])).toEqual([
      [b.id, "draft", null, 0],
      [a.id, "archived", null, 0],
    ]);
  });
});

describe("who may change a listing", () => {
  it("an officer of the area acts on the household's behalf; other farmers and officers may not", async () => {
    const { farmer, officer, household } = await verifiedSeller(db);
    const listing = createListing(db, officer, household.id, listingInput());
    expect(events(listing.id)[0]).toMatchObject({ action: "created", onBehalf: true, actorUserId: officer.id });
    updatePriceAndStock(db, farmer, listing.id, { priceVnd: 40_000, stock: 3 });
    expect(events(listing.id).at(-1)).toMatchObject({ action: "price_stock", onBehalf: false });

    const otherFarmer = await makeUser(db, "farmer");
    const farOfficer = await makeUser(db, "officer");
    assignOfficerAreas(db, farOfficer.id, [{ kind: "province", code: "86" }]);
    const buyer = await makeUser(db, "buyer");
    for (const stranger of [otherFarmer, farOfficer, buyer]) {
      expect(errorOf(() => updatePriceAndStock(db, stranger, listing.id, { priceVnd: 1, stock: 1 }))).toMatchObject({ status: 403 });
      expect(errorOf(() => setListingStatus(db, stranger, listing.id, "published"))).toMatchObject({ status: 403 });
      expect(errorOf(() => createListing(db, stranger, household.id, listingInput()))).toMatchObject({ status: 403 });
    }
    expect(getListing(db, listing.id)!.priceVnd).toBe(40_000);
  });

  it("requireSellerOf: owner and area officer pass, another farmer gets 403, a missing id 404", async () => {
    const { farmer, officer, household } = await verifiedSeller(db);
    const listing = createListing(db, farmer, household.id, listingInput());
    const path = `/ban-hang/san-pham/${listing.id}`;
    const own = await requireSellerOf(getRequest(path, await signIn(db, farmer.id)), listing.id);
    expect(own).toMatchObject({ onBehalf: false, listing: { id: listing.id }, household: { id: household.id } });
    const helped = await requireSellerOf(getRequest(path, await signIn(db, officer.id)), listing.id);
    expect(helped.onBehalf).toBe(true);

    const other = await makeUser(db, "farmer");
    const otherCookie = await signIn(db, other.id);
    const refused = await requireSellerOf(getRequest(path, otherCookie), listing.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    const missing = await requireSellerOf(getRequest("/ban-hang/san-pham/999999", otherCookie), 999_999).catch((e: unknown) => e);
    expect((missing as Response).status).toBe(404);
    const anonymous = await requireSellerOf(getRequest(path), listing.id).catch((e: unknown) => e);
    expect((anonymous as Response).status).toBe(302);
  });
});
