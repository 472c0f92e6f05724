import { afterAll, describe, expect, it } from "vitest";
import { freshTestDb } from "../../tests/db";
import { getRequest, routeArgs as args, signIn, formRequest } from "~/accounts/test-utils";
import { loader as rootLoader } from "~/root";
import * as addRoute from "~/routes/gio-hang.them";
import { addToCart, cartLineCount, mergeCartAtLogin, resolveCart } from "./cart.server";
import { addListingTo, buyer, farmWithListing } from "./test-fixtures";

const db = freshTestDb({ adminUnits: true });
afterAll(() => db.cleanup());

const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

describe("the header's cart count", () => {
  it("counts the lines of a guest's cookie cart and of a signed-in buyer's cart; nobody's cart shows 0", async () => {
    const farm = await farmWithListing(db, { stock: 50 });
    const other = addListingTo(db, farm.farmer, farm.household.id, { stock: 50, title: "Bưởi Năm Roi" });
    expect(await cartLineCount(getRequest("/"), null, db)).toBe(0);

    const added = (await addRoute.action(args(formRequest("/gio-hang/them", { listingId: String(farm.listing.id), quantity: "2" })))) as Response;
    const guestCookie = cookiesOf(added);
    expect(await cartLineCount(getRequest("/", guestCookie), null, db)).toBe(1);
    const root = await (await rootLoader(args(getRequest("/", guestCookie)))).json();
    expect(root.cartCount).toBe(1);

    const user = await buyer(db);
    await mergeCartAtLogin(getRequest("/dang-nhap", guestCookie), user.id, db);
    const cart = (await resolveCart(getRequest("/", await signIn(db, user.id)), { db })).cart!;
    addToCart(db, cart.id, other.id, 3);
    // Two lines (2 + 3 units): the badge counts products, not units.
    const signedIn = await signIn(db, user.id);
    expect(await cartLineCount(getRequest("/", signedIn), user, db)).toBe(2);
    expect((await (await rootLoader(args(getRequest("/", signedIn)))).json()).cartCount).toBe(2);
  });
});
