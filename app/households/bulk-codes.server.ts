/**
 * Bulk hand-over codes: issuing one code per phone of the set (a claim code belongs to a phone), the
 * sealed copies kept for printing the slips, and the slips themselves. Decision 0014: plain codes are
 * stored only sealed (AES-256-GCM, key derived from SESSION_SECRET), readable through the action's
 * officer only, and deleted when the codes expire.
 */
import crypto from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { asc, count, eq, lt } from "drizzle-orm";
import QRCode from "qrcode";
import { bulkActionCodes, households } from "../../db/schema";
import { issueHandOverCode } from "~/accounts/one-time-codes.server";
import type { Actor } from "~/accounts/access.server";
import { formatDate } from "~/i18n/format";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { AppError } from "~/lib/errors";
import { formatPhone, maskPhone } from "~/lib/phone";
import { enqueueMessage } from "~/notifications/outbox.server";
import { readableBulkAction } from "./bulk.server";
import { communeName } from "./forms.server";

/** Messages of one action go out at this pace, so a set of 100,000 does not flood the SMS gateway. */
export const BULK_MESSAGES_PER_MINUTE = 300;
/** Slips per page of the slips view: 25 A4 sheets of 8. */
export const SLIPS_PER_PAGE = 200;

let sealKey: Buffer | null = null;
let sealKeySecret: string | null = null;
function key(): Buffer {
  const secret = env().SESSION_SECRET;
  if (!sealKey || sealKeySecret !== secret) {
    sealKey = crypto.createHash("sha256").update(`bulk-hand-over-codes:${secret}`).digest();
    sealKeySecret = secret;
  }
  return sealKey;
}

