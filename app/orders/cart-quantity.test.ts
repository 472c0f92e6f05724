/**
 * Quantities as the buyer meant them, through the cart routes: "2.5" is refused (it was read as 25),
 * "2,5" of a 0,5 kg-step listing is 2.5 kg, and money is rounded once per line.
 */
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { cartItems, listings } from "../../db/schema";
import { freshTestDb } from "../../tests/db";
import { formRequest, routeArgs as args, signIn } from "~/accounts/test-utils";
import * as addRoute from "~/routes/gio-hang.them";
import { cartView, getUserCart } from "./cart.server";
import { buyer, farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const location = (value: unknown) => (value as Response).headers.get("Location") ?? "";

describe("adding to the cart by typed quantity", () => {
  it("refuses '2.5' with a suggestion instead of adding 25, and adds '2,5' as 2.5 kg on a 0,5 kg step", async () => {
    const farm = await farmWithListing(db, { stock: 100, priceVnd: 33_333 });
    db.update(listings).set({ quantityStep: 0.5 }).where(eq(listings.id, farm.listing.id)).run();
    const user = await buyer(db);
    const cookie = await signIn(db, user.id);
    const post = (quantity: string) => addRoute.action(args(formRequest("/gio-hang/them", { listingId: String(farm.listing.id), quantity }, cookie)));

    const refused = location(await post("2.5"));
    expect(new URL(refused, "http://x").searchParams.get("loi")).toBe("numberInput.dotDecimalSuggest");
    expect(new URL(refused, "http://x").searchParams.get("gy")).toBe("2,5");
    expect(getUserCart(db, user.id) && db.select().from(cartItems).where(eq(cartItems.cartId, getUserCart(db, user.id)!.id)).all()).toEqual([]);

    expect(location(await post("2,5"))).toBe(`/gio-hang?them=${farm.listing.id}`);
    expect(location(await post("2,3"))).toContain("loi=numberInput.step");
    const view = cartView(db, getUserCart(db, user.id)!.id);
    expect(view.farms[0].lines[0]).toMatchObject({ quantity: 2.5, lineTotalVnd: 83_333 });
  });
});
