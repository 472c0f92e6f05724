import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, asc, eq, sql } from "drizzle-orm";
import { cartItems, carts, households, listings, type Cart, type Unit } from "../../db/schema";
import { getSessionUser, type SessionUser } from "~/accounts/session.server";
import { listingPath, shopPath } from "~/catalog/catalog.server";
import { canPublish } from "~/households/records.server";
import { db as appDb, type Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { MAX_QUANTITY, lineTotalVnd, parseQuantity, quantityInputValue, quantityMessageKey, roundQuantity } from "~/lib/quantity";
import { quantityRule } from "~/listings/options";

/**
 * Carts: a guest's lives behind a random token in a signed cookie, a signed-in buyer's belongs to
 * the account. The guest cart is merged into the account's at log-in (mergeGuestCart), and on the
 * first cart page after it if the log-in path did not. Quantities are checked against stock and
 * the minimum order when added; the price seen is kept to tell the buyer when it changed.
 * Quantities are numbers in the listing's unit: whole for counted units, multiples of the farm's
 * step for weights (0.5 kg …), rounded to thousandths (lib/quantity.ts, decision 0019). Typed text
 * is read by the one quantity parser, the same the browser runs before sending.
 */

const GUEST_DAYS = 30;

function guestCartCookie() {
  const config = env();
  return createCookie("cart", {
    secrets: [config.SESSION_SECRET],
    httpOnly: true,
    sameSite: "lax",
    secure: config.NODE_ENV === "production",
    path: "/",
    maxAge: GUEST_DAYS * 86_400,
  });
}

async function readGuestToken(request: Request): Promise<string | null> {
  const value: unknown = await guestCartCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,64}$/.test(value) ? value : null;
}

function fail(key: string, params: Record<string, string | number> = {}, status = 400, field?: string): never {
  throw new AppError(`orders:errors.${key}`, status, params, field);
}

export function getUserCart(db: Db, userId: number): Cart | undefined {
  return db.select().from(carts).where(eq(carts.userId, userId)).get();
}

function getGuestCart(db: Db, token: string): Cart | undefined {
  return db.select().from(carts).where(eq(carts.guestToken, token)).get();
}

function createCart(db: Db, owner: { userId: number } | { guestToken: string }): Cart {
  return db
    .insert(carts)
    .values("userId" in owner ? { userId: owner.userId } : { guestToken: owner.guestToken })
    .onConflictDoNothing()
    .returning()
    .get() ?? ("userId" in owner ? getUserCart(db, owner.userId)! : getGuestCart(db, owner.guestToken)!);
}

/**
 * Moves a guest cart's lines into the user's cart and deletes the guest cart. A listing in both
 * keeps the larger quantity (the same produce added on two devices is one wish, not two), capped
 * at the stock. Returns how many lines were merged.
 */
export function mergeGuestCart(db: Db, guestToken: string | null, userId: number): number {
  if (!guestToken) return 0;
  return db.transaction(() => {
    const guest = getGuestCart(db, guestToken);
    if (!guest) return 0;
    const items = db.select().from(cartItems).where(eq(cartItems.cartId, guest.id)).all();
    if (items.length > 0) {
      const cart = getUserCart(db, userId) ?? createCart(db, { userId });
      for (const item of items) {
        db.insert(cartItems)
          .values({ cartId: cart.id, listingId: item.listingId, quantity: item.quantity, seenPriceVnd: item.seenPriceVnd })
          .onConflictDoUpdate({
            target: [cartItems.cartId, cartItems.listingId],
            set: {
              quantity: sql`max(${cartItems.quantity}, excluded.quantity)`,
              seenPriceVnd: sql`excluded.seen_price_vnd`,
            },
          })
          .run();
      }
      db.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cart.id)).run();
    }
    db.delete(carts).where(eq(carts.id, guest.id)).run();
    return items.length;
  });
}

/**
 * For the log-in and sign-up paths: merges the request's guest cart into the user's account.
 * The guest cookie may stay: its cart is gone, so it points at nothing.
 */
export async function mergeCartAtLogin(request: Request, userId: number, db: Db = appDb()): Promise<number> {
  return mergeGuestCart(db, await readGuestToken(request), userId);
}

interface ResolvedCart {
  cart: Cart | null;
  user: SessionUser | null;
  /** Set-Cookie for a new guest token, when one was made */
  setCookie: string | null;
}

