import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  households,
  ORDER_STATUSES,
  orderEvents,
  orderItems,
  orders,
  users,
  type Order,
  type OrderItem,
  type OrderStatus,
  type Review,
} from "../../db/schema";
import { communeScope, mayViewOrder, orderPartiesFor, type Actor, type OrderView } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import { shopPath } from "~/catalog/catalog.server";
import type { Db } from "~/lib/db.server";
import { notFound } from "~/lib/errors";
import { isOrderCode } from "./codes";
import { reviewOfOrder } from "./reviews.server";
import type { OrderEntryKind } from "./statuses";
import { allowedSteps, type Party } from "./state-machine.server";

/**
 * Reading orders for the three views — buyer, farm, officer — each limited to what that viewer may
 * see. A code outside the viewer's reach is a 404, the same as a code that does not exist.
 */


interface OrderRow {
  id: number;
  code: string;
  status: OrderStatus;
  paymentMethod: Order["paymentMethod"];
  paymentStatus: Order["paymentStatus"];
  deliveryMethod: Order["deliveryMethod"];
  totalVnd: number;
  createdAt: Date;
  checkoutId: number;
  farmName: string;
  recipientName: string;
  itemCount: number;
  firstTitle: string;
}

const rowColumns = {
  id: orders.id,
  code: orders.code,
  status: orders.status,
  paymentMethod: orders.paymentMethod,
  paymentStatus: orders.paymentStatus,
  deliveryMethod: orders.deliveryMethod,
  totalVnd: orders.totalVnd,
  createdAt: orders.createdAt,
  checkoutId: orders.checkoutId,
  farmName: households.displayName,
  recipientName: orders.recipientName,
  itemCount: sql<number>`(SELECT count(*) FROM order_items i WHERE i.order_id = ${orders.id})`,
  firstTitle: sql<string>`(SELECT i.title FROM order_items i WHERE i.order_id = ${orders.id} ORDER BY i.id LIMIT 1)`,
};

const PAGE_SIZE = 50;

function parseStatus(value: string | null | undefined): OrderStatus | null {
  return value && (ORDER_STATUSES as readonly string[]).includes(value) ? (value as OrderStatus) : null;
}
export { parseStatus as parseOrderStatus };

/** A buyer's orders, newest first. */
export function buyerOrders(db: Db, buyerUserId: number, options: { limit?: number } = {}): OrderRow[] {
  return db
    .select(rowColumns)
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(eq(orders.buyerUserId, buyerUserId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(options.limit ?? PAGE_SIZE)
    .all();
}

// What needs the farm's hand comes first: new orders, then to ship, then on the way.
const FARM_ORDER = sql`CASE ${orders.status} WHEN 'placed' THEN 0 WHEN 'confirmed' THEN 1 WHEN 'packed' THEN 1 WHEN 'shipped' THEN 2 WHEN 'delivered' THEN 3 ELSE 4 END`;

/** A farm's orders: new first, then by what is left to do, newest first within each. */
export function farmOrders(db: Db, householdId: number, options: { status?: OrderStatus | null; limit?: number } = {}): OrderRow[] {
  const filters: SQL[] = [eq(orders.householdId, householdId)];
  if (options.status) filters.push(eq(orders.status, options.status));
  return db
    .select(rowColumns)
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(and(...filters))
    .orderBy(FARM_ORDER, desc(orders.createdAt), desc(orders.id))
    .limit(options.limit ?? PAGE_SIZE)
    .all();
}

/** Orders of households in an officer's areas (an administrator sees all), newest first. */
export function officerOrders(db: Db, viewer: Actor, options: { status?: OrderStatus | null; limit?: number } = {}): OrderRow[] {
  const filters: SQL[] = [];
  const communes = communeScope(db, viewer);
  if (communes !== null) {
    if (communes.length === 0) return [];
    filters.push(inArray(households.communeCode, communes));
  }
  if (options.status) filters.push(eq(orders.status, options.status));
  return db
    .select(rowColumns)
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(options.limit ?? PAGE_SIZE)
    .all();
}

interface TimelineEntry {
  id: number;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actorRole: string;
  actorName: string | null;
  /** staff took the farm's step for a household without an owner */
  onBehalf: boolean;
  kind: OrderEntryKind | null;
  note: string | null;
  at: Date;
}

export interface OrderDetail {
  order: Order;
  items: OrderItem[];
  events: TimelineEntry[];
  farm: {
    id: number;
    name: string;
    path: string;
    phone: string;
    zalo: string | null;
    communeCode: string;
    ownerUserId: number | null;
    hasBankAccount: boolean;
  };
  buyer: { id: number; name: string; phone: string };
  place: { communeName: string; provinceName: string } | null;
  review: Review | null;
}

function findOrderIdByCode(db: Db, code: string | undefined): number | null {
  if (!isOrderCode(code)) return null;
  return db.select({ id: orders.id }).from(orders).where(eq(orders.code, code)).get()?.id ?? null;
}

function orderDetail(db: Db, orderId: number): OrderDetail | null {
  const row = db
    .select({ order: orders, farm: households, buyerName: users.name, buyerPhone: users.phone })
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .innerJoin(users, eq(users.id, orders.buyerUserId))
    .where(eq(orders.id, orderId))
    .get();
  if (!row) return null;
  const { order, farm } = row;
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
  const events = db
    .select({
      id: orderEvents.id,
      fromStatus: orderEvents.fromStatus,
      toStatus: orderEvents.toStatus,
      actorRole: orderEvents.actorRole,
      actorName: users.name,
      onBehalf: orderEvents.onBehalf,
      kind: sql<OrderEntryKind | null>`${orderEvents.kind}`,
      note: orderEvents.note,
      at: orderEvents.at,
    })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorUserId))
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id))
    .all();
  const commune = getCurrentCommune(db, order.communeCode);
  return {
    order,
    items,
    events,
    farm: {
      id: farm.id,
      name: farm.displayName,
      path: shopPath(farm.id, farm.displayName),
      phone: farm.phone,
      zalo: farm.zaloPhone,
      communeCode: farm.communeCode,
      ownerUserId: farm.ownerUserId,
      hasBankAccount: Boolean(farm.bankBin && farm.bankAccountNumber),
    },
    buyer: { id: order.buyerUserId, name: row.buyerName, phone: row.buyerPhone },
    place: commune ? { communeName: commune.name, provinceName: commune.provinceName } : null,
    review: reviewOfOrder(db, orderId) ?? null,
  };
}

