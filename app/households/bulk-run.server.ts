/**
 * Running a bulk action: the set walked in household id order after the committed cursor, a chunk
 * at a time. Codes and verification commit each chunk's changes, counts and cursor in one
 * transaction, so a killed run resumes exactly where the last commit left it (no household twice,
 * no code issued twice). Exports commit the cursor with the file's length after the chunk is written.
 * The actor's areas are read again when the run starts and every household is checked against them.
 */
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { bulkActions, households, listings, type BulkAction, type VerificationMethod } from "../../db/schema";
import { communeChecker, type Actor } from "~/accounts/access.server";
import { getUserById } from "~/accounts/users.server";
import { recordActivity } from "~/activity/log.server";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isAppError } from "~/lib/errors";
import { logger } from "~/lib/logger.server";
import { filtersOf, getBulkAction } from "./bulk.server";
import { handOverCodeFor, pruneExpiredBulkCodes } from "./bulk-codes.server";
import { exportFileFor, openExportWriter, pruneOldExports, type ExportHousehold, type ExportWriter } from "./bulk-export.server";
import { verifyHousehold } from "./lifecycle.server";
import { householdSetWhere } from "./officer-list.server";

export const BULK_CHUNK = 1000;

type Counts = Record<string, number>;

const hasPublished = sql<number>`EXISTS (SELECT 1 FROM ${listings} l WHERE l.household_id = ${households.id} AND l.status = 'published')`;

function runActor(db: Db, action: BulkAction): Actor | null {
  const user = action.actorUserId === null ? undefined : getUserById(db, action.actorUserId);
  return user && (user.role === "officer" || user.role === "admin") ? { id: user.id, role: user.role } : null;
}

/** The next chunk of the set after the cursor: the list's filters in the actor's areas as they are now. */
function nextChunk(db: Db, action: BulkAction, actor: Actor, limit: number): ExportHousehold[] {
  const where = householdSetWhere(db, actor, filtersOf(action));
  if (where === "none") return [];
  return db
    .select({
      id: households.id,
      displayName: households.displayName,
      representativeName: households.representativeName,
      phone: households.phone,
      nationalId: households.nationalId,
      communeCode: households.communeCode,
      addressLine: households.addressLine,
      status: households.status,
      ownerUserId: households.ownerUserId,
      createdAt: households.createdAt,
      listed: action.kind === "exportCsv" || action.kind === "exportXlsx" ? hasPublished : sql<number>`0`,
    })
    .from(households)
    .where(and(where, gt(households.id, action.cursor), lte(households.id, action.maxHouseholdId)))
    .orderBy(asc(households.id))
    .limit(limit)
    .all();
}

function add(counts: Counts, key: string, n = 1) {
  counts[key] = (counts[key] ?? 0) + n;
}

/** The one place bulk verification calls verifyHousehold (method travels in the action's options). */
function verifyOne(db: Db, actor: Actor, householdId: number, note: string | null, method: VerificationMethod): void {
  verifyHousehold(db, actor, householdId, { method, note, inBulkAction: true });
}

interface ChunkContext {
  actor: Actor;
  covers: (communeCode: string) => boolean;
  writer: ExportWriter | null;
  claimUrl: string;
  startedAt: Date;
}

/**
 * Processes the next chunk of the action. Returns false when the set is exhausted (nothing left
 * after the cursor). Exported for the resume test, which runs one chunk and then "kills" the run.
 */
export async function runBulkChunk(db: Db, actionId: number, ctx: ChunkContext, limit = BULK_CHUNK): Promise<boolean> {
  const action = getBulkAction(db, actionId)!;
  const rows = nextChunk(db, action, ctx.actor, limit);
  if (rows.length === 0) return false;
  const last = rows[rows.length - 1].id;
  const counts: Counts = { ...(action.result ?? {}) };
  let skipped = action.skipped;
  if (ctx.writer) {
    const inArea = rows.filter((r) => ctx.covers(r.communeCode));
    skipped += rows.length - inArea.length;
    add(counts, "outOfArea", rows.length - inArea.length);
    const bytes = await ctx.writer.write(inArea);
    add(counts, "exported", inArea.length);
    db.update(bulkActions)
      .set({ cursor: last, done: action.done + rows.length, skipped, result: counts, resultBytes: bytes })
      .where(eq(bulkActions.id, actionId))
      .run();
    return true;
  }
  db.transaction(() => {
    const run = {
      actionId,
      expiresAt: action.expiresAt ?? new Date(),
      print: action.options.delivery !== "sms",
      sms: action.options.delivery === "sms" || action.options.delivery === "both",
      messagesBefore: counts.messages ?? 0,
      startedAt: ctx.startedAt,
      claimUrl: ctx.claimUrl,
    };
    for (const h of rows) {
      if (!ctx.covers(h.communeCode)) {
        skipped += 1;
        add(counts, "outOfArea");
        continue;
      }
      if (action.kind === "handOverCodes") {
        const outcome = handOverCodeFor(db, run, h);
        add(counts, outcome);
        if (outcome === "claimed") skipped += 1;
      } else {
        try {
          verifyOne(db, ctx.actor, h.id, action.options.note ?? null, action.options.method as VerificationMethod);
          add(counts, "verified");
        } catch (error) {
          // Not in a state to verify (already verified, suspended, changed meanwhile): counted, not fatal.
          if (!isAppError(error) || (error.status !== 409 && error.status !== 403)) throw error;
          skipped += 1;
          add(counts, error.status === 403 ? "outOfArea" : "notVerifiable");
        }
      }
    }
    if (action.kind === "handOverCodes") counts.messages = run.messagesBefore;
    db.update(bulkActions)
      .set({ cursor: last, done: action.done + rows.length, skipped, result: counts })
      .where(eq(bulkActions.id, actionId))
      .run();
  });
  return true;
}