/**
 * The request's cart: the user's (after merging any guest cart the browser still carries) or the
 * guest's. With create, a cart (and for a guest its cookie) is made when there is none.
 */
export async function resolveCart(request: Request, options: { create?: boolean; db?: Db } = {}): Promise<ResolvedCart> {
  const db = options.db ?? appDb();
  const user = await getSessionUser(request);
  const token = await readGuestToken(request);
  if (user) {
    if (token) mergeGuestCart(db, token, user.id);
    const cart = getUserCart(db, user.id) ?? (options.create ? createCart(db, { userId: user.id }) : null);
    return { cart, user, setCookie: null };
  }
  const existing = token ? getGuestCart(db, token) : undefined;
  if (existing || !options.create) return { cart: existing ?? null, user: null, setCookie: null };
  const fresh = crypto.randomBytes(24).toString("base64url");
  const cart = createCart(db, { guestToken: fresh });
  return { cart, user: null, setCookie: await guestCartCookie().serialize(fresh) };
}

function loadSellable(db: Db, listingId: number) {
  const row = db
    .select({ listing: listings, household: households })
    .from(listings)
    .innerJoin(households, eq(households.id, listings.householdId))
    .where(eq(listings.id, listingId))
    .get();
  if (!row || row.listing.status !== "published" || !canPublish(row.household)) fail("unavailable", {}, 404);
  return row;
}

type Sellable = { unit: Unit; quantityStep: number; minOrder: number; stock: number };

/**
 * What the buyer typed (text, read as lib/quantity.ts says) or a number from code, checked against
 * the listing's unit and step; refusals carry the parser's reason and suggestion for the form.
 */
function readQuantity(listing: Sellable, quantity: number | string): number {
  const rule = quantityRule(listing);
  // A number from code is held to the same rules as text: written the parser's way, then read back.
  if (typeof quantity === "number" && (!Number.isFinite(quantity) || quantity < 0 || roundQuantity(quantity) !== quantity)) {
    fail("quantityInvalid", {}, 400, "quantity");
  }
  const result = parseQuantity(typeof quantity === "number" ? quantityInputValue(quantity) : quantity, rule);
  if (!result.ok) {
    throw new AppError(
      quantityMessageKey(result),
      400,
      { unit: listing.unit, step: quantityInputValue(rule.step), example: quantityInputValue(rule.step * 3), suggestion: result.suggestion ?? "", max: MAX_QUANTITY },
      "quantity",
    );
  }
  return result.value;
}

function checkQuantity(listing: Sellable, quantity: number) {
  if (!(quantity > 0) || quantity > MAX_QUANTITY) fail("quantityInvalid", {}, 400, "quantity");
  if (quantity < listing.minOrder) fail("belowMinimum", { min: quantityInputValue(listing.minOrder) }, 400, "quantity");
  if (quantity > listing.stock) fail("notEnoughStock", { stock: quantityInputValue(listing.stock) }, 409, "quantity");
}

/**
 * Adds to the line (or starts it); the new total must respect the minimum and the stock. The
 * quantity is a number, or the text the buyer typed ("2,5", "1.500", "3 kg").
 */
export function addToCart(db: Db, cartId: number, listingId: number, quantity: number | string, userId: number | null = null) {
  const { listing, household } = loadSellable(db, listingId);
  if (userId !== null && household.ownerUserId === userId) fail("ownListing", {}, 409);
  const adding = readQuantity(listing, quantity);
  const current = db
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.listingId, listingId)))
    .get();
  const total = roundQuantity((current?.quantity ?? 0) + adding);
  checkQuantity(listing, total);
  db.insert(cartItems)
    .values({ cartId, listingId, quantity: total, seenPriceVnd: listing.priceVnd })
    .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.listingId], set: { quantity: total, seenPriceVnd: listing.priceVnd } })
    .run();
  db.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cartId)).run();
  return { listingId, quantity: total };
}

/**
 * Sets a line's quantity (a number, or the typed text; 0 removes it). The buyer is looking at the
 * price now: it counts as seen.
 */
