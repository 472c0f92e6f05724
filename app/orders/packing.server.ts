import crypto from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { farmShipping, orderEvents, orderItems, orders, shipments, users, weightAdjustments, type Order, type WeightAdjustment } from "../../db/schema";
import type { Actor } from "~/accounts/access";
import { messageUrl } from "~/alerts/signing.server";
import { formatMoney } from "~/i18n/format";
import { enqueueJob } from "~/jobs/queue.server";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { lineTotalVnd, parseQuantity, quantityInputValue, quantityMessageKey } from "~/lib/quantity";
import { isWeightUnit, packedQuantityRule, unitWeightGrams, type Unit } from "~/listings/options";
import { amountPaidVnd } from "~/payments/refunds.server";
import { SHIPPING_JOBS } from "~/shipping/jobs";
import { packingFigures, type FigureLine, type PackingFigures } from "./packing-figures";
import { settleMoney } from "./packing-money.server";
import { ensurePackingLapse } from "./packing-schedule.server";
import { tellPacking } from "./packing-notify.server";
import { assertStepAllowed, transitionOrder } from "./state-machine.server";
import { recordOrderEntry } from "./timeline.server";

/**
 * Packed weight (issue 15, decision 0029): for lines sold by weight the farm enters what it really
 * packed. Packed as ordered: the order is simply packed. Within the farm's tolerance: the packed
 * figures replace the ordered ones (kept in ordered_quantity / ordered_line_total_vnd), the order is
 * packed and the buyer told. Beyond it: the buyer answers by a link (token, stored as its sha256)
 * within ANSWER_HOURS; accepted → as within tolerance; refused or unanswered → the ordered
 * quantities stand and the farm packs those. Money follows in refundOrderAmount, the one refund path.
 */
export const ANSWER_HOURS = 24;
export const DEFAULT_TOLERANCE_PCT = 10;
/** Carriers that create a shipment when the order is packed (the farm's own delivery does not). */
const PARTNER_CARRIERS: ReadonlySet<string> = new Set(["ghn", "ghtk"]);
const PREPAID: ReadonlySet<string> = new Set(["card", "bank_transfer"]);

/** The form field of a line's packed quantity. */
export const packedField = (itemId: number) => `packed-${itemId}`;

const fail = (key: string, status = 400): never => {
  throw new AppError(`shipping:packing.errors.${key}`, status);
};

export const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export function tolerancePct(db: Db, householdId: number): number {
  return db.select({ pct: farmShipping.weightTolerancePct }).from(farmShipping).where(eq(farmShipping.householdId, householdId)).get()?.pct ?? DEFAULT_TOLERANCE_PCT;
}

function loadOrder(db: Db, orderId: number) {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) throw new AppError("common:errors.notFoundText", 404);
  const items = db
    .select()
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.id))
    .all()
    .map((item) => ({
      ...item,
      ordered: item.orderedQuantity ?? item.quantity,
      orderedTotal: item.orderedLineTotalVnd ?? item.lineTotalVnd,
    }));
  return { order, items };
}
type Loaded = ReturnType<typeof loadOrder>;

/** What was paid for a prepaid order (its total may not grow beyond it); null for cash on delivery. */
function paidCap(db: Db, order: Order): number | null {
  return PREPAID.has(order.paymentMethod) && (order.paymentStatus === "paid" || order.paymentStatus === "refunded") ? amountPaidVnd(db, order) : null;
}

function figuresOf(db: Db, { order, items }: Loaded, packed: (item: Loaded["items"][number]) => number): PackingFigures {
  const lines: FigureLine[] = items.map((i) => ({ itemId: i.id, priceVnd: i.priceVnd, ordered: i.ordered, orderedLineTotalVnd: i.orderedTotal, packed: packed(i) }));
  // The figures as ordered: a refused or lapsed request left them there.
  const subtotalVnd = items.reduce((sum, i) => sum + i.orderedTotal, 0);
  const totalVnd = order.totalVnd - order.subtotalVnd + subtotalVnd;
  return packingFigures({ lines, subtotalVnd, deliveryFeeVnd: order.deliveryFeeVnd, totalVnd, tolerancePct: tolerancePct(db, order.householdId), paidCapVnd: paidCap(db, order) });
}

/** The adjustment waiting for the buyer's answer, if any. */
export function waitingAdjustment(db: Db, orderId: number): WeightAdjustment | undefined {
  return db
    .select()
    .from(weightAdjustments)
    .where(and(eq(weightAdjustments.orderId, orderId), eq(weightAdjustments.status, "awaiting_buyer")))
    .orderBy(desc(weightAdjustments.id))
    .get();
}

