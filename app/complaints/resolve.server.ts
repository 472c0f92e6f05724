/**
 * Complaints, part two: the farm's answer, the officer's (or an administrator's) decision, the job
 * that sends a late complaint up a level, and the remedy. A decision is stored first (one UPDATE
 * guarded by the status, so a second decision is a 409); the refund follows outside the
 * transaction through refundOrderAmount with cause "complaint" and the complaint's id, whose unique
 * key means a retry can never pay twice.
 */
import { and, asc, eq, inArray, lte, ne } from "drizzle-orm";
import { complaints, refunds, type Complaint } from "../../db/schema";
import { complaintRoles, type Actor } from "~/accounts/access.server";
import { now } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { readWholeNumber } from "~/lib/quantity";
import { cleanMultilineText } from "~/lib/text";
import { recordOrderEntry } from "~/orders/timeline.server";
import { refundOrderAmount } from "~/payments/refunds.server";
import { fail, HOUR_MS, loadComplaint, refundableVnd } from "./complaints.server";
import { notifyComplaintStep } from "./notify.server";
import { ANSWER_HOURS, ANSWER_MAX, isPending, isRemedy, type ComplaintRemedy } from "./rules";
import { ensureComplaintJob } from "./schedule.server";

const RETRY_MS = 15 * 60_000;
const notFound = () => fail("notFound", 404);
const isRefund = (remedy: ComplaintRemedy | null) => remedy === "full_refund" || remedy === "partial_refund";

function cleanAnswer(text: string, field: "answer" | "reason", required: boolean): string | null {
  const clean = cleanMultilineText(text);
  if (required && clean.length < 5) return fail(field === "answer" ? "answerRequired" : "decisionReasonRequired", 400, field);
  if (clean.length > ANSWER_MAX) return fail("answerLong", 400, field, { max: ANSWER_MAX });
  return clean === "" ? null : clean;
}

/**
 * The farm answers: agreeing decides the complaint at once with the remedy asked (the route then
 * calls carryOutRemedy); disputing sends it to the officer of the farm's area with a new due time.
 */
export function answerComplaint(db: Db, actor: Actor, complaintId: number, input: { agrees: string; answer: string }): { complaint: Complaint; onBehalf: boolean } {
  return db.transaction(
    () => {
      const { complaint, order, farm } = loadComplaint(db, complaintId);
      const roles = complaintRoles(db, actor, complaint, farm);
      if (!roles.farm) return roles.buyer || roles.decide ? fail("forbidden", 403) : notFound();
      if (complaint.status !== "open" || complaint.level !== "farm") return fail("alreadyAnswered", 409);
      if (input.agrees !== "yes" && input.agrees !== "no") return fail("agreeRequired", 400, "agrees");
      const agrees = input.agrees === "yes";
      const answer = cleanAnswer(input.answer, "answer", !agrees);
      const at = now();
      // Staff answering for a household nobody has claimed give the farm's answer (as with its order steps).
      const who = { id: actor.id, role: "farm" as const };
      const changes = agrees
        ? {
            status: "resolved" as const,
            decision: complaint.remedyAsked,
            decisionAmountVnd: amountFor(complaint.remedyAsked, complaint.amountAskedVnd, refundableVnd(db, order)),
            decisionReason: answer,
            decidedByUserId: actor.id,
            decidedAt: at,
          }
        : { status: "escalated" as const, level: "officer" as const, dueAt: new Date(at.getTime() + ANSWER_HOURS * HOUR_MS), escalatedAt: at };
      const updated = db
        .update(complaints)
        .set({ farmAgrees: agrees, farmAnswer: answer, farmAnsweredAt: at, updatedAt: at, ...changes })
        .where(and(eq(complaints.id, complaint.id), eq(complaints.status, "open"), eq(complaints.level, "farm")))
        .returning()
        .get();
      if (!updated) return fail("alreadyAnswered", 409);
      recordOrderEntry(db, { orderId: order.id, kind: "complaint.answered", note: answer, actor: who, at });
      if (agrees) {
        recordOrderEntry(db, { orderId: order.id, kind: "complaint.decided", actor: who, at });
        notifyComplaintStep(db, updated, "agreed");
      } else {
        recordOrderEntry(db, { orderId: order.id, kind: "complaint.escalated", actor: null, at });
        notifyComplaintStep(db, updated, "disputed");
        ensureComplaintJob(db, updated.dueAt);
      }
      return { complaint: updated, onBehalf: roles.onBehalf };
    },
    { behavior: "immediate" },
  );
}

/** The refund a remedy stands for: everything still refundable, the amount named, or nothing. */
function amountFor(remedy: ComplaintRemedy, amountVnd: number | null, refundable: number): number | null {
  if (remedy === "full_refund") return refundable;
  if (remedy === "partial_refund") return Math.min(amountVnd ?? 0, refundable);
  return null;
}

/**
 * The officer of the farm's area, or an administrator, decides a complaint that went up to them,
 * with a reason. Deciding again, or after the buyer withdrew, is a 409.
 */