/** iv.tag.ciphertext, base64url; bound to the action and household so a copied value opens nowhere else. */
export function sealCode(code: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

export function openCode(sealed: string, context: string): string | null {
  try {
    const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
    const decipher = crypto.createDecipheriv("aes-256-gcm", key(), iv);
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    // A rotated secret or a tampered value: the slip cannot be printed again.
    return null;
  }
}

const phoneContext = (actionId: number, phone: string) => `${actionId}:${phone}`;

interface CodeRun {
  actionId: number;
  expiresAt: Date;
  print: boolean;
  sms: boolean;
  /** messages already queued by this action (spaces the next one) */
  messagesBefore: number;
  startedAt: Date;
  claimUrl: string;
}

// Prepared once per connection: these run once per household of a set of 100,000.
const codeStatements = new WeakMap<Db, { earlier: Statement; insert: Statement }>();
type Statement = BetterSqlite3.Statement<unknown[]>;

function codeSql(db: Db) {
  let statements = codeStatements.get(db);
  if (!statements) {
    statements = {
      earlier: db.$client.prepare("SELECT sealed_code AS sealedCode FROM bulk_action_codes WHERE action_id = ? AND phone = ? LIMIT 1"),
      insert: db.$client.prepare("INSERT INTO bulk_action_codes (action_id, household_id, phone, sealed_code, expires_at) VALUES (?, ?, ?, ?, ?)"),
    };
    codeStatements.set(db, statements);
  }
  return statements;
}

/**
 * One household of the set: "issued" (a new code for its phone), "shared" (its phone already got
 * this action's code) or "claimed" (nothing to hand over). Runs in the chunk's transaction.
 */
export function handOverCodeFor(
  db: Db,
  run: CodeRun,
  household: { id: number; phone: string; displayName: string; ownerUserId: number | null; status: string },
): "issued" | "shared" | "claimed" {
  if (household.ownerUserId !== null || household.status !== "registered") return "claimed";
  const statements = codeSql(db);
  const earlier = statements.earlier.get(run.actionId, household.phone) as { sealedCode: string | null } | undefined;
  if (earlier) {
    statements.insert.run(run.actionId, household.id, household.phone, earlier.sealedCode, run.expiresAt.getTime());
    return "shared";
  }
  // A phone-wide claim code (no household named): a phone may carry several households of the set.
  const { code } = issueHandOverCode(db, { purpose: "claim", phone: household.phone, expiresAt: run.expiresAt });
  const sealed = run.print ? sealCode(code, phoneContext(run.actionId, household.phone)) : null;
  statements.insert.run(run.actionId, household.id, household.phone, sealed, run.expiresAt.getTime());
  if (run.sms) {
    const minute = Math.floor(run.messagesBefore / BULK_MESSAGES_PER_MINUTE);
    enqueueMessage(db, {
      channel: "sms",
      recipient: household.phone,
      template: "claim.bulkCode",
      locale: "vi",
      payload: { code, name: household.displayName, until: formatDate(run.expiresAt, "vi"), url: run.claimUrl },
      dedupeKey: `bulk-code:${run.actionId}:${household.phone}`,
      notBefore: new Date(run.startedAt.getTime() + minute * 60_000),
    });
    run.messagesBefore += 1;
  }
  return "issued";
}

/** Sealed codes of expired actions are deleted (the codes no longer work anyway). */
export function pruneExpiredBulkCodes(db: Db, now = new Date()): number {
  return db.delete(bulkActionCodes).where(lt(bulkActionCodes.expiresAt, now)).run().changes;
}

interface Slip {
  householdId: number;
  displayName: string;
  representativeName: string;
  place: string;
  phoneMasked: string;
  code: string;
  claimLink: string;
  qrSvg: string;
}

interface SlipsPage {
  actionId: number;
  expiresAt: string;
  expired: boolean;
  claimAddress: string;
  page: number;
  pageCount: number;
  total: number;
  slips: Slip[];
}

/**
 * A page of slips of a hand-over action: one per household a code was issued for (shared phones show
 * the same code), with a QR of the claim link carrying the phone. Only the action's officer.
 */
export async function handOverSlips(db: Db, actor: Actor, actionId: number, options: { origin: string; page?: number; now?: Date }): Promise<SlipsPage> {
  const now = options.now ?? new Date();
  const action = readableBulkAction(db, actor, actionId);
  if (action.kind !== "handOverCodes" || action.options.delivery === "sms") throw new AppError("households:bulk.errors.noSlips", 404);
  pruneExpiredBulkCodes(db, now);
  const origin = options.origin.replace(/\/+$/, "");
  const expired = !action.expiresAt || action.expiresAt.getTime() <= now.getTime();
  const total = expired ? 0 : (db.select({ n: count() }).from(bulkActionCodes).where(eq(bulkActionCodes.actionId, actionId)).get()?.n ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / SLIPS_PER_PAGE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const rows = expired
    ? []
    : db
        .select({
          householdId: bulkActionCodes.householdId,
          phone: bulkActionCodes.phone,
          sealedCode: bulkActionCodes.sealedCode,
          displayName: households.displayName,
          representativeName: households.representativeName,
          communeCode: households.communeCode,
          addressLine: households.addressLine,
        })
        .from(bulkActionCodes)
        .innerJoin(households, eq(households.id, bulkActionCodes.householdId))
        .where(eq(bulkActionCodes.actionId, actionId))
        .orderBy(asc(bulkActionCodes.householdId))
        .limit(SLIPS_PER_PAGE)
        .offset((page - 1) * SLIPS_PER_PAGE)
        .all();
  const slips: Slip[] = [];
  for (const r of rows) {
    const code = r.sealedCode ? openCode(r.sealedCode, phoneContext(actionId, r.phone)) : null;
    if (!code) continue;
    const claimLink = `${origin}/nhan-tai-khoan/xac-nhan?${new URLSearchParams({ phone: formatPhone(r.phone).replace(/ /g, "") })}`;
    slips.push({
      householdId: r.householdId,
      displayName: r.displayName,
      representativeName: r.representativeName,
      place: [r.addressLine, communeName(db, r.communeCode)].filter(Boolean).join(", "),
      phoneMasked: maskPhone(r.phone),
      code,
      claimLink,
      qrSvg: await QRCode.toString(claimLink, { type: "svg", errorCorrectionLevel: "M", margin: 1 }),
    });
  }
  return {
    actionId,
    expiresAt: formatDate(action.expiresAt ?? now, "vi"),
    expired,
    claimAddress: `${origin.replace(/^https?:\/\//, "")}/nhan-tai-khoan`,
    page,
    pageCount,
    total,
    slips,
  };
}