/** The farm's packing form: weight lines with the ordered quantity, the tolerance, the totals. */
export function packingFormData(db: Db, orderId: number) {
  const loaded = loadOrder(db, orderId);
  const { order, items } = loaded;
  return {
    tolerancePct: tolerancePct(db, order.householdId),
    subtotalVnd: items.reduce((sum, i) => sum + i.orderedTotal, 0),
    deliveryFeeVnd: order.deliveryFeeVnd,
    totalVnd: order.totalVnd - order.subtotalVnd + items.reduce((sum, i) => sum + i.orderedTotal, 0),
    paidCapVnd: paidCap(db, order),
    waitingUntil: waitingAdjustment(db, orderId)?.expiresAt?.toISOString() ?? null,
    answerHours: ANSWER_HOURS,
    lines: items.map((i) => ({
      itemId: i.id,
      title: i.title,
      unit: i.unit,
      priceVnd: i.priceVnd,
      ordered: i.ordered,
      orderedLineTotalVnd: i.orderedTotal,
      weighed: isWeightUnit(i.unit),
    })),
  };
}

/** Reads the typed packed quantities with the listing's own rules; the first refusal names its line's field. */
function readPacked(loaded: Loaded, typed: Record<string, string>): Map<number, number> {
  const packed = new Map<number, number>();
  for (const item of loaded.items) {
    if (!isWeightUnit(item.unit)) {
      packed.set(item.id, item.ordered);
      continue;
    }
    const rule = packedQuantityRule(item.unit as Unit);
    const result = parseQuantity(typed[packedField(item.id)] ?? "", rule);
    if (!result.ok) {
      throw new AppError(
        quantityMessageKey(result),
        400,
        { unit: item.unit, step: quantityInputValue(rule.step), example: quantityInputValue(item.ordered), suggestion: result.suggestion ?? "" },
        packedField(item.id),
      );
    }
    packed.set(item.id, result.value);
  }
  return packed;
}

/** Checks what the farm typed and says what would happen, changing nothing (the no-JavaScript confirm page). */
export function previewPacking(db: Db, actor: Actor, orderId: number, typed: Record<string, string>): PackingFigures {
  assertStepAllowed(db, actor, orderId, "packed");
  const loaded = loadOrder(db, orderId);
  const packed = readPacked(loaded, typed);
  return figuresOf(db, loaded, (i) => packed.get(i.id)!);
}

const entryActor = (actor: Actor) => ({ id: actor.id, role: actor.role === "officer" || actor.role === "admin" ? actor.role : ("farm" as const) });

/** The order's weight from its lines (null while a line's unit weight is unknown). */
function weightOf(db: Db, orderId: number): number | null {
  let grams = 0;
  for (const item of db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).all()) {
    const unit = item.unitWeightGrams ?? unitWeightGrams(item.unit as Unit, null);
    if (unit === null) return null;
    grams += unit * item.quantity;
  }
  return Math.round(grams);
}

/** Writes the packed figures into the lines and the order (the ordered ones are kept beside them). */
function applyFigures(db: Db, order: Order, lines: WeightAdjustment["lines"], adjustment: Pick<WeightAdjustment, "newSubtotalVnd" | "newTotalVnd">) {
  for (const line of lines) {
    const item = db.select().from(orderItems).where(eq(orderItems.id, line.itemId)).get();
    if (!item) continue;
    db.update(orderItems)
      .set({
        orderedQuantity: item.orderedQuantity ?? item.quantity,
        orderedLineTotalVnd: item.orderedLineTotalVnd ?? item.lineTotalVnd,
        quantity: line.packed,
        lineTotalVnd: lineTotalVnd(item.priceVnd, line.packed),
      })
      .where(eq(orderItems.id, item.id))
      .run();
  }
  const weightGrams = weightOf(db, order.id) ?? order.weightGrams;
  db.update(orders).set({ subtotalVnd: adjustment.newSubtotalVnd, totalVnd: adjustment.newTotalVnd, weightGrams, updatedAt: now() }).where(eq(orders.id, order.id)).run();
}

/** Packed: the step (by transitionOrder's rules), its time, and what the carrier must now do. */
function markPacked(db: Db, actor: Actor, orderId: number) {
  const order = transitionOrder(db, actor, orderId, "packed", null);
  db.update(orders).set({ packedAt: now() }).where(eq(orders.id, orderId)).run();
  if (order.carrier && PARTNER_CARRIERS.has(order.carrier)) enqueueJob(db, SHIPPING_JOBS.create, { orderId });
  return order;
}

/** A cash order whose shipment already exists and is not picked up: the carrier must collect the new total. */
function queueCodUpdate(db: Db, order: Order) {
  if (order.paymentMethod !== "cod") return;
  const shipment = db.select({ id: shipments.id }).from(shipments).where(and(eq(shipments.orderId, order.id), eq(shipments.status, "created"))).get();
  if (shipment) enqueueJob(db, SHIPPING_JOBS.updateCod, { orderId: order.id });
}

