import { and, asc, eq, isNull } from "drizzle-orm";
import { households, orders, users, type Complaint } from "../../db/schema";
import { officersCovering } from "~/addresses/areas.server";
import { isLocale, type Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { enqueueMessage } from "~/notifications/outbox.server";

/** The steps a complaint's parties are told about (notifications:templates.complaint.<step>.<party>). */
export type ComplaintStep = "opened" | "agreed" | "disputed" | "escalated" | "decided" | "withdrawn";

/**
 * One SMS to the buyer and one to the farm at each step of a complaint, through the outbox, inside
 * the transaction that made the step; when it goes up a level (escalated, or the farm disputed it),
 * also to the officers covering the farm's commune (or to the administrators). The dedupe key per complaint, step and level makes a
 * retried step send nothing twice.
 */
export function notifyComplaintStep(db: Db, complaint: Complaint, step: ComplaintStep) {
  const order = db.select({ code: orders.code }).from(orders).where(eq(orders.id, complaint.orderId)).get();
  const buyer = db.select({ phone: users.phone, locale: users.locale }).from(users).where(eq(users.id, complaint.buyerUserId)).get();
  const farm = db
    .select({ phone: households.phone, name: households.displayName, ownerLocale: users.locale })
    .from(households)
    .leftJoin(users, eq(users.id, households.ownerUserId))
    .where(eq(households.id, complaint.householdId))
    .get();
  if (!order || !farm) return;
  const payload = { code: order.code, farm: farm.name, reason: complaint.decisionReason ?? "" };
  const key = `complaint:${complaint.id}:${step}:${complaint.level}`;
  const send = (party: "buyer" | "farm", recipient: string, locale: Locale) =>
    enqueueMessage(db, { channel: "sms", recipient, template: `complaint.${step}.${party}`, locale, payload, dedupeKey: `${key}:${party}` });
  if (buyer) send("buyer", buyer.phone, isLocale(buyer.locale) ? buyer.locale : "vi");
  send("farm", farm.phone, isLocale(farm.ownerLocale) ? farm.ownerLocale : "vi");
  // Going up a level (a farm's "no" goes straight to the officer): the ones who now decide are told too.
  if (step !== "escalated" && step !== "disputed") return;
  const deciders =
    complaint.level === "officer"
      ? officersCovering(db, complaint.communeCode).map((o) => o.phone)
      : db
          .select({ phone: users.phone })
          .from(users)
          .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
          .orderBy(asc(users.id))
          .limit(3)
          .all()
          .map((u) => u.phone);
  for (const phone of deciders) {
    enqueueMessage(db, { channel: "sms", recipient: phone, template: "complaint.escalated.staff", locale: "vi", payload, dedupeKey: `${key}:staff:${phone}` });
  }
}
