/**
 * Complaints, part one: reading a complaint, opening one, withdrawing it. The farm's answer, the
 * decision, the escalation job and the remedy are in resolve.server.ts. Every step is written with
 * its timeline entry and its messages in one transaction; money moves only through
 * refundOrderAmount (app/payments/refunds.server.ts), after the step is stored.
 */
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { complaintPhotos, complaints, households, orderEvents, orders, type Complaint, type Order } from "../../db/schema";
import { complaintRoles, mayComplainAbout, type Actor, type HouseholdRef } from "~/accounts/access.server";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { readWholeNumber } from "~/lib/quantity";
import { cleanMultilineText } from "~/lib/text";
import { recordOrderEntry } from "~/orders/timeline.server";
import { amountPaidVnd, amountRefundedVnd } from "~/payments/refunds.server";
import { notifyComplaintStep } from "./notify.server";
import { discardComplaintPhotos, type StoredComplaintPhoto } from "./photos.server";
import { ANSWER_HOURS, DESCRIPTION_MAX, isPending, isReason, isRemedy, type ComplaintReason, type ComplaintRemedy } from "./rules";
import { ensureComplaintJob } from "./schedule.server";

export const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const fail = (key: string, status = 400, field?: string, params: Record<string, string | number> = {}): never => {
  throw new AppError(`complaints:errors.${key}`, status, params, field);
};
const notFound = () => fail("notFound", 404);

export interface ComplaintFarm extends HouseholdRef {
  id: number;
  name: string;
}

/** The complaint with its order and farm; a 404 AppError when there is none. */
export function loadComplaint(db: Db, complaintId: number): { complaint: Complaint; order: Order; farm: ComplaintFarm } {
  const row = db
    .select({ complaint: complaints, order: orders, farm: households })
    .from(complaints)
    .innerJoin(orders, eq(orders.id, complaints.orderId))
    .innerJoin(households, eq(households.id, complaints.householdId))
    .where(eq(complaints.id, complaintId))
    .get();
  if (!row) return notFound();
  const { farm } = row;
  return { complaint: row.complaint, order: row.order, farm: { id: farm.id, name: farm.displayName, ownerUserId: farm.ownerUserId, communeCode: farm.communeCode } };
}

export function complaintOfOrder(db: Db, orderId: number): Complaint | undefined {
  return db.select().from(complaints).where(eq(complaints.orderId, orderId)).get();
}

export function photosOf(db: Db, complaintId: number) {
  return db
    .select({ id: complaintPhotos.id, width: complaintPhotos.width, height: complaintPhotos.height })
    .from(complaintPhotos)
    .where(eq(complaintPhotos.complaintId, complaintId))
    .orderBy(asc(complaintPhotos.id))
    .all();
}

/** A photo and the complaint it belongs to, for the photo route (which asks the access policy). */
export function photoWithComplaint(db: Db, photoId: number) {
  const photo = db.select().from(complaintPhotos).where(eq(complaintPhotos.id, photoId)).get();
  if (!photo) return null;
  return { photo, ...loadComplaint(db, photo.complaintId) };
}

/** What the buyer paid and has not had back yet: the most a refund remedy can ask for. */
export function refundableVnd(db: Db, order: Order): number {
  return Math.max(0, amountPaidVnd(db, order) - amountRefundedVnd(db, order.id));
}

/** When the order reached a step (the latest such step on its timeline). */
function stepAt(db: Db, orderId: number, status: "delivered" | "shipped"): Date | null {
  const row = db
    .select({ at: orderEvents.at })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.toStatus, status), isNull(orderEvents.kind)))
    .orderBy(desc(orderEvents.at), desc(orderEvents.id))
    .limit(1)
    .get();
  return row?.at ?? null;
}

export function complaintWindowMs(): number {
  return env().COMPLAINT_WINDOW_DAYS * DAY_MS;
}

/**
 * Whether the order can take a complaint now, and which reasons: within the window after delivery;
 * a shipped order that never arrived, once the window has passed since it was shipped, only as
 * "not delivered". The reason key says why not.
 */
export function complaintEligibility(db: Db, order: Order, at = now()): { ok: true; reasons: ComplaintReason[] | "all" } | { ok: false; reason: string } {
  if (complaintOfOrder(db, order.id)) return { ok: false, reason: "alreadyOpened" };
  const window = complaintWindowMs();
  if (order.status === "delivered" || order.status === "completed") {
    const delivered = stepAt(db, order.id, "delivered");
    if (!delivered || at.getTime() > delivered.getTime() + window) return { ok: false, reason: "windowClosed" };
    return { ok: true, reasons: "all" };
  }
  if (order.status === "shipped") {
    const shipped = stepAt(db, order.id, "shipped");
    if (shipped && at.getTime() > shipped.getTime() + window) return { ok: true, reasons: ["not_delivered"] };
    return { ok: false, reason: "notYetLate" };
  }
  return { ok: false, reason: "notDelivered" };
}

