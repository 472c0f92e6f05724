/**
 * Helpers for the shipping tests: the carriers pointed at their local fakes, the places the GHN
 * fake knows, and a cash-on-delivery order packed for a carrier. Not imported by application code.
 */
import { eq } from "drizzle-orm";
import { orders, type PaymentMethod } from "../../db/schema";
import type { CarrierId } from "./carrier";
import type { Db } from "~/lib/db.server";
import { resetEnvForTests } from "~/lib/env.server";
import { TEST_COMMUNE } from "~/listings/test-utils";
import { transitionOrder } from "~/orders/state-machine.server";
import { checkoutOf, farmWithListing, makeBuyer } from "~/payments/test-fixtures";
import type { GhnPlace } from "../../tests/fakes/ghn";
import { placeOf } from "./places.server";

export const TEST_CARRIER_SECRET = "carrier-webhook-secret-for-tests";
export const GHN_TOKEN = "ghn-test-token";
export const GHN_SHOP_ID = "885";
export const GHTK_TOKEN = "ghtk-test-token";

/** Configures the partners against the fakes (null switches one off). */
export function useCarriers(urls: { ghn?: string | null; ghtk?: string | null }) {
  const set = (name: string, value: string | null | undefined) => (value ? (process.env[name] = value) : delete process.env[name]);
  set("GHN_TOKEN", urls.ghn ? GHN_TOKEN : null);
  set("GHN_SHOP_ID", urls.ghn ? GHN_SHOP_ID : null);
  set("GHN_API_URL", urls.ghn);
  set("GHTK_TOKEN", urls.ghtk ? GHTK_TOKEN : null);
  set("GHTK_API_URL", urls.ghtk);
  set("CARRIER_WEBHOOK_SECRET", urls.ghn || urls.ghtk ? TEST_CARRIER_SECRET : null);
  resetEnvForTests();
}

/** The former district and ward of these current communes, as GHN's master data names them. */
export function ghnPlacesFor(db: Db, communeCodes: string[] = [TEST_COMMUNE]): GhnPlace[] {
  return communeCodes.map((communeCode) => {
    const former = placeOf(db, { name: "", phone: "", communeCode, addressLine: "" }).former;
    if (!former) throw new Error(`commune ${communeCode} has no former units`);
    return { province: former.provinceName, district: former.districtName, ward: former.communeName };
  });
}

export type TestFarm = Awaited<ReturnType<typeof farmWithListing>>;

export const shippingFarm = (db: Db) => farmWithListing(db, { stock: 1000 });

/** An order of `quantity` units for `carrier`, confirmed and packed by the farm (prepaid: a bank transfer received). */
export async function packedOrder(db: Db, farm: TestFarm, carrier: CarrierId, method: PaymentMethod = "cod", quantity = 2) {
  const buyer = await makeBuyer(db);
  const [placed] = checkoutOf(db, buyer, [{ listing: farm.listing, quantity }], method).orders;
  db.update(orders).set({ carrier }).where(eq(orders.id, placed.id)).run();
  if (method !== "cod") db.update(orders).set({ paymentStatus: "paid" }).where(eq(orders.id, placed.id)).run();
  transitionOrder(db, farm.farmer, placed.id, "confirmed");
  // Set here rather than stepped: the packed step (its messages, its weights) belongs to packing.
  db.update(orders).set({ status: "packed" }).where(eq(orders.id, placed.id)).run();
  return db.select().from(orders).where(eq(orders.id, placed.id)).get()!;
}
