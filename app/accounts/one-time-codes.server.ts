import crypto from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import { oneTimeCodes, type OtpPurpose } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { enqueueMessage } from "~/notifications/outbox.server";
import { consumeRate, RATE_RULES } from "./rate-limit.server";

/** Wrong guesses allowed per code; with 3 codes per 15 minutes that is 15 guesses in a million. */
export const MAX_CODE_ATTEMPTS = 5;

// The pepper lives only in the server's secret, so a leaked database does not let anyone
// brute-force the 6-digit codes offline.
let cachedPepper: { secret: string; pepper: Buffer } | null = null;
function codeHash(purpose: OtpPurpose, phone: string, code: string): string {
  const secret = env().SESSION_SECRET;
  if (cachedPepper?.secret !== secret) cachedPepper = { secret, pepper: crypto.createHash("sha256").update(`one-time-codes:${secret}`).digest() };
  const pepper = cachedPepper.pepper;
  return crypto.createHmac("sha256", pepper).update(`${purpose}:${phone}:${code}`).digest("hex");
}

export function generateCode(): string {
  return crypto.randomInt(0, 1_000_000).toString().padStart(6, "0");
}

export interface IssueCodeInput {
  purpose: OtpPurpose;
  /** where the code is sent (E.164) */
  phone: string;
  userId?: number | null;
  payload?: Record<string, unknown> | null;
  locale?: Locale;
  now?: Date;
}

export interface IssuedCode {
  id: number;
  /** returned for module callers and tests; routes never show it (it travels by SMS only) */
  code: string;
  expiresAt: Date;
  outboxId: number;
}

/**
 * Creates a 6-digit code and queues its SMS in the same transaction. Earlier unused codes for
 * the same purpose and phone stop working, so only the latest message counts. Limited to
 * RATE_RULES.codeSendPhone per phone (429 AppError with the minutes to wait).
 */
export function issueCode(db: Db, input: IssueCodeInput): IssuedCode {
  const code = generateCode();
  const minutes = env().OTP_TTL_MINUTES;
  const stored = storeCode(db, input, codeHash(input.purpose, input.phone, code), {
    template: `otp.${input.purpose}`,
    payload: { code, minutes },
  });
  return { id: stored.id, code, expiresAt: stored.expiresAt, outboxId: stored.outboxId! };
}

// Statements of issueHandOverCode, prepared once per connection: a bulk action issues 100,000 codes,
// and building the query anew for each cost more than the code itself.
const handOverStatements = new WeakMap<Db, { supersede: Statement; insert: Statement }>();
type Statement = BetterSqlite3.Statement<unknown[]>;

function handOverSql(db: Db) {
  let statements = handOverStatements.get(db);
  if (!statements) {
    statements = {
      supersede: db.$client.prepare("UPDATE one_time_codes SET used_at = ? WHERE purpose = ? AND phone = ? AND used_at IS NULL"),
      insert: db.$client.prepare(
        "INSERT INTO one_time_codes (purpose, phone, code_hash, payload, attempts, created_at, expires_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
      ),
    };
    handOverStatements.set(db, statements);
  }
  return statements;
}

/**
 * A code an officer hands over on paper or by a bulk message (bulk hand-over): no SMS is queued and
 * no per-phone rate limit applies (the officer's action is the limit), and it lasts until `expiresAt`,
 * which may be days (a village meeting is not ten minutes away). Like issueCode it supersedes the
 * phone's earlier unused codes for the purpose, and a phone asking for a new code later supersedes it.
 * Runs in the caller's transaction. An HMAC per code: cheap enough for 100,000 households.
 */
export function issueHandOverCode(
  db: Db,
  input: { purpose: OtpPurpose; phone: string; expiresAt: Date; payload?: Record<string, unknown> | null; now?: Date },
): { id: number; code: string } {
  const now = (input.now ?? new Date()).getTime();
  const code = generateCode();
  const statements = handOverSql(db);
  statements.supersede.run(now, input.purpose, input.phone);
  const inserted = statements.insert.run(
    input.purpose,
    input.phone,
    codeHash(input.purpose, input.phone, code),
    input.payload ? JSON.stringify(input.payload) : null,
    now,
    input.expiresAt.getTime(),
  );
  return { id: Number(inserted.lastInsertRowid), code };
}

export interface DecoyCodeInput extends IssueCodeInput {
  /** sent to the phone instead of a code (in input.locale); none when omitted */
  notice?: { template: string; payload?: Record<string, unknown> };
}

/**
 * A code nobody can enter, for a request that must look from outside like one that sent a code:
 * sign-up with a phone that already has an account, a reset for a phone without one. It is rate
 * limited, supersedes earlier codes and is stored like a real one, so the code page answers any
 * guess with the same "wrong code, N tries left" and "send again" behaves the same. Its stored
 * hash is random, not the hash of any code. The optional notice goes to the phone instead.
 */
export function issueDecoyCode(db: Db, input: DecoyCodeInput): { id: number; outboxId: number | null } {
  const stored = storeCode(db, input, crypto.randomBytes(32).toString("hex"), input.notice ? { template: input.notice.template, payload: input.notice.payload ?? {} } : null);
  return { id: stored.id, outboxId: stored.outboxId };
}