function insertAdjustment(db: Db, orderId: number, figures: PackingFigures, values: Partial<WeightAdjustment> & Pick<WeightAdjustment, "status">) {
  return db
    .insert(weightAdjustments)
    .values({
      orderId,
      lines: figures.lines.map((l) => ({ itemId: l.itemId, ordered: l.ordered, packed: l.packed })),
      oldSubtotalVnd: figures.oldSubtotalVnd,
      newSubtotalVnd: figures.newSubtotalVnd,
      oldDeliveryFeeVnd: figures.deliveryFeeVnd,
      // The fee stays as quoted: a partner carrier corrects it by its webhook (decision 0029).
      newDeliveryFeeVnd: figures.deliveryFeeVnd,
      oldTotalVnd: figures.oldTotalVnd,
      newTotalVnd: figures.newTotalVnd,
      createdAt: now(),
      ...values,
    })
    .returning()
    .get();
}

export type PackOutcome =
  | { outcome: "packed" }
  | { outcome: "applied"; adjustmentId: number; refundPending: boolean }
  | { outcome: "awaiting"; adjustmentId: number; token: string };

/**
 * The farm packs a confirmed order: `typed` holds the packed quantity of each weight line as typed
 * (field packedField(itemId)); counted lines are packed as ordered. Who may is transitionOrder's
 * rule for confirmed → packed (the farm, or staff on its behalf).
 */
export async function packOrder(db: Db, actor: Actor, orderId: number, typed: Record<string, string>): Promise<PackOutcome> {
  assertStepAllowed(db, actor, orderId, "packed");
  if (waitingAdjustment(db, orderId)) fail("awaitingBuyer", 409);
  const loaded = loadOrder(db, orderId);
  const packed = readPacked(loaded, typed);
  const figures = figuresOf(db, loaded, (i) => packed.get(i.id)!);
  if (figures.unchanged) {
    db.transaction(() => void markPacked(db, actor, orderId), { behavior: "immediate" });
    return { outcome: "packed" };
  }
  if (figures.withinTolerance) {
    const adjustment = db.transaction(
      () => {
        const row = insertAdjustment(db, orderId, figures, { status: "applied", decidedAt: now() });
        applyFigures(db, loaded.order, row.lines, row);
        recordOrderEntry(db, { orderId, kind: "packed.within_tolerance", note: totalsNote(row), actor: entryActor(actor) });
        const order = markPacked(db, actor, orderId);
        queueCodUpdate(db, order);
        tellPacking(db, order, "buyer", figures.capped ? "applied.buyerCapped" : "applied.buyer", row.id, { oldTotal: row.oldTotalVnd, newTotal: row.newTotalVnd });
        return row;
      },
      { behavior: "immediate" },
    );
    return { outcome: "applied", adjustmentId: adjustment.id, refundPending: !(await settleMoney(db, adjustment)) };
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const adjustment = db.transaction(
    () => {
      // Checked again inside: two taps of the button must not ask the buyer twice.
      assertStepAllowed(db, actor, orderId, "packed");
      if (waitingAdjustment(db, orderId)) fail("awaitingBuyer", 409);
      const at = now();
      const expiresAt = new Date(at.getTime() + ANSWER_HOURS * 3_600_000);
      const row = insertAdjustment(db, orderId, figures, { status: "awaiting_buyer", tokenHash: tokenHash(token), expiresAt, createdAt: at });
      recordOrderEntry(db, { orderId, kind: "packed.awaiting_buyer", note: totalsNote(row), actor: entryActor(actor) });
      tellPacking(db, loaded.order, "buyer", "awaiting.buyer", row.id, { oldTotal: row.oldTotalVnd, newTotal: row.newTotalVnd }, { hours: ANSWER_HOURS, url: messageUrl(answerPath(token)) });
      ensurePackingLapse(db, expiresAt);
      return row;
    },
    { behavior: "immediate" },
  );
  return { outcome: "awaiting", adjustmentId: adjustment.id, token };
}

export const answerPath = (token: string) => `/don-hang/can-lai/${token}`;

/** For the timeline: the totals before and after (notes are stored text, written the Vietnamese way). */
const totalsNote = (a: Pick<WeightAdjustment, "oldTotalVnd" | "newTotalVnd">) => `${formatMoney(a.oldTotalVnd, "vi")} → ${formatMoney(a.newTotalVnd, "vi")}`;

export type Answer = "accept" | "refuse";
export type AnswerOutcome = { outcome: "accepted" | "refused" | "lapsed" | "already"; adjustment: WeightAdjustment; refundPending?: boolean };

/** The adjustment behind a buyer's link (any status: the page says what became of it), or undefined. */
export function adjustmentByToken(db: Db, token: string): WeightAdjustment | undefined {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db.select().from(weightAdjustments).where(eq(weightAdjustments.tokenHash, tokenHash(token))).get();
}

/** The one who asked (the farm or staff on its behalf): accepting takes the packed step as theirs. */
function packerOf(db: Db, orderId: number): Actor {
  const row = db
    .select({ id: users.id, role: users.role })
    .from(orderEvents)
    .innerJoin(users, eq(users.id, orderEvents.actorUserId))
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.kind, "packed.awaiting_buyer")))
    .orderBy(desc(orderEvents.id))
    .get();
  if (!row) throw new Error(`order ${orderId} has no packing request`);
  return row;
}

