import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  activityLog,
  householdEvents,
  households,
  listings,
  orderEvents,
  orderItems,
  orders,
  reviews,
  users,
  type Household,
} from "../../db/schema";
import { revokeUserSessions } from "~/accounts/session.server";
import { allows, authorizeOrFail, householdRelation, mayExportHouseholdData } from "~/accounts/access.server";
import { getUserById } from "~/accounts/users.server";
import { recordActivity } from "~/activity/log.server";
import { listListingEvents, setListingStatus } from "~/listings/listings.server";
import { now, todayInVietnam } from "~/lib/clock";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { fold } from "~/lib/text";
import { findBankByBin } from "./banks.server";
import { communeName } from "./forms.server";
import type { Actor } from "~/accounts/access";
import { suspendHousehold } from "./lifecycle.server";
import { getHousehold } from "./records.server";

/**
 * Personal data of a household (Decree 13/2023/NĐ-CP): the data subject can have it exported, and
 * ask for it to be deleted; an administrator carries the deletion out. Deletion erases what
 * identifies a person and keeps the facts the platform must keep: that consent was given and
 * when, the status history, and the orders (money records), with the seller's own free text on
 * them erased. Requests and deletions are written to the activity log, which is also where a
 * pending request is read from.
 */

const fail = (key: string, status = 400, params: Record<string, string | number> = {}): never => {
  throw new AppError(`households:privacy.errors.${key}`, status, params);
};

/** The name a household keeps once its personal data is erased. */
export const deletedHouseholdName = (id: number) => `Hộ đã xoá #${id}`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

interface HouseholdDataExport {
  format: "cho-nong-san/household-data";
  version: 1;
  exportedAt: string;
  household: Record<string, unknown>;
  owner: { name: string; phone: string; email: string | null; locale: string; phoneVerifiedAt: string | null; createdAt: string } | null;
  consent: { at: string | null; source: string | null; registeredByOfficer: boolean; importBatchId: number | null };
  events: Array<{ from: string | null; to: string; at: string; note: string | null; byOwner: boolean }>;
  listings: Array<Record<string, unknown>>;
  /** the household's sales: amounts and items, without the buyers' names, phones or addresses */
  orders: Array<Record<string, unknown>>;
  reviews: Array<{ orderCode: string; rating: number; comment: string; at: string }>;
  /** what staff did with this household's data (who is left out: their names are their own data) */
  processing: Array<{ action: string; at: string }>;
}

/**
 * Everything the platform holds about a household, as one JSON document for its owner, an officer
 * of its area or an administrator. Staff exports are written to the activity log.
 */