export function setCartQuantity(db: Db, cartId: number, listingId: number, quantity: number | string) {
  if (quantity === 0 || (typeof quantity === "string" && /^\s*0+(?:,0*)?\s*$/.test(quantity))) return removeCartLine(db, cartId, listingId);
  const { listing } = loadSellable(db, listingId);
  const value = readQuantity(listing, quantity);
  checkQuantity(listing, value);
  const result = db
    .update(cartItems)
    .set({ quantity: value, seenPriceVnd: listing.priceVnd })
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.listingId, listingId)))
    .run();
  if (result.changes !== 1) fail("notInCart", {}, 404);
}

export function removeCartLine(db: Db, cartId: number, listingId: number) {
  db.delete(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.listingId, listingId)))
    .run();
}

type LineProblem = "unavailable" | "stock" | "minOrder" | null;

interface CartLineView {
  listingId: number;
  title: string;
  path: string;
  unit: Unit;
  priceVnd: number;
  seenPriceVnd: number;
  quantity: number;
  stock: number;
  minOrder: number;
  /** the smallest amount to add or remove (1 for counted units) */
  step: number;
  lineTotalVnd: number;
  problem: LineProblem;
}

interface CartFarmView {
  householdId: number;
  name: string;
  path: string;
  lines: CartLineView[];
  subtotalVnd: number;
  /** for the checkout: what the farm offers */
  pickup: boolean;
  hasBankAccount: boolean;
}

export interface CartView {
  farms: CartFarmView[];
  count: number;
  totalVnd: number;
  /** some line cannot be bought as it is */
  blocked: boolean;
  priceChanged: boolean;
}

/** The cart grouped by farm, with each line checked against the listing as it is now. */
export function cartView(db: Db, cartId: number | null | undefined): CartView {
  const view: CartView = { farms: [], count: 0, totalVnd: 0, blocked: false, priceChanged: false };
  if (!cartId) return view;
  const rows = db
    .select({ item: cartItems, listing: listings, household: households })
    .from(cartItems)
    .innerJoin(listings, eq(listings.id, cartItems.listingId))
    .innerJoin(households, eq(households.id, listings.householdId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(households.displayName), asc(cartItems.addedAt))
    .all();
  const farms = new Map<number, CartFarmView>();
  for (const { item, listing, household } of rows) {
    const available = listing.status === "published" && canPublish(household);
    const problem: LineProblem = !available ? "unavailable" : listing.stock < item.quantity ? "stock" : item.quantity < listing.minOrder ? "minOrder" : null;
    let farm = farms.get(household.id);
    if (!farm) {
      farm = {
        householdId: household.id,
        name: household.displayName,
        path: shopPath(household.id, household.displayName),
        lines: [],
        subtotalVnd: 0,
        pickup: household.delivery.pickup,
        hasBankAccount: Boolean(household.bankBin && household.bankAccountNumber),
      };
      farms.set(household.id, farm);
    }
    const lineTotal = lineTotalVnd(listing.priceVnd, item.quantity);
    farm.lines.push({
      listingId: listing.id,
      title: listing.title,
      path: listingPath(listing.id, listing.slug),
      unit: listing.unit,
      priceVnd: listing.priceVnd,
      seenPriceVnd: item.seenPriceVnd,
      quantity: item.quantity,
      stock: listing.stock,
      minOrder: listing.minOrder,
      step: quantityRule(listing).step,
      lineTotalVnd: lineTotal,
      problem,
    });
    if (!problem) farm.subtotalVnd += lineTotal;
    view.count += 1;
    if (problem) view.blocked = true;
    if (listing.priceVnd !== item.seenPriceVnd) view.priceChanged = true;
  }
  view.farms = [...farms.values()];
  view.totalVnd = view.farms.reduce((sum, f) => sum + f.subtotalVnd, 0);
  return view;
}

/**
 * The header's badge: how many products (lines) the request's cart holds, in one read-only query
 * (no cart is made and nothing merged: that waits for the cart page or log-in).
 */
export async function cartLineCount(request: Request, user: { id: number } | null, db: Db = appDb()): Promise<number> {
  const owner = user ? eq(carts.userId, user.id) : await readGuestToken(request).then((token) => (token ? eq(carts.guestToken, token) : null));
  if (!owner) return 0;
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(cartItems)
    .innerJoin(carts, eq(carts.id, cartItems.cartId))
    .where(owner)
    .get();
  return row?.n ?? 0;
}
