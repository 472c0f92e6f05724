import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { outbox, type OutboxMessage } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { logger } from "~/lib/logger.server";
import { PermanentSendError, type Transport } from "./send.server";

const OUTBOX_MAX_ATTEMPTS = 6;
/**
 * How long a claimed message may stay "sending". While sending, next_attempt_at holds this
 * deadline, so a message left behind by a crash mid-send is found with the same index as due ones.
 */
export const SENDING_LEASE_MS = 5 * 60_000;

/** 30 s, 1 min, 2 min, 4 min … capped at one hour. */
function outboxBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

interface DispatchOptions {
  limit?: number;
  now?: Date;
  maxAttempts?: number;
  backoffMs?: (attempts: number) => number;
}

interface DispatchResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  requeued: number;
}

/**
 * Puts messages whose sender died mid-send back in the queue (or fails them once out of attempts).
 * The gateway sees the same Idempotency-Key again, so a message that did go out is not doubled.
 */
function requeueStaleSending(db: Db, options: { now?: Date; maxAttempts?: number } = {}): number {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  const stale = and(eq(outbox.status, "sending"), lte(outbox.nextAttemptAt, now));
  return db.transaction((tx) => {
    const failed = tx
      .update(outbox)
      .set({ status: "failed", failedAt: now, lastError: sql`coalesce(${outbox.lastError}, 'interrupted while sending')` })
      .where(and(stale, sql`${outbox.attempts} >= ${maxAttempts}`))
      .run().changes;
    const requeued = tx
      .update(outbox)
      .set({ status: "pending", nextAttemptAt: now, lastError: sql`coalesce(${outbox.lastError}, 'interrupted while sending')` })
      .where(stale)
      .run().changes;
    return failed + requeued;
  });
}

/**
 * Claims due messages in one UPDATE … RETURNING (pending → sending, attempts + 1), so two
 * dispatchers, in one process or two, never claim the same message.
 */
function claimDueMessages(db: Db, limit: number, now: Date = new Date()): OutboxMessage[] {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit);
  return db
    .update(outbox)
    .set({
      status: "sending",
      attempts: sql`${outbox.attempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS),
    })
    .where(and(inArray(outbox.id, due), eq(outbox.status, "pending")))
    .returning()
    .all()
    .sort((a, b) => a.id - b.id);
}

/**
 * One dispatch round: requeue stale sends, claim due messages, send them (outside any
 * transaction: sending is async), then mark each sent, retrying later, or failed.
 */
export async function dispatchOutbox(db: Db, transport: Transport, options: DispatchOptions = {}): Promise<DispatchResult> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  const backoff = options.backoffMs ?? outboxBackoffMs;
  const result: DispatchResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, requeued: 0 };
  result.requeued = requeueStaleSending(db, { now, maxAttempts });

  const claimed = claimDueMessages(db, options.limit ?? 20, now);
  result.claimed = claimed.length;
  for (const message of claimed) {
    try {
      const receipt = await transport.send(message);
      db.update(outbox)
        .set({
          status: "sent",
          sentAt: options.now ?? new Date(),
          lastError: null,
          provider: receipt?.provider ?? transport.name,
          providerMessageId: receipt?.providerMessageId ?? null,
          ...(receipt?.channel ? { channel: receipt.channel } : {}),
        })
        .where(and(eq(outbox.id, message.id), eq(outbox.status, "sending")))
        .run();
      result.sent++;
    } catch (error) {
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      // A refusal no retry can fix (bad number, bad credentials) fails at once, with the provider's reason.
      const giveUp = error instanceof PermanentSendError || message.attempts >= maxAttempts;
      const failedAt = options.now ? options.now.getTime() : Date.now();
      db.update(outbox)
        .set(
          giveUp
            ? { status: "failed", lastError, failedAt: new Date(failedAt) }
            : { status: "pending", lastError, nextAttemptAt: new Date(failedAt + backoff(message.attempts)) },
        )
        .where(and(eq(outbox.id, message.id), eq(outbox.status, "sending")))
        .run();
      if (giveUp) result.failed++;
      else result.retrying++;
      logger()[giveUp ? "error" : "warn"](
        { outboxId: message.id, transport: transport.name, attempts: message.attempts, err: lastError },
        giveUp ? "outbox message failed for good" : "outbox message failed, will retry",
      );
    }
  }
  return result;
}