export function exportHouseholdData(db: Db, actor: Actor, householdId: number, options: { now?: Date } = {}): HouseholdDataExport {
  const h = getHousehold(db, householdId);
  if (!h) throw new AppError("households:errors.notFound", 404);
  authorizeOrFail(mayExportHouseholdData(db, actor, h), "households:errors.notYourHousehold");
  const owner = h.ownerUserId !== null ? getUserById(db, h.ownerUserId) : undefined;
  const bank = h.bankBin ? findBankByBin(h.bankBin) : undefined;

  const listingRows = db.select().from(listings).where(eq(listings.householdId, h.id)).orderBy(asc(listings.id)).all();
  const orderRows = db.select().from(orders).where(eq(orders.householdId, h.id)).orderBy(asc(orders.id)).all();
  const items = orderRows.length
    ? db.select().from(orderItems).where(inArray(orderItems.orderId, orderRows.map((o) => o.id))).orderBy(asc(orderItems.id)).all()
    : [];
  const codeOf = new Map(orderRows.map((o) => [o.id, o.code]));
  const reviewRows = db.select().from(reviews).where(eq(reviews.householdId, h.id)).orderBy(asc(reviews.id)).all();
  const processing = db
    .select({ action: activityLog.action, at: activityLog.at })
    .from(activityLog)
    .where(eq(activityLog.householdId, h.id))
    .orderBy(asc(activityLog.id))
    .all();
  const events = db.select().from(householdEvents).where(eq(householdEvents.householdId, h.id)).orderBy(asc(householdEvents.id)).all();

  const document: HouseholdDataExport = {
    format: "cho-nong-san/household-data",
    version: 1,
    exportedAt: (options.now ?? new Date()).toISOString(),
    household: {
      id: h.id,
      kind: h.kind,
      displayName: h.displayName,
      representativeName: h.representativeName,
      phone: h.phone,
      nationalId: h.nationalId,
      nationalIdKind: h.nationalIdKind,
      commune: { code: h.communeCode, name: communeName(db, h.communeCode) },
      addressLine: h.addressLine,
      mainProducts: h.mainProducts,
      farmAreaM2: h.farmAreaM2,
      /** columns of an imported sheet kept as written (header → value) */
      extraAttributes: h.extraAttributes ?? {},
      certifications: h.certifications,
      bank: h.bankBin
        ? { bin: h.bankBin, name: bank?.shortName ?? null, accountNumber: h.bankAccountNumber, accountName: h.bankAccountName }
        : null,
      delivery: h.delivery,
      showContact: h.showContact,
      zaloPhone: h.zaloPhone,
      status: h.status,
      statusNote: h.statusNote,
      createdAt: iso(h.createdAt),
      updatedAt: iso(h.updatedAt),
    },
    owner: owner
      ? {
          name: owner.name,
          phone: owner.phone,
          email: owner.email,
          locale: owner.locale,
          phoneVerifiedAt: iso(owner.phoneVerifiedAt),
          createdAt: iso(owner.createdAt)!,
        }
      : null,
    consent: {
      at: iso(h.consentAt),
      source: h.consentSource,
      registeredByOfficer: h.registeredBy !== null && h.registeredBy !== h.ownerUserId,
      importBatchId: h.importBatchId,
    },
    events: events.map((e) => ({
      from: e.fromStatus,
      to: e.toStatus,
      at: iso(e.at)!,
      note: e.note,
      byOwner: e.actorUserId !== null && e.actorUserId === h.ownerUserId,
    })),
    listings: listingRows.map((l) => ({
      id: l.id,
      title: l.title,
      category: l.category,
      description: l.description,
      unit: l.unit,
      priceVnd: l.priceVnd,
      stock: l.stock,
      minOrder: l.minOrder,
      status: l.status,
      certifications: l.certifications,
      availableFrom: l.availableFrom,
      availableTo: l.availableTo,
      createdAt: iso(l.createdAt),
      publishedAt: iso(l.publishedAt),
      history: listListingEvents(db, l.id, 1000).map((e) => ({ action: e.action, onBehalf: e.onBehalf, at: iso(e.at) })),
    })),
    orders: orderRows.map((o) => ({
      code: o.code,
      status: o.status,
      createdAt: iso(o.createdAt),
      paymentMethod: o.paymentMethod,
      paymentStatus: o.paymentStatus,
      deliveryMethod: o.deliveryMethod,
      subtotalVnd: o.subtotalVnd,
      deliveryFeeVnd: o.deliveryFeeVnd,
      totalVnd: o.totalVnd,
      items: items
        .filter((i) => i.orderId === o.id)
        .map((i) => ({ title: i.title, unit: i.unit, priceVnd: i.priceVnd, quantity: i.quantity, lineTotalVnd: i.lineTotalVnd })),
    })),
    reviews: reviewRows.map((r) => ({ orderCode: codeOf.get(r.orderId) ?? "", rating: r.rating, comment: r.comment, at: iso(r.createdAt)! })),
    processing: processing.map((p) => ({ action: p.action, at: iso(p.at)! })),
  };
  if (actor.id !== h.ownerUserId) {
    recordActivity(db, { actorUserId: actor.id, action: "household.export", householdId: h.id, communeCode: h.communeCode });
  }
  return document;
}

