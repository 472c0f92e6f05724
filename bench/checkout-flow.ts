/**
 * The checkout as a buyer goes through it, for the benchmarks (bench:checkout, bench:national): a verified
 * farm with its listings, buyers with a session and one unit in their cart, and the POST /thanh-toan the
 * checkout form sends. The bench process sets SESSION_SECRET (the server's) before calling these.
 */
import crypto from "node:crypto";
import { assignOfficerAreas } from "~/addresses/areas.server";
import { createSession, sessionCookie } from "~/accounts/session.server";
import { createUser } from "~/accounts/users.server";
import { verifyHousehold } from "~/households/lifecycle.server";
import { createOwnHousehold } from "~/households/profile.server";
import type { Db } from "~/lib/db.server";
import { createListing, setListingStatus } from "~/listings/listings.server";
import type { ListingInput } from "~/listings/schema";
import { feeBasisOf } from "~/orders/checkout-rules.server";

/** A user written straight into the table (buyers and officers need no password). */
export function insertBenchUser(db: Db, phone: string, role: string, name: string): number {
  const now = Date.now();
  return (
    db.$client
      .prepare("INSERT INTO users (phone, role, name, locale, phone_verified_at, created_at, updated_at) VALUES (?, ?, ?, 'vi', ?, ?, ?) RETURNING id")
      .get(phone, role, name, now, now, now) as { id: number }
  ).id;
}

/** A farm in commune 28249, verified in person by an officer of province 82, and its owner. */
export async function createBenchFarm(db: Db) {
  // The farmer has a password (a household is activated only for a confirmed owner); buyers need none.
  const farmerId = (await createUser(db, { phone: "+84905000001", name: "Nguyễn Văn Tư", password: crypto.randomBytes(16).toString("hex"), role: "farmer", phoneVerified: true })).id;
  const officerId = insertBenchUser(db, "+84905000002", "officer", "Cán bộ xã");
  assignOfficerAreas(db, officerId, [{ kind: "province", code: "82" }]);
  const farmer = { id: farmerId, role: "farmer" as const };
  const created = createOwnHousehold(db, farmer, {
    kind: "household",
    representativeName: "Nguyễn Văn Tư",
    displayName: "Vườn xoài Tư Lộc",
    phone: "0905 000 001",
    nationalId: "082000000001",
    communeCode: "28249",
    addressLine: "Ấp Hòa Thuận",
    mainProducts: "Xoài cát Hòa Lộc",
    bankBin: "970405",
    bankAccountNumber: "700012345678",
    delivery: { pickup: true, feeCommune: 15_000, feeProvince: 30_000, feeElsewhere: null, freeAbove: 500_000 },
  });
  const household = verifyHousehold(db, { id: officerId, role: "officer" }, created.id, { method: "in_person_id_card", note: "bench" });
  /** A published listing of this farm at 45,000 đ/kg. */
  const publish = (title: string, stock: number) => {
    const input: ListingInput = {
      title,
      description: "Trái to, ngọt thơm.",
      category: "fruit",
      unit: "kg",
      priceVnd: 45_000,
      stock,
      minOrder: 1,
      availableFrom: "2026-01-01",
      availableTo: "2026-12-31",
      certifications: [],
    };
    return setListingStatus(db, farmer, createListing(db, farmer, household.id, input).id, "published");
  };
  return { farmer, household, publish };
}

/** `count` buyers (phones +849<prefix><6 digits>), each with a session and 1 unit of the listing in the cart. */
export async function createBenchBuyers(db: Db, count: number, prefix: string, listing: { id: number; priceVnd: number }) {
  const sqlite = db.$client;
  const now = Date.now();
  const insertCart = sqlite.prepare("INSERT INTO carts (user_id, created_at, updated_at) VALUES (?, ?, ?) RETURNING id");
  const insertItem = sqlite.prepare("INSERT INTO cart_items (cart_id, listing_id, quantity, seen_price_vnd, created_at) VALUES (?, ?, 1, ?, ?)");
  const list: Array<{ id: number; cookie: string }> = [];
  for (let i = 0; i < count; i++) {
    const id = insertBenchUser(db, `+849${prefix}${String(i).padStart(6, "0")}`, "buyer", `Người mua ${i}`);
    const cart = (insertCart.get(id, now, now) as { id: number }).id;
    insertItem.run(cart, listing.id, listing.priceVnd, now);
    const session = createSession(db, id);
    list.push({ id, cookie: (await sessionCookie().serialize(session.id)).split(";")[0] });
  }
  return list;
}

/**
 * POST /thanh-toan with the fields the checkout form sends (decision 0018): "card" pays the whole cart,
 * otherwise "per_farm" with the farm's own method and the fee settings the page was drawn with.
 */
export function postCheckout(base: string, cookie: string, household: Parameters<typeof feeBasisOf>[0] & { id: number }, method: "cod" | "card") {
  const form = new URLSearchParams({
    idempotencyKey: crypto.randomBytes(12).toString("base64url"),
    paymentMethod: method === "card" ? "card" : "per_farm",
    ...(method === "card" ? {} : { [`payment-${household.id}`]: method }),
    [`feebasis-${household.id}`]: feeBasisOf(household),
    recipientName: "Trần Thị Bích",
    recipientPhone: "0909 123 456",
    communeCode: "28249",
    addressLine: "12 Lê Lợi",
    [`delivery-${household.id}`]: "pickup",
  }).toString();
  return fetch(`${base}/thanh-toan`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
  });
}
