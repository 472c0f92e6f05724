/**
 * Bulk actions over the officer's filtered household list (hand-over codes, verification, CSV/XLSX
 * export): started here as a bulk_actions row plus a durable job, run in chunks by bulk-run.server.ts.
 * The set is the list's filters inside the officer's areas, fixed at the start by the highest
 * household id then: households registered later are not swept in.
 */
import { and, count, desc, eq, lte, max } from "drizzle-orm";
import { bulkActions, households, type BulkAction, type BulkKind } from "../../db/schema";
import { allows, authorizeOrFail, mayReadBulkAction, type Actor } from "~/accounts/access.server";
import { enqueueJob } from "~/jobs/queue.server";
import type { Db } from "~/lib/db.server";
import { AppError } from "~/lib/errors";
import { cleanText } from "~/lib/text";
import { householdSetWhere, type HouseholdSetFilters } from "./officer-list.server";
import { BULK_CODE_DAYS, CODE_DELIVERIES, VERIFICATION_METHODS } from "./bulk-options";
import { NOTE_MAX } from "./profile.server";

export const BULK_JOB_KIND = "households.bulk";

export { BULK_CODE_DAYS, CODE_DELIVERIES, VERIFICATION_METHODS };

export interface BulkOptions {
  note?: string | null;
  method?: string | null;
  delivery?: string | null;
}

function fail(key: string, status = 400, field?: string, params: Record<string, string | number> = {}): never {
  throw new AppError(`households:bulk.errors.${key}`, status, params, field);
}

/** The filters as stored: only what the set depends on, never the page. */
function storedFilters(filters: HouseholdSetFilters): Record<string, string | number | boolean | null> {
  return {
    communeCode: filters.communeCode ?? null,
    hamlet: filters.hamlet ?? null,
    stage: filters.stage ?? null,
    batchId: filters.batchId ?? null,
    hasListings: filters.hasListings ?? null,
    hasSales: filters.hasSales ?? null,
    q: filters.q ?? null,
  };
}

export function filtersOf(action: BulkAction): HouseholdSetFilters {
  const f = action.filters;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const flag = (v: unknown) => (typeof v === "boolean" ? v : null);
  return {
    communeCode: text(f.communeCode),
    hamlet: text(f.hamlet),
    stage: text(f.stage) as HouseholdSetFilters["stage"],
    batchId: typeof f.batchId === "number" ? f.batchId : null,
    hasListings: flag(f.hasListings),
    hasSales: flag(f.hasSales),
    q: text(f.q),
  };
}

/** How many households of the actor's areas the filters select now (the count the confirmation shows). */
export function countHouseholdSet(db: Db, actor: Actor, filters: HouseholdSetFilters, maxHouseholdId?: number): number {
  const where = householdSetWhere(db, actor, filters);
  if (where === "none") return 0;
  const capped = maxHouseholdId === undefined ? where : and(where, lte(households.id, maxHouseholdId));
  return db.select({ n: count() }).from(households).where(capped).get()?.n ?? 0;
}

function checkedOptions(kind: BulkKind, options: BulkOptions, origin: string | null): Record<string, string | null> {
  if (kind === "verify") {
    const method = options.method ?? "";
    if (!(VERIFICATION_METHODS as readonly string[]).includes(method)) fail("method", 400, "method");
    const note = cleanText(options.note ?? "");
    if (note.length > NOTE_MAX) fail("noteTooLong", 400, "note", { max: NOTE_MAX });
    return { method, note: note || null };
  }
  if (kind === "handOverCodes") {
    const delivery = options.delivery ?? "";
    if (!(CODE_DELIVERIES as readonly string[]).includes(delivery)) fail("delivery", 400, "delivery");
    // The site's address as the officer reached it, for the claim link in messages (PUBLIC_URL wins).
    return { delivery, origin };
  }
  return {};
}

/**
 * Starts a bulk action over the households the filters select in the actor's areas: the row and its
 * job in one transaction. Refused when the set is empty.
 */
export function startBulkAction(
  db: Db,
  actor: Actor,
  input: { kind: BulkKind; filters: HouseholdSetFilters; options?: BulkOptions; origin?: string; now?: Date },
): BulkAction {
  authorizeOrFail(allows(actor, "useOfficerWorkspace"));
  const options = checkedOptions(input.kind, input.options ?? {}, input.origin ?? null);
  const now = input.now ?? new Date();
  return db.transaction(() => {
    const maxHouseholdId = db.select({ id: max(households.id) }).from(households).get()?.id ?? 0;
    const total = countHouseholdSet(db, actor, input.filters, maxHouseholdId);
    if (total === 0) fail("empty", 400);
    const action = db
      .insert(bulkActions)
      .values({
        actorUserId: actor.id,
        kind: input.kind,
        filters: storedFilters(input.filters),
        options,
        maxHouseholdId,
        total,
        createdAt: now,
        expiresAt: input.kind === "handOverCodes" ? new Date(now.getTime() + BULK_CODE_DAYS * 86_400_000) : null,
      })
      .returning()
      .get();
    const jobId = enqueueJob(db, BULK_JOB_KIND, { actionId: action.id }, { createdBy: actor.id });
    return db.update(bulkActions).set({ jobId }).where(eq(bulkActions.id, action.id)).returning().get();
  });
}

export function getBulkAction(db: Db, id: number): BulkAction | undefined {
  return db.select().from(bulkActions).where(eq(bulkActions.id, id)).get();
}

/** The action if the actor may read it; 404 otherwise (another officer's action does not exist for them). */
export function readableBulkAction(db: Db, actor: Actor, id: number): BulkAction {
  const action = getBulkAction(db, id);
  if (!action || !mayReadBulkAction(actor, action)) fail("notFound", 404);
  return action;
}

/** A failed action goes back to its queue and resumes after its cursor. */
export function resumeBulkAction(db: Db, actor: Actor, id: number): BulkAction {
  const action = readableBulkAction(db, actor, id);
  if (action.status !== "failed") fail("notResumable", 409);
  return db.transaction(() => {
    const jobId = enqueueJob(db, BULK_JOB_KIND, { actionId: action.id }, { createdBy: actor.id });
    return db.update(bulkActions).set({ status: "queued", error: null, finishedAt: null, jobId }).where(eq(bulkActions.id, action.id)).returning().get();
  });
}

/** The actor's latest bulk actions, newest first. */
export function listBulkActions(db: Db, actor: Actor, limit = 20): BulkAction[] {
  return db.select().from(bulkActions).where(eq(bulkActions.actorUserId, actor.id)).orderBy(desc(bulkActions.id)).limit(limit).all();
}