/** A file name that says whose data it is and when, without personal data in it. */
export function exportFileName(householdId: number, at = now()): string {
  return `cho-nong-san-ho-${householdId}-${todayInVietnam(at)}.json`;
}

/** The export as a download: never cached (personal data), named without personal data. */
export function exportResponse(document: HouseholdDataExport, householdId: number): Response {
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(householdId)}"`,
      "Cache-Control": "no-store",
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Deletion requests

interface DeletionRequest {
  householdId: number;
  requestedAt: Date;
  requestedBy: number | null;
}

/**
 * The newest deletion request of each household that has no deletion after it. Read from the
 * activity log by id (ids are monotonic; timestamps can tie within a millisecond).
 */
function pendingRequests(db: Db, householdId?: number): DeletionRequest[] {
  const lastDelete = sql`(SELECT max(d.id) FROM ${activityLog} d WHERE d.household_id = ${activityLog.householdId} AND d.action = 'household.delete')`;
  const rows = db
    .select({ id: activityLog.id, householdId: activityLog.householdId, at: activityLog.at, actor: activityLog.actorUserId })
    .from(activityLog)
    .where(
      and(
        eq(activityLog.action, "household.deleteRequest"),
        householdId === undefined ? undefined : eq(activityLog.householdId, householdId),
        sql`${activityLog.id} > coalesce(${lastDelete}, 0)`,
      ),
    )
    .orderBy(desc(activityLog.id))
    .all();
  const seen = new Set<number>();
  const result: DeletionRequest[] = [];
  for (const r of rows) {
    if (r.householdId === null || seen.has(r.householdId)) continue;
    seen.add(r.householdId);
    result.push({ householdId: r.householdId, requestedAt: r.at, requestedBy: r.actor });
  }
  return result;
}

export function pendingDeletionRequest(db: Db, householdId: number): DeletionRequest | null {
  return pendingRequests(db, householdId)[0] ?? null;
}

/** When the household's personal data was erased, or null. */
export function householdDeletedAt(db: Db, householdId: number): Date | null {
  const row = db
    .select({ at: activityLog.at })
    .from(activityLog)
    .where(and(eq(activityLog.householdId, householdId), eq(activityLog.action, "household.delete")))
    .orderBy(desc(activityLog.id))
    .limit(1)
    .get();
  return row?.at ?? null;
}

/** The owner asks for their household's personal data to be deleted; asking twice keeps the first request. */
export function requestHouseholdDeletion(db: Db, owner: Actor, householdId: number): DeletionRequest {
  const h = getHousehold(db, householdId);
  if (!h) throw new AppError("households:errors.notFound", 404);
  authorizeOrFail(householdRelation(db, owner, h) === "owner", "households:errors.notYourHousehold");
  const pending = pendingDeletionRequest(db, householdId);
  if (pending) return pending;
  if (householdDeletedAt(db, householdId)) fail("alreadyDeleted", 409);
  recordActivity(db, { actorUserId: owner.id, action: "household.deleteRequest", householdId, communeCode: h.communeCode });
  return pendingDeletionRequest(db, householdId)!;
}

interface PendingRequestRow extends DeletionRequest {
  displayName: string;
  communeName: string;
  status: Household["status"];
  requesterName: string | null;
}

