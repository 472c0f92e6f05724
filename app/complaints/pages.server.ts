/**
 * What the complaint pages show, shaped for the browser: one complaint for its parties, the link on
 * the order pages, the staff list. Reads only; the access policy has been asked by the route.
 */
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { complaints, households, orders, refunds, users, type Complaint, type Order } from "../../db/schema";
import { communeScope, complaintRoles, type Actor } from "~/accounts/access.server";
import { getCurrentCommune } from "~/addresses/lookup.server";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { complaintEligibility, complaintOfOrder, loadComplaint, photosOf, refundableVnd } from "./complaints.server";
import type { ComplaintReason } from "./rules";

export function complaintPhotoUrl(photoId: number): string {
  return `/khieu-nai/anh/${photoId}`;
}

/** One complaint as its parties see it. */
export function complaintView(db: Db, complaint: Complaint, order: Pick<Order, "code">, farmName: string) {
  const buyer = db.select({ name: users.name }).from(users).where(eq(users.id, complaint.buyerUserId)).get();
  const refund = db
    .select({ status: refunds.status, amountVnd: refunds.amountVnd, method: refunds.method })
    .from(refunds)
    .where(and(eq(refunds.orderId, complaint.orderId), eq(refunds.cause, "complaint"), eq(refunds.causeRef, String(complaint.id))))
    .get();
  return {
    id: complaint.id,
    orderCode: order.code,
    farmName,
    buyerName: buyer?.name ?? "",
    status: complaint.status,
    level: complaint.level,
    reason: complaint.reason,
    description: complaint.description,
    remedyAsked: complaint.remedyAsked,
    amountAskedVnd: complaint.amountAskedVnd,
    createdAt: complaint.createdAt.toISOString(),
    dueAt: complaint.dueAt.toISOString(),
    farmAnswer: complaint.farmAnswer,
    farmAgrees: complaint.farmAgrees,
    decision: complaint.decision,
    decisionAmountVnd: complaint.decisionAmountVnd,
    decisionReason: complaint.decisionReason,
    decidedAt: complaint.decidedAt?.toISOString() ?? null,
    refund: refund ?? null,
    photos: photosOf(db, complaint.id).map((p) => ({ ...p, url: complaintPhotoUrl(p.id) })),
  };
}
export type ComplaintViewData = ReturnType<typeof complaintView>;

/** For the buyer's order page: the complaint's state, or whether one can be opened now. */
export function complaintLinkFor(db: Db, order: Order): { status: Complaint["status"] | null; canOpen: boolean; days: number } {
  const existing = complaintOfOrder(db, order.id);
  const days = env().COMPLAINT_WINDOW_DAYS;
  if (existing) return { status: existing.status, canOpen: false, days };
  return { status: null, canOpen: complaintEligibility(db, order).ok, days };
}

/** The buyer's complaint page without a complaint yet: what the form may offer. */
export function complaintFormData(db: Db, order: Order) {
  const eligible = complaintEligibility(db, order);
  return {
    eligible: eligible.ok,
    why: eligible.ok ? null : eligible.reason,
    reasons: eligible.ok ? (eligible.reasons === "all" ? null : (eligible.reasons as ComplaintReason[])) : null,
    refundableVnd: refundableVnd(db, order),
    days: env().COMPLAINT_WINDOW_DAYS,
  };
}

const PENDING = ["open", "answered", "escalated"] as const;

/** Complaints of the farms in the staff member's areas (an administrator: all), those waiting first. */
export function staffComplaints(db: Db, actor: Actor, options: { all?: boolean; limit?: number } = {}) {
  const filters: SQL[] = [];
  const communes = communeScope(db, actor);
  if (communes !== null) {
    if (communes.length === 0) return [];
    filters.push(inArray(households.communeCode, communes));
  }
  if (!options.all) filters.push(inArray(complaints.status, [...PENDING]));
  const rows = db
    .select({
      id: complaints.id,
      status: complaints.status,
      level: complaints.level,
      reason: complaints.reason,
      dueAt: complaints.dueAt,
      createdAt: complaints.createdAt,
      orderCode: orders.code,
      farmName: households.displayName,
      communeCode: households.communeCode,
    })
    .from(complaints)
    .innerJoin(orders, eq(orders.id, complaints.orderId))
    .innerJoin(households, eq(households.id, complaints.householdId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(asc(complaints.dueAt), desc(complaints.id))
    .limit(options.limit ?? 100)
    .all();
  return rows.map((r) => ({
    ...r,
    dueAt: r.dueAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    communeName: getCurrentCommune(db, r.communeCode)?.name ?? r.communeCode,
  }));
}

/** The staff page of one complaint; a 404 AppError unless the actor is staff of the farm's area (or an administrator). */
export function staffComplaintPage(db: Db, actor: Actor, complaintId: number) {
  const { complaint, order, farm } = loadComplaint(db, complaintId);
  const roles = complaintRoles(db, actor, complaint, farm);
  if (!roles.decide) throw new AppError("complaints:errors.notFound", 404);
  return {
    complaint: complaintView(db, complaint, order, farm.name),
    canDecide: complaint.status === "escalated",
    canAnswerOnBehalf: roles.onBehalf && complaint.status === "open" && complaint.level === "farm",
    waitingForFarm: complaint.status === "open" && complaint.level === "farm",
    refundableVnd: refundableVnd(db, order),
  };
}