function storeCode(db: Db, input: IssueCodeInput, hash: string, message: { template: string; payload: Record<string, unknown> } | null) {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + env().OTP_TTL_MINUTES * 60_000);
  return db.transaction((tx) => {
    const txDb = tx as unknown as Db;
    consumeRate(txDb, `code-send:phone:${input.phone}`, RATE_RULES.codeSendPhone, "accounts:errors.tooManyCodes", undefined, now.getTime());
    tx.update(oneTimeCodes)
      .set({ usedAt: now })
      .where(and(eq(oneTimeCodes.purpose, input.purpose), eq(oneTimeCodes.phone, input.phone), isNull(oneTimeCodes.usedAt)))
      .run();
    const row = tx
      .insert(oneTimeCodes)
      .values({
        purpose: input.purpose,
        phone: input.phone,
        userId: input.userId ?? null,
        codeHash: hash,
        payload: input.payload ?? null,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: oneTimeCodes.id })
      .get();
    const outboxId = message
      ? enqueueMessage(txDb, { channel: "sms", recipient: input.phone, template: message.template, locale: input.locale ?? "vi", payload: message.payload })
      : null;
    return { id: row.id, expiresAt, outboxId };
  });
}

export interface ConsumeCodeInput {
  purpose: OtpPurpose;
  phone: string;
  code: string;
  now?: Date;
}

export interface ConsumedCode {
  id: number;
  userId: number | null;
  payload: Record<string, unknown> | null;
}

/**
 * Checks a code and marks it used. A wrong guess is counted and committed before the error is
 * thrown, so call this outside any surrounding transaction (a rollback would forget the guess).
 * Errors carry field "code": codeInvalid (none pending), codeExpired, codeTooManyAttempts,
 * codeWrong (with the attempts left).
 */
export function consumeCode(db: Db, input: ConsumeCodeInput): ConsumedCode {
  const now = input.now ?? new Date();
  const code = input.code.replace(/\s/g, "");
  const row = db
    .select()
    .from(oneTimeCodes)
    .where(and(eq(oneTimeCodes.purpose, input.purpose), eq(oneTimeCodes.phone, input.phone), isNull(oneTimeCodes.usedAt)))
    .orderBy(desc(oneTimeCodes.id))
    .limit(1)
    .get();
  if (!row) throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  if (row.expiresAt.getTime() <= now.getTime()) throw new AppError("accounts:errors.codeExpired", 400, {}, "code");
  if (row.attempts >= MAX_CODE_ATTEMPTS) throw new AppError("accounts:errors.codeTooManyAttempts", 429, {}, "code");

  const expected = Buffer.from(row.codeHash, "hex");
  const given = Buffer.from(codeHash(input.purpose, input.phone, code), "hex");
  const matches = /^\d{6}$/.test(code) && crypto.timingSafeEqual(expected, given);
  if (!matches) {
    const updated = db
      .update(oneTimeCodes)
      .set({ attempts: row.attempts + 1 })
      .where(eq(oneTimeCodes.id, row.id))
      .returning({ attempts: oneTimeCodes.attempts })
      .get();
    const left = MAX_CODE_ATTEMPTS - updated.attempts;
    if (left <= 0) throw new AppError("accounts:errors.codeTooManyAttempts", 429, {}, "code");
    throw new AppError("accounts:errors.codeWrong", 400, { left }, "code");
  }
  // Guarded on used_at so two simultaneous submissions cannot both use the code.
  const used = db
    .update(oneTimeCodes)
    .set({ usedAt: now })
    .where(and(eq(oneTimeCodes.id, row.id), isNull(oneTimeCodes.usedAt)))
    .run();
  if (used.changes !== 1) throw new AppError("accounts:errors.codeInvalid", 400, {}, "code");
  return { id: row.id, userId: row.userId, payload: row.payload ?? null };
}

/** The newest code still waiting for this purpose and phone (for "we sent a code to …" pages). */
export function pendingCode(db: Db, filter: { purpose: OtpPurpose; phone?: string; userId?: number }, now = new Date()) {
  const conditions = [eq(oneTimeCodes.purpose, filter.purpose), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now)];
  if (filter.phone) conditions.push(eq(oneTimeCodes.phone, filter.phone));
  if (filter.userId !== undefined) conditions.push(eq(oneTimeCodes.userId, filter.userId));
  const row = db
    .select({ id: oneTimeCodes.id, phone: oneTimeCodes.phone, payload: oneTimeCodes.payload, expiresAt: oneTimeCodes.expiresAt })
    .from(oneTimeCodes)
    .where(and(...conditions))
    .orderBy(desc(oneTimeCodes.id))
    .limit(1)
    .get();
  return row ?? null;
}

/** Used and long-expired codes serve no one; delete them now and then. */
export function pruneCodes(db: Db, now = new Date()) {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  db.delete(oneTimeCodes)
    .where(or(lt(oneTimeCodes.expiresAt, dayAgo), lt(oneTimeCodes.usedAt, dayAgo)))
    .run();
}