/** For the administrators' page: every pending deletion request, newest first. */
export function listPendingDeletionRequests(db: Db): PendingRequestRow[] {
  const requests = pendingRequests(db);
  if (requests.length === 0) return [];
  const rows = db
    .select({ id: households.id, displayName: households.displayName, communeCode: households.communeCode, status: households.status })
    .from(households)
    .where(inArray(households.id, requests.map((r) => r.householdId)))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return requests.flatMap((r) => {
    const h = byId.get(r.householdId);
    if (!h) return [];
    const requester = r.requestedBy !== null ? getUserById(db, r.requestedBy) : undefined;
    return [
      {
        ...r,
        displayName: h.displayName,
        communeName: communeName(db, h.communeCode),
        status: h.status,
        requesterName: requester?.name ?? null,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Deletion

interface DeletionResult {
  household: Household;
  listingsArchived: number;
  ordersKept: number;
  sessionsRevoked: number;
}

/**
 * An administrator erases a household's personal data, on request or on their own decision:
 * names become "Hộ đã xoá #id"; phone, national ID, address line, bank account and Zalo are
 * cleared; the owner account loses its name and email and every session (its phone stays: it is
 * the log-in and may have purchases of its own). Consent stays as a fact with its date. Listings
 * are archived through the listings module (which drops them from search); the household is
 * suspended so nothing can be sold in its name. Orders stay as money records; the seller's own
 * notes on them (free text) and the notes on the household's status history are erased.
 */
export function deleteHouseholdData(db: Db, actor: Actor, householdId: number, options: { note: string; now?: Date }): DeletionResult {
  authorizeOrFail(allows(actor, "administer"));
  const h = getHousehold(db, householdId);
  if (!h) throw new AppError("households:errors.notFound", 404);
  if (householdDeletedAt(db, householdId) && !pendingDeletionRequest(db, householdId)) fail("alreadyDeleted", 409);
  const now = options.now ?? new Date();
  const label = deletedHouseholdName(h.id);

  return db.transaction(() => {
    const open = db
      .select({ id: listings.id })
      .from(listings)
      .where(and(eq(listings.householdId, h.id), ne(listings.status, "archived")))
      .all();
    for (const l of open) setListingStatus(db, actor, l.id, "archived", options.note);

    // Notes written before now may name people or repeat numbers; the transitions themselves stay.
    db.update(householdEvents).set({ note: null }).where(eq(householdEvents.householdId, h.id)).run();
    // No "suspended" SMS: the household asked to be erased, the note is not a reason to appeal.
    if (h.status !== "suspended") suspendHousehold(db, actor, h.id, options.note, { announce: false });

    const household = db
      .update(households)
      .set({
        displayName: label,
        representativeName: label,
        nameFolded: fold(label),
        phone: "",
        nationalId: null,
        nationalIdKind: null,
        addressLine: "",
        bankBin: null,
        bankAccountNumber: null,
        bankAccountName: null,
        zaloPhone: null,
        showContact: false,
        statusNote: options.note,
        updatedAt: now,
      })
      .where(eq(households.id, h.id))
      .returning()
      .get();

    let sessionsRevoked = 0;
    if (h.ownerUserId !== null) {
      db.update(users).set({ name: label, email: null, updatedAt: now }).where(eq(users.id, h.ownerUserId)).run();
      sessionsRevoked = revokeUserSessions(db, h.ownerUserId);
    }

    // Orders are kept whole except what the seller typed on them (e.g. a rejection reason with a phone number).
    const householdOrders = sql`(SELECT o.id FROM ${orders} o WHERE o.household_id = ${h.id})`;
    db.update(orderEvents)
      .set({ note: null })
      .where(and(eq(orderEvents.actorRole, "farm"), sql`${orderEvents.orderId} IN ${householdOrders}`))
      .run();
    db.update(orders)
      .set({ statusNote: null })
      .where(
        and(
          eq(orders.householdId, h.id),
          sql`(SELECT e.actor_role FROM ${orderEvents} e WHERE e.order_id = ${orders.id} ORDER BY e.id DESC LIMIT 1) = 'farm'`,
        ),
      )
      .run();
    const ordersKept = db.select({ n: sql<number>`count(*)` }).from(orders).where(eq(orders.householdId, h.id)).get()?.n ?? 0;

    recordActivity(db, {
      actorUserId: actor.id,
      action: "household.delete",
      householdId: h.id,
      communeCode: h.communeCode,
      detail: { listingsArchived: open.length, ordersKept, sessionsRevoked },
    });
    return { household, listingsArchived: open.length, ordersKept, sessionsRevoked };
  });
}
