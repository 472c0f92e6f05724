import { households, listingPhotos, listings } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { cleanText, fold, slugify } from "~/lib/text";
import type { Category, Certification, ListingStatus, Unit } from "~/listings/options";
import { indexListing } from "./search-index.server";

/** Rows for catalog tests, written directly (the listings and households modules have their own tests). */
export const COMMUNES = {
  caiBe: "28360",
  myThien: "28378",
  vinhKim: "28576",
  choGao: "28594",
  caoLanh: "29869",
  tanPhuoc1: "28321",
} as const;

export function addHousehold(
  db: Db,
  input: { name: string; communeCode: string; status?: "registered" | "activated" | "verified" | "suspended"; certifications?: Certification[]; showContact?: boolean },
): number {
  const row = db
    .insert(households)
    .values({
      displayName: input.name,
      representativeName: input.name,
      nameFolded: fold(input.name),
      phone: "+84901234567",
      communeCode: input.communeCode,
      status: input.status ?? "verified",
      certifications: input.certifications ?? [],
      showContact: input.showContact ?? false,
      zaloPhone: input.showContact ? "+84901234567" : null,
    })
    .returning({ id: households.id })
    .get();
  return row.id;
}

let clock = Date.UTC(2026, 0, 1);

export function addListing(
  db: Db,
  householdId: number,
  input: {
    title: string;
    description?: string;
    category?: Category;
    priceVnd?: number;
    unit?: Unit;
    status?: ListingStatus;
    certifications?: Certification[];
    availableFrom?: string | null;
    availableTo?: string | null;
    photo?: boolean;
  },
): number {
  clock += 60_000;
  const title = cleanText(input.title);
  const row = db
    .insert(listings)
    .values({
      householdId,
      title,
      slug: slugify(title),
      description: input.description ?? "",
      category: input.category ?? "fruit",
      unit: input.unit ?? "kg",
      priceVnd: input.priceVnd ?? 50_000,
      stock: 100,
      minOrder: 1,
      status: input.status ?? "published",
      certifications: input.certifications ?? [],
      availableFrom: input.availableFrom ?? null,
      availableTo: input.availableTo ?? null,
      publishedAt: (input.status ?? "published") === "published" ? new Date(clock) : null,
      createdAt: new Date(clock),
      updatedAt: new Date(clock),
    })
    .returning({ id: listings.id })
    .get();
  if (input.photo) {
    db.insert(listingPhotos)
      .values({ listingId: row.id, position: 0, hash: "a".repeat(32), width: 1600, height: 1200, status: "ready" })
      .run();
  }
  indexListing(db, row.id);
  return row.id;
}