/** The order behind a code for a viewer in a view, with the steps they may take; a 404 Response otherwise. */
export function requireOrderView(db: Db, viewer: Actor, code: string | undefined, view: OrderView) {
  const id = findOrderIdByCode(db, code);
  const detail = id === null ? null : orderDetail(db, id);
  if (!detail || !mayViewOrder(db, viewer, detail.order, detail.farm, view)) throw notFound();
  // Officers read only, unless the access policy lets them act for a farm nobody has claimed yet:
  // then the farm's steps (and no others, whatever else the account may be).
  const { parties: all, onBehalf } = orderPartiesFor(db, viewer, detail.order, detail.farm);
  const parties: Set<Party> = view !== "officer" ? all : onBehalf ? new Set(["farm"]) : new Set();
  if (view === "buyer") parties.delete("farm");
  if (view === "farm") parties.delete("buyer");
  return { detail, steps: allowedSteps(detail.order, parties), onBehalf: view === "officer" && onBehalf };
}

interface PackingLine {
  listingId: number;
  title: string;
  unit: OrderItem["unit"];
  quantity: number;
  orders: number;
}

/**
 * What to pack for the orders the farm confirmed and has not shipped yet, summed per product: packed
 * orders still wait at the farm, with their packed quantities (issue 15: reports read what was packed).
 */
export function packingList(db: Db, householdId: number): { lines: PackingLine[]; orderCount: number } {
  const lines = db
    .select({
      listingId: orderItems.listingId,
      title: sql<string>`min(${orderItems.title})`,
      unit: sql<OrderItem["unit"]>`min(${orderItems.unit})`,
      quantity: sql<number>`sum(${orderItems.quantity})`,
      orders: sql<number>`count(distinct ${orderItems.orderId})`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orders.householdId, householdId), inArray(orders.status, ["confirmed", "packed"])))
    .groupBy(orderItems.listingId)
    .orderBy(sql`min(${orderItems.title})`)
    .all();
  const orderCount =
    db
      .select({ n: sql<number>`count(*)` })
      .from(orders)
      .where(and(eq(orders.householdId, householdId), inArray(orders.status, ["confirmed", "packed"])))
      .get()?.n ?? 0;
  return { lines, orderCount };
}

/** Orders of one checkout that belong to this buyer (the page after placing). */
export function checkoutOrdersOf(db: Db, buyerUserId: number, checkoutId: number): OrderRow[] {
  return db
    .select(rowColumns)
    .from(orders)
    .innerJoin(households, eq(households.id, orders.householdId))
    .where(and(eq(orders.buyerUserId, buyerUserId), eq(orders.checkoutId, checkoutId)))
    .orderBy(asc(orders.id))
    .all();
}

/** Counts per status for the farm's filter tabs. */
export function farmStatusCounts(db: Db, householdId: number): Partial<Record<OrderStatus, number>> {
  const rows = db
    .select({ status: orders.status, n: sql<number>`count(*)` })
    .from(orders)
    .where(eq(orders.householdId, householdId))
    .groupBy(orders.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** The steps only the farm can take next, in the order it takes them (the seller home lists them first). */
export const FARM_WAITING_STATUSES = ["placed", "confirmed", "packed", "shipped"] as const;

/**
 * Orders waiting for the farm, per step (new to confirm, confirmed to ship, shipped to mark
 * delivered): how many, and the first few to open. Steps with nothing waiting are left out.
 */
export function farmWaitingOrders(db: Db, householdId: number, perStep = 3) {
  const counts = farmStatusCounts(db, householdId);
  return FARM_WAITING_STATUSES.filter((status) => (counts[status] ?? 0) > 0).map((status) => ({
    status,
    count: counts[status] ?? 0,
    orders: farmOrders(db, householdId, { status, limit: perStep }).map((o) => ({
      code: o.code,
      recipientName: o.recipientName,
      firstTitle: o.firstTitle,
      itemCount: o.itemCount,
      totalVnd: o.totalVnd,
      awaitingPayment: status === "placed" && o.paymentMethod !== "cod" && o.paymentStatus !== "paid",
    })),
  }));
}
