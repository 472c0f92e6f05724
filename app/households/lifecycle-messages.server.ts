import { eq } from "drizzle-orm";
import { householdEvents } from "../../db/schema";
import { getUserById } from "~/accounts/users.server";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatPhone } from "~/lib/phone";
import { enqueueMessage } from "~/notifications/outbox.server";
import { getHousehold } from "./records.server";

/**
 * The one path for the SMS a household gets when staff change its state: verified (what to do
 * next: list a first product; a household nobody has claimed yet is told staff may sell for it),
 * suspended (the reason and whom to call to fix it or appeal), reinstated (where to look next).
 * Keyed by the household_events row, so an event is announced once however often this runs.
 */

/** The site's address for links in messages; without PUBLIC_URL the link is the bare path. */
function link(path: string): string {
  return `${(env().PUBLIC_URL ?? "").replace(/\/+$/, "")}${path}`;
}

export interface AnnounceOptions {
  /**
   * A bulk action's own household: bulk actions send no lifecycle messages, except the notice bulk
   * verification always sent to households nobody has claimed (their only sign of it).
   */
  inBulkAction?: boolean;
}

/** Queues the message for one household event, if it has one; returns the outbox id or null. */
export function announceHouseholdEvent(db: Db, eventId: number, options: AnnounceOptions = {}): number | null {
  const event = db.select().from(householdEvents).where(eq(householdEvents.id, eventId)).get();
  if (!event || event.kind !== "status") return null;
  const household = getHousehold(db, event.householdId);
  if (!household || household.phone === "") return null;
  const owner = household.ownerUserId === null ? undefined : getUserById(db, household.ownerUserId);
  const actor = event.actorUserId === null ? undefined : getUserById(db, event.actorUserId);
  const officer = { officer: actor?.name ?? "", officerPhone: actor ? formatPhone(actor.phone) : "" };
  // Where the farmer goes next: their seller home, or the hand-over page while nobody has claimed it.
  const home = link(owner ? "/ban-hang" : "/nhan-tai-khoan");

  let message: { template: string; payload: Record<string, unknown> } | null = null;
  if (event.toStatus === "suspended") {
    message = { template: "lifecycle.suspended", payload: { reason: event.note ?? "", url: home, ...officer } };
  } else if (event.fromStatus === "suspended") {
    message = { template: "lifecycle.reinstated", payload: { url: home, ...officer } };
  } else if (event.toStatus === "verified") {
    message = owner
      ? { template: "lifecycle.verified", payload: { url: link("/ban-hang/san-pham/moi") } }
      : { template: "onBehalf.verified", payload: {} };
  }
  if (!message) return null;
  if (options.inBulkAction && message.template !== "onBehalf.verified") return null;
  const locale: Locale = owner?.locale ?? "vi";
  return enqueueMessage(db, { channel: "sms", recipient: household.phone, locale, ...message, dedupeKey: `household-event:${event.id}` });
}
