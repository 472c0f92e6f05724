import { count, desc, eq } from "drizzle-orm";
import { outbox, type Channel, type OutboxStatus } from "../../db/schema";
import type { Db } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { formatPhone, maskPhone } from "~/lib/phone";

export const MESSAGE_LOG_PAGE_SIZE = 50;

/** Templates whose text is a secret (a one-time code): never shown, except in the demo. */
export function isSecretTemplate(template: string): boolean {
  return template.startsWith("otp.") || template === "claim.bulkCode";
}

/**
 * The demo (the embedded default: demo data, messages only in the log) shows one-time codes so a
 * newcomer can sign up without reading server logs. Anywhere else a code is shown to nobody.
 */
export function demoShowsCodes(config: ReturnType<typeof env> = env()): boolean {
  return config.SEED_DEMO && config.NOTIFY_TRANSPORT === "log";
}

export interface MessageLogRow {
  id: number;
  /** masked (0912 *** 678) unless it is the number searched for (0912 345 678) */
  to: string;
  template: string;
  channel: Channel;
  status: OutboxStatus;
  attempts: number;
  provider: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  /** the one-time code, in the demo only */
  code: string | null;
}

/**
 * The message log for support ("did my code arrive?"), newest first, optionally for one number
 * (E.164, already normalised). The message text never leaves this function: only the demo's codes do.
 */
export function listMessageLog(
  db: Db,
  query: { phone: string | null; page: number },
  options: { showCodes?: boolean } = {},
): { rows: MessageLogRow[]; total: number; page: number; pageCount: number } {
  const showCodes = options.showCodes ?? demoShowsCodes();
  const where = query.phone ? eq(outbox.recipient, query.phone) : undefined;
  const total = db.select({ n: count() }).from(outbox).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / MESSAGE_LOG_PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const rows = db
    .select()
    .from(outbox)
    .where(where)
    .orderBy(desc(outbox.id))
    .limit(MESSAGE_LOG_PAGE_SIZE)
    .offset((page - 1) * MESSAGE_LOG_PAGE_SIZE)
    .all();
  return {
    total,
    page,
    pageCount,
    rows: rows.map((r) => {
      const code = r.payload.code;
      return {
        id: r.id,
        to: r.recipient === query.phone ? formatPhone(r.recipient) : r.recipient.startsWith("+84") ? maskPhone(r.recipient) : "***",
        template: r.template,
        channel: r.channel,
        status: r.status,
        attempts: r.attempts,
        provider: r.provider,
        lastError: r.lastError,
        createdAt: r.createdAt,
        sentAt: r.sentAt,
        deliveredAt: r.deliveredAt,
        failedAt: r.failedAt,
        code: showCodes && isSecretTemplate(r.template) && (typeof code === "string" || typeof code === "number") ? String(code) : null,
      };
    }),
  };
}
