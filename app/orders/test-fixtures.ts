/**
 * Helpers for the orders tests: verified farms with published listings, buyers, checkout input.
 * Not imported by application code.
 */
import { eq } from "drizzle-orm";
import { households, listings, type Role } from "../../db/schema";
import { makeUser } from "~/accounts/test-utils";
import type { Db } from "~/lib/db.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import type { ListingInput } from "~/listings/schema";
import { listingInput, TEST_COMMUNE, verifiedSeller } from "~/listings/test-utils";
import type { CheckoutInput } from "./checkout.server";

export { TEST_COMMUNE };

let keySeq = 0;
const newKey = () => `test-key-${Date.now()}-${++keySeq}`;

/** A verified farm (commune 28249, pickup, 15.000 ₫ in the commune, 30.000 ₫ in the province, free above 500.000 ₫) with one published listing. */
export async function farmWithListing(db: Db, listing: { priceVnd?: number; stock?: number; minOrder?: number; title?: string } = {}) {
  const { farmer, officer, household } = await verifiedSeller(db);
  const created = createListing(db, farmer, household.id, listingInput({ minOrder: 1, ...listing }));
  setListingStatus(db, farmer, created.id, "published");
  return { farmer, officer, household, listing: created };
}

export function addListingTo(
  db: Db,
  farmer: { id: number; role: Role },
  householdId: number,
  input: { priceVnd?: number; stock?: number; minOrder?: number; title?: string; unit?: ListingInput["unit"]; quantityStep?: number } = {},
) {
  const created = createListing(db, farmer, householdId, listingInput({ minOrder: 1, ...input }));
  setListingStatus(db, farmer, created.id, "published");
  return created;
}

export function giveBankAccount(db: Db, householdId: number) {
  db.update(households).set({ bankBin: "970405", bankAccountNumber: "700012345678", bankAccountName: "NGUYEN VAN TU" }).where(eq(households.id, householdId)).run();
}

export function stockOf(db: Db, listingId: number) {
  return db.select({ stock: listings.stock, status: listings.status }).from(listings).where(eq(listings.id, listingId)).get()!;
}

export const buyer = (db: Db) => makeUser(db, "buyer");

/** Checkout input for lines at their current prices, pickup at every farm, cash on delivery. */
export function checkoutInput(
  db: Db,
  lines: Array<{ listingId: number; quantity: number }>,
  overrides: Partial<CheckoutInput> = {},
): CheckoutInput {
  const delivery: CheckoutInput["delivery"] = {};
  const withPrices = lines.map((l) => {
    const row = db.select().from(listings).where(eq(listings.id, l.listingId)).get()!;
    delivery[row.householdId] = "pickup";
    return { ...l, seenPriceVnd: row.priceVnd };
  });
  return {
    idempotencyKey: newKey(),
    paymentMethod: "cod",
    recipientName: "Trần Thị Bích",
    recipientPhone: "0903 123 456",
    communeCode: TEST_COMMUNE,
    addressLine: "Số 12, ấp Hòa Thuận",
    note: "",
    lines: withPrices,
    delivery,
    ...overrides,
  };
}