export function decideComplaint(db: Db, actor: Actor, complaintId: number, input: { decision: string; amount: string; reason: string }): Complaint {
  return db.transaction(
    () => {
      const { complaint, order, farm } = loadComplaint(db, complaintId);
      const roles = complaintRoles(db, actor, complaint, farm);
      if (!roles.decide) return roles.buyer || roles.farm ? fail("forbidden", 403) : notFound();
      if (!isPending(complaint.status)) return fail("alreadyDecided", 409);
      if (complaint.status !== "escalated") return fail("farmFirst", 409);
      if (!isRemedy(input.decision)) return fail("decisionRequired", 400, "decision");
      const reason = cleanAnswer(input.reason, "reason", true)!;
      const refundable = refundableVnd(db, order);
      let amount: number | null = null;
      if (input.decision === "partial_refund") {
        const read = readWholeNumber(input.amount);
        if (!read.ok || read.value <= 0) return fail("amountInvalid", 400, "amount");
        if (read.value > refundable) return fail("amountTooHigh", 400, "amount", { max: refundable });
        amount = read.value;
      } else if (input.decision === "full_refund") {
        if (refundable <= 0) return fail("nothingPaid", 400, "decision");
        amount = refundable;
      }
      const at = now();
      const updated = db
        .update(complaints)
        .set({ status: "resolved", decision: input.decision, decisionAmountVnd: amount, decisionReason: reason, decidedByUserId: actor.id, decidedAt: at, updatedAt: at })
        .where(and(eq(complaints.id, complaint.id), eq(complaints.status, "escalated")))
        .returning()
        .get();
      if (!updated) return fail("alreadyDecided", 409);
      const role = actor.role === "admin" ? "admin" : "officer";
      recordOrderEntry(db, { orderId: order.id, kind: "complaint.decided", note: reason, actor: { id: actor.id, role }, at });
      notifyComplaintStep(db, updated, "decided");
      return updated;
    },
    { behavior: "immediate" },
  );
}

/**
 * Carries out a decided refund (after the decision is stored). Safe to call again and again: the
 * refund is claimed once per (order, "complaint", complaint id). Replacement and no remedy move no
 * money (the farm ships a replacement by hand). Returns whether a refund was made this time.
 */
export async function carryOutRemedy(db: Db, complaintId: number): Promise<{ refunded: boolean }> {
  const complaint = db.select().from(complaints).where(eq(complaints.id, complaintId)).get();
  if (!complaint || complaint.status !== "resolved" || !isRefund(complaint.decision)) return { refunded: false };
  if (!complaint.decisionAmountVnd || complaint.decisionAmountVnd <= 0) return { refunded: false };
  const outcome = await refundOrderAmount(db, {
    orderId: complaint.orderId,
    amountVnd: complaint.decisionAmountVnd,
    cause: "complaint",
    causeRef: complaint.id,
    note: complaint.decisionReason,
  });
  return { refunded: outcome.created };
}

/** Up one level: the farm's silence goes to the officer, the officer's to the administrators. */
export function escalateDueComplaints(db: Db, at = now()): number {
  const due = db
    .select()
    .from(complaints)
    .where(and(inArray(complaints.status, ["open", "answered", "escalated"]), ne(complaints.level, "admin"), lte(complaints.dueAt, at)))
    .orderBy(asc(complaints.dueAt))
    .all();
  let escalated = 0;
  for (const complaint of due) {
    const level = complaint.level === "farm" ? ("officer" as const) : ("admin" as const);
    db.transaction(
      () => {
        const updated = db
          .update(complaints)
          .set({ status: "escalated", level, dueAt: new Date(at.getTime() + ANSWER_HOURS * HOUR_MS), escalatedAt: at, updatedAt: at })
          .where(and(eq(complaints.id, complaint.id), eq(complaints.level, complaint.level), eq(complaints.status, complaint.status)))
          .returning()
          .get();
        if (!updated) return;
        escalated += 1;
        recordOrderEntry(db, { orderId: complaint.orderId, kind: "complaint.escalated", actor: null, at });
        notifyComplaintStep(db, updated, "escalated");
      },
      { behavior: "immediate" },
    );
  }
  return escalated;
}

/** Decided refunds that have no refund yet, or whose card refund failed: tried again by the job. */
function refundsOwed(db: Db): number[] {
  const decided = db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(eq(complaints.status, "resolved"), inArray(complaints.decision, ["full_refund", "partial_refund"])))
    .all();
  return decided
    .filter((c) => {
      const refund = db
        .select({ status: refunds.status })
        .from(refunds)
        .where(and(eq(refunds.cause, "complaint"), eq(refunds.causeRef, String(c.id))))
        .get();
      return !refund || refund.status === "failed";
    })
    .map((c) => c.id);
}

/** The periodic complaint job: escalate what is due, retry refunds owed, then queue the next run. */
export async function runComplaintJob(db: Db, at = now()): Promise<{ escalated: number; refunded: number; next: string | null }> {
  const escalated = escalateDueComplaints(db, at);
  let refunded = 0;
  let failed = 0;
  for (const id of refundsOwed(db)) {
    try {
      if ((await carryOutRemedy(db, id)).refunded) refunded += 1;
    } catch {
      // Stripe may be down: the refund row is marked failed and a later run tries again.
      failed += 1;
    }
  }
  if (failed > 0) ensureComplaintJob(db, new Date(at.getTime() + RETRY_MS));
  const next = db
    .select({ dueAt: complaints.dueAt })
    .from(complaints)
    .where(and(inArray(complaints.status, ["open", "answered", "escalated"]), ne(complaints.level, "admin")))
    .orderBy(asc(complaints.dueAt))
    .limit(1)
    .get();
  if (next) ensureComplaintJob(db, next.dueAt);
  return { escalated, refunded, next: next ? next.dueAt.toISOString() : null };
}