export interface ComplaintForm {
  reason: string;
  description: string;
  remedy: string;
  amount: string;
}

interface CleanComplaint {
  reason: ComplaintReason;
  description: string;
  remedyAsked: ComplaintRemedy;
  amountAskedVnd: number | null;
}

/** The form's text fields, checked; the refund asked for can never be more than was paid. */
export function parseComplaintForm(db: Db, order: Order, form: ComplaintForm, reasons: ComplaintReason[] | "all"): CleanComplaint {
  if (!isReason(form.reason)) return fail("reasonRequired", 400, "reason");
  if (reasons !== "all" && !reasons.includes(form.reason)) return fail("onlyNotDelivered", 400, "reason");
  const description = cleanMultilineText(form.description);
  if (description.length < 10) return fail("descriptionShort", 400, "description");
  if (description.length > DESCRIPTION_MAX) return fail("descriptionLong", 400, "description", { max: DESCRIPTION_MAX });
  if (!isRemedy(form.remedy)) return fail("remedyRequired", 400, "remedy");
  const refundable = refundableVnd(db, order);
  let amountAskedVnd: number | null = null;
  if (form.remedy === "full_refund" || form.remedy === "partial_refund") {
    if (refundable <= 0) return fail("nothingPaid", 400, "remedy");
  }
  if (form.remedy === "partial_refund") {
    const read = readWholeNumber(form.amount);
    if (!read.ok || read.value <= 0) return fail("amountInvalid", 400, "amount");
    if (read.value > refundable) return fail("amountTooHigh", 400, "amount", { max: refundable });
    amountAskedVnd = read.value;
  }
  return { reason: form.reason, description, remedyAsked: form.remedy, amountAskedVnd };
}

/** The order behind a complaint form for its buyer; anyone else gets the 404. */
export function orderForComplaint(db: Db, actor: Actor, orderId: number): Order {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order || !mayComplainAbout(actor, order)) return notFound();
  return order;
}

/**
 * Opens the buyer's complaint (photos already checked and stored by storeComplaintPhotos). The
 * unique index on the order makes a double submit a clear "already opened", never a second one.
 */
export function openComplaint(db: Db, actor: Actor, orderId: number, form: ComplaintForm, photos: StoredComplaintPhoto[]): Complaint {
  try {
    return db.transaction(
      () => {
        const order = orderForComplaint(db, actor, orderId);
        const at = now();
        const eligible = complaintEligibility(db, order, at);
        if (!eligible.ok) return fail(eligible.reason, 409, undefined, { days: env().COMPLAINT_WINDOW_DAYS });
        const clean = parseComplaintForm(db, order, form, eligible.reasons);
        const farm = db.select({ communeCode: households.communeCode }).from(households).where(eq(households.id, order.householdId)).get()!;
        const complaint = db
          .insert(complaints)
          .values({
            orderId: order.id,
            householdId: order.householdId,
            buyerUserId: order.buyerUserId,
            communeCode: farm.communeCode,
            ...clean,
            status: "open",
            level: "farm",
            dueAt: new Date(at.getTime() + ANSWER_HOURS * HOUR_MS),
            createdAt: at,
            updatedAt: at,
          })
          .returning()
          .get();
        for (const photo of photos) db.insert(complaintPhotos).values({ complaintId: complaint.id, path: photo.path, width: photo.width, height: photo.height, createdAt: at }).run();
        recordOrderEntry(db, { orderId: order.id, kind: "complaint.opened", note: clean.description.slice(0, 200), actor: { id: actor.id, role: "buyer" }, at });
        notifyComplaintStep(db, complaint, "opened");
        ensureComplaintJob(db, complaint.dueAt);
        return complaint;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    discardComplaintPhotos(photos);
    if (error instanceof Error && /UNIQUE constraint failed: complaints\.order_id/.test(error.message)) return fail("alreadyOpened", 409);
    throw error;
  }
}

/** The buyer takes the complaint back while nobody has decided it. */
export function withdrawComplaint(db: Db, actor: Actor, complaintId: number): Complaint {
  return db.transaction(
    () => {
      const { complaint, farm } = loadComplaint(db, complaintId);
      const roles = complaintRoles(db, actor, complaint, farm);
      if (!roles.buyer) return roles.farm || roles.decide ? fail("forbidden", 403) : notFound();
      if (!isPending(complaint.status)) return fail("alreadyClosed", 409);
      const at = now();
      const updated = db
        .update(complaints)
        .set({ status: "withdrawn", updatedAt: at })
        .where(and(eq(complaints.id, complaint.id), eq(complaints.status, complaint.status)))
        .returning()
        .get();
      if (!updated) return fail("alreadyClosed", 409);
      recordOrderEntry(db, { orderId: complaint.orderId, kind: "complaint.withdrawn", actor: { id: actor.id, role: "buyer" }, at });
      notifyComplaintStep(db, updated, "withdrawn");
      return updated;
    },
    { behavior: "immediate" },
  );
}
