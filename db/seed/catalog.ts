import { createUser } from "../../app/accounts/users.server";
import type { Actor } from "../../app/accounts/access";
import { activateHousehold, verifyHousehold } from "../../app/households/lifecycle.server";
import { registerHouseholdByOfficer } from "../../app/households/registration.server";
import { generatePlaceholderPhoto } from "../../app/listings/demo-photos.server";
import { createListing, setListingStatus } from "../../app/listings/listings.server";
import { addPhoto, processPhotoNow } from "../../app/listings/photos.server";
import { now, todayInVietnam } from "../../app/lib/clock";
import type { Db } from "../../app/lib/db.server";
import { fold } from "../../app/lib/text";
import { commodities } from "../schema";
import { DEMO_FARMS, DEMO_PRODUCTS, type DemoProduct } from "./catalog-data";
import { seededRandom } from "./random";

/** A calendar date held as UTC midnight → yyyy-mm-dd. */
function isoDate(d: Date) {
  return d.toISOString().slice(0, 10);
}

/** The season window around today (in Vietnam) for a product with harvest months (empty = all year). */
function seasonWindow(product: DemoProduct, today: Date): { from: string | null; to: string | null } {
  if (product.season.length === 0) return { from: null, to: null };
  const [year, month] = todayInVietnam(today).split("-").map(Number);
  const inSeason = product.season.includes(month);
  const start = new Date(Date.UTC(year, month - 1 + (inSeason ? -1 : 1), 1));
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
  return { from: isoDate(start), to: isoDate(end) };
}

const TARGET_LISTINGS = 100;

/** The demo farm the demo farmer (0901 000 003) owns, so that log-in sees a farm with orders. */
export const DEMO_FARMER_FARM = "nguhiep1";

/** Real VietQR BINs of the bank list (Agribank, Vietcombank, BIDV, VietinBank, Sacombank, MB, Techcombank, ACB). */
const DEMO_BANK_BINS = ["970405", "970436", "970418", "970415", "970403", "970422", "970407", "970416"];

/**
 * A bank account for every other farm (and always the demo farmer's), so buyers see bank transfer
 * offered by some farms and not others. Account numbers are plainly invented (9999…).
 */
function demoBankAccount(index: number, representativeName: string, always: boolean) {
  if (index % 2 === 1 && !always) return {};
  return {
    bankBin: DEMO_BANK_BINS[index % DEMO_BANK_BINS.length],
    bankAccountNumber: `99990000${String(index + 1).padStart(4, "0")}`,
    bankAccountName: fold(representativeName).toUpperCase(),
  };
}

export interface SeededFarm {
  key: string;
  householdId: number;
  owner: Actor;
  listingIds: number[];
}

/**
 * Demo farms of the former Tiền Giang and about 100 listings of the area's specialties, created the
 * way real ones are: an officer registers each household with consent, its owner claims it, the
 * officer verifies it, the owner lists and publishes. One placeholder photo per product is rendered
 * now; the other photos are left to the background worker, as uploads are.
 */
export async function seedCatalog(db: Db, officer: Actor, options: { today?: Date; password: string; demoFarmer?: Actor | null }) {
  const today = options.today ?? now();
  const random = seededRandom(82);
  const productsByKey = new Map(DEMO_PRODUCTS.map((p) => [p.key, p]));
  const commodityIds = new Map(db.select({ id: commodities.id, slug: commodities.slug }).from(commodities).all().map((c) => [c.slug, c.id]));
  const photos = new Map<string, Buffer>();
  const rendered = new Set<string>();

  const farms = [];
  for (const farm of DEMO_FARMS) {
    const isDemoFarmers = farm.key === DEMO_FARMER_FARM && Boolean(options.demoFarmer);
    const owner =
      isDemoFarmers && options.demoFarmer
        ? options.demoFarmer
        : await createUser(db, { phone: farm.phone, name: farm.representativeName, password: options.password, role: "farmer", phoneVerified: true });
    const registered = registerHouseholdByOfficer(db, officer, {
      kind: farm.kind,
      displayName: farm.displayName,
      representativeName: farm.representativeName,
      phone: farm.phone,
      communeCode: farm.communeCode,
      addressLine: farm.addressLine,
      mainProducts: farm.mainProducts,
      certifications: farm.certifications,
      showContact: farm.showContact,
      zaloPhone: farm.showContact ? farm.phone : null,
      delivery: { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: farm.kind === "household" ? null : 60_000, freeAbove: 500_000 },
      consentAt: today,
      consentSource: "Dữ liệu mẫu (demo seed)",
      ...demoBankAccount(farms.length, farm.representativeName, isDemoFarmers),
    });
    activateHousehold(db, registered.id, { id: owner.id, role: "farmer" });
    verifyHousehold(db, officer, registered.id, { method: "in_person_id_card", note: "Dữ liệu mẫu: đã xác minh (demo)" });
    backdateOnboarding(db, registered.id, today, farms.length);
    farms.push({ farm, household: registered, owner: { id: owner.id, role: "farmer" as const }, listingIds: [] as number[] });
  }

  let created = 0;
  for (let round = 0; created < TARGET_LISTINGS; round++) {
    for (const { farm, household, owner, listingIds } of farms) {
      if (created >= TARGET_LISTINGS) break;
      const product = productsByKey.get(farm.products[round % farm.products.length]);
      if (!product) continue;
      const title = product.titles[(round + created) % product.titles.length];
      const [low, high] = product.price;
      const priceVnd = Math.round((low + random() * (high - low)) / 1000) * 1000;
      const season = seasonWindow(product, today);
      const listing = createListing(db, owner, household.id, {
        title,
        description: product.description,
        category: product.category,
        unit: product.unit,
        priceVnd,
        stock: 20 + Math.floor(random() * 480),
        minOrder: product.unit === "kg" ? 2 : 1,
        availableFrom: season.from,
        availableTo: season.to,
        certifications: farm.certifications,
        commodityId: product.commodity ? (commodityIds.get(product.commodity) ?? null) : null,
      });
      let photo = photos.get(product.key);
      if (!photo) {
        photo = await generatePlaceholderPhoto(product.titles[0], product.hue);
        photos.set(product.key, photo);
      }
      const added = await addPhoto(db, owner, listing.id, photo);
      if (!rendered.has(product.key)) {
        await processPhotoNow(db, added.id);
        rendered.add(product.key);
      }
      setListingStatus(db, owner, listing.id, "published");
      listingIds.push(listing.id);
      created++;
    }
  }
  const seeded: SeededFarm[] = farms.map((f) => ({ key: f.farm.key, householdId: f.household.id, owner: f.owner, listingIds: f.listingIds }));
  return { farms: seeded, listings: created };
}

const DAY_MS = 86_400_000;

/**
 * Demo history: the farms joined over the past eight months rather than all at the moment of seeding,
 * so the onboarding dashboard's chart has a story to tell. Registered, then claimed a week later, then
 * verified a week after that.
 */
function backdateOnboarding(db: Db, householdId: number, today: Date, index: number) {
  const registered = today.getTime() - (240 - index * 11) * DAY_MS;
  const sqlite = db.$client;
  sqlite.prepare("UPDATE households SET created_at = ?, consent_at = ? WHERE id = ?").run(registered, registered, householdId);
  sqlite
    .prepare(
      `UPDATE household_events SET created_at = ? + CASE to_status WHEN 'registered' THEN 0 WHEN 'activated' THEN ? ELSE ? END
       WHERE household_id = ?`,
    )
    .run(registered, 7 * DAY_MS, 14 * DAY_MS, householdId);
}
