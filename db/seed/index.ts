import { count } from "drizzle-orm";
import { createUser } from "../../app/accounts/users.server";
import { assignOfficerAreas } from "../../app/addresses/areas.server";
import type { Db } from "../../app/lib/db.server";
import { env } from "../../app/lib/env.server";
import { users } from "../schema";
import { seedCatalog } from "./catalog";
import { seedOrders } from "./orders";
import { seedPrices } from "./prices";

interface DemoLogin {
  role: string;
  phone: string;
  password: string;
}

/** One password for every demo account; it is printed at start and is not in the common-password list. */
export const DEMO_PASSWORD = "chonongsan-demo";

export const DEMO_USERS = [
  { role: "admin", phone: "0901 000 001", name: "Quản trị viên (demo)" },
  { role: "officer", phone: "0901 000 002", name: "Nguyễn Thị Hạnh (cán bộ khuyến nông, demo)" },
  { role: "farmer", phone: "0901 000 003", name: "Trần Văn Lộc (nhà vườn, demo)" },
  { role: "buyer", phone: "0901 000 004", name: "Lê Minh Anh (người mua, demo)" },
] as const;

/**
 * Demo data for an empty database, created through the app's own modules so it obeys the same
 * rules as real data. Does nothing (returns null) when any user exists.
 */
export async function seedDemoData(db: Db): Promise<{ logins: DemoLogin[] } | null> {
  const existing = db.select({ n: count() }).from(users).get();
  if ((existing?.n ?? 0) > 0) return null;

  const logins: DemoLogin[] = [];
  let officer: { id: number; role: "officer" } | null = null;
  let farmer: { id: number; role: "farmer" } | null = null;
  let buyer: { id: number; role: "buyer"; name: string; phone: string } | null = null;
  for (const demo of DEMO_USERS) {
    const user = await createUser(db, {
      phone: demo.phone,
      name: demo.name,
      password: DEMO_PASSWORD,
      role: demo.role,
      phoneVerified: true,
    });
    if (demo.role === "officer") {
      assignOfficerAreas(db, user.id, [{ kind: "province", code: env().HOME_PROVINCE_CODE }]);
      officer = { id: user.id, role: "officer" };
    }
    if (demo.role === "farmer") farmer = { id: user.id, role: "farmer" };
    if (demo.role === "buyer") buyer = { id: user.id, role: "buyer", name: user.name, phone: demo.phone };
    logins.push({ role: demo.role, phone: demo.phone, password: DEMO_PASSWORD });
  }
  // Prices first: listings link to their commodities.
  await seedPrices(db);
  if (officer) {
    // The demo farmer owns one of the demo farms, so its log-in shows a farm with orders.
    const catalog = await seedCatalog(db, officer, { password: DEMO_PASSWORD, demoFarmer: farmer });
    if (buyer) await seedOrders(db, catalog.farms, buyer);
  }
  return { logins };
}