/**
 * The buyer's answer to an adjustment beyond tolerance (by the link's token, or on their order page
 * after the route asked the access policy). Past its time it lapses instead. A second answer changes
 * nothing; a second accept only retries a refund that failed.
 */
export async function answerAdjustment(db: Db, adjustmentId: number, answer: Answer): Promise<AnswerOutcome> {
  const decided = db.transaction(
    () => {
      const adjustment = db.select().from(weightAdjustments).where(eq(weightAdjustments.id, adjustmentId)).get();
      if (!adjustment) throw new AppError("common:errors.notFoundText", 404);
      if (adjustment.status !== "awaiting_buyer") return { outcome: "already" as const, adjustment };
      if (adjustment.expiresAt && adjustment.expiresAt.getTime() <= now().getTime()) return { outcome: "lapsed" as const, adjustment: lapseOne(db, adjustment) };
      const order = db.select().from(orders).where(eq(orders.id, adjustment.orderId)).get()!;
      if (order.status !== "confirmed") fail("orderMoved", 409);
      const status = answer === "accept" ? ("accepted" as const) : ("refused" as const);
      const row = db
        .update(weightAdjustments)
        .set({ status, decidedAt: now() })
        .where(and(eq(weightAdjustments.id, adjustment.id), eq(weightAdjustments.status, "awaiting_buyer")))
        .returning()
        .get()!;
      const buyer = { id: order.buyerUserId, role: "buyer" as const };
      if (answer === "accept") {
        applyFigures(db, order, row.lines, row);
        recordOrderEntry(db, { orderId: order.id, kind: "packed.accepted", note: totalsNote(row), actor: buyer });
        const packed = markPacked(db, packerOf(db, order.id), order.id);
        queueCodUpdate(db, packed);
        tellPacking(db, packed, "farm", "accepted.farm", row.id, { newTotal: row.newTotalVnd });
      } else {
        recordOrderEntry(db, { orderId: order.id, kind: "packed.refused", actor: buyer });
        tellPacking(db, order, "farm", "refused.farm", row.id);
      }
      return { outcome: status, adjustment: row };
    },
    { behavior: "immediate" },
  );
  const settle = decided.adjustment.status === "accepted" && (decided.outcome === "accepted" || decided.outcome === "already");
  return settle ? { ...decided, refundPending: !(await settleMoney(db, decided.adjustment)) } : decided;
}

/** No answer in time: the ordered quantities stand; both sides are told. */
function lapseOne(db: Db, adjustment: WeightAdjustment): WeightAdjustment {
  const row = db
    .update(weightAdjustments)
    .set({ status: "lapsed", decidedAt: now() })
    .where(and(eq(weightAdjustments.id, adjustment.id), eq(weightAdjustments.status, "awaiting_buyer")))
    .returning()
    .get();
  if (!row) return adjustment;
  const order = db.select().from(orders).where(eq(orders.id, row.orderId)).get()!;
  recordOrderEntry(db, { orderId: order.id, kind: "packed.lapsed" });
  tellPacking(db, order, "buyer", "lapsed.buyer", row.id, { oldTotal: row.oldTotalVnd });
  tellPacking(db, order, "farm", "lapsed.farm", row.id);
  return row;
}

/** The periodic job's work: lapses every request past its time; returns how many, and the next expiry. */
export function lapseDueAdjustments(db: Db, at = now()): { lapsed: number; next: Date | null } {
  const waiting = db
    .select()
    .from(weightAdjustments)
    .where(inArray(weightAdjustments.status, ["awaiting_buyer"]))
    .orderBy(asc(weightAdjustments.expiresAt))
    .all();
  let lapsed = 0;
  let next: Date | null = null;
  for (const adjustment of waiting) {
    if (adjustment.expiresAt && adjustment.expiresAt.getTime() > at.getTime()) {
      next ??= adjustment.expiresAt;
      continue;
    }
    db.transaction(() => {
      if (lapseOne(db, adjustment).status === "lapsed") lapsed++;
    });
  }
  return { lapsed, next };
}