const ACTIVITY = { handOverCodes: "bulk.handOverCodes", verify: "bulk.verify", exportCsv: "bulk.export", exportXlsx: "bulk.export" } as const;

/** The action's outcome and its one activity-log entry, in one transaction. */
function finish(db: Db, actionId: number, actor: Actor, size: number | null): BulkAction {
  return db.transaction(() => {
    const action = getBulkAction(db, actionId)!;
    const f = filtersOf(action);
    recordActivity(db, {
      actorUserId: actor.id,
      action: ACTIVITY[action.kind],
      batchId: f.batchId ?? null,
      communeCode: f.communeCode ?? null,
      detail: {
        bulkActionId: action.id,
        kind: action.kind,
        total: action.total,
        done: action.done,
        skipped: action.skipped,
        ...(action.result ?? {}),
        ...(action.kind === "verify" ? { method: action.options.method ?? null, note: action.options.note ?? null } : {}),
        ...(action.kind === "handOverCodes" ? { delivery: action.options.delivery ?? null } : {}),
      },
    });
    return db
      .update(bulkActions)
      .set({ status: "completed", finishedAt: new Date(), ...(size !== null ? { resultBytes: size } : {}) })
      .where(eq(bulkActions.id, actionId))
      .returning()
      .get();
  });
}

/** Marks the action failed with a message key for its page (the job's log keeps the real error). */
export function failBulkAction(db: Db, actionId: number, messageKey = "households:bulk.errors.failed"): void {
  db.update(bulkActions).set({ status: "failed", error: messageKey, finishedAt: new Date() }).where(eq(bulkActions.id, actionId)).run();
}

/** Runs (or resumes) an action to the end; returns the finished action. */
export async function runBulkAction(
  db: Db,
  actionId: number,
  options: { chunk?: number; onProgress?: (done: number, total: number) => void; now?: Date } = {},
): Promise<BulkAction> {
  let action = getBulkAction(db, actionId);
  if (!action) throw new Error(`bulk action ${actionId} not found`);
  if (action.status === "completed") return action;
  const actor = runActor(db, action);
  if (!actor) {
    failBulkAction(db, actionId, "households:bulk.errors.actorGone");
    return getBulkAction(db, actionId)!;
  }
  const now = options.now ?? new Date();
  pruneExpiredBulkCodes(db, now);
  pruneOldExports(db, now);
  const isExport = action.kind === "exportCsv" || action.kind === "exportXlsx";
  if (action.kind === "exportXlsx" && action.cursor > 0) {
    // A zip cannot be appended to: the XLSX is written again from the first household.
    db.update(bulkActions).set({ cursor: 0, done: 0, skipped: 0, result: {}, resultBytes: 0 }).where(eq(bulkActions.id, actionId)).run();
  }
  const file = isExport ? exportFileFor(action.id, action.kind as "exportCsv" | "exportXlsx") : null;
  db.update(bulkActions)
    .set({ status: "running", startedAt: action.startedAt ?? now, error: null, ...(file ? { resultPath: file } : {}) })
    .where(eq(bulkActions.id, actionId))
    .run();
  action = getBulkAction(db, actionId)!;
  const writer = file ? await openExportWriter(db, actor, action.kind as "exportCsv" | "exportXlsx", file, action.resultBytes) : null;
  const ctx: ChunkContext = {
    actor,
    covers: communeChecker(db, actor),
    writer,
    claimUrl: `${(env().PUBLIC_URL ?? action.options.origin ?? "").replace(/\/+$/, "")}/nhan-tai-khoan`,
    startedAt: now,
  };
  try {
    while (await runBulkChunk(db, actionId, ctx, options.chunk ?? BULK_CHUNK)) {
      const current = getBulkAction(db, actionId)!;
      options.onProgress?.(current.done, current.total);
      // Between chunks the event loop runs: the job's heartbeat, the server's requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    logger().error({ err: error, actionId }, "bulk action chunk failed");
    // The file stays; a resumed CSV is cut back to the bytes committed with the cursor.
    if (writer) await writer.close().catch(() => undefined);
    throw error;
  }
  const size = writer ? await writer.close() : null;
  return finish(db, actionId, actor, size);
}
