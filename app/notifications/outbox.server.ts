import type { Channel } from "../../db/schema";
import type { Locale } from "~/i18n/config";
import type { Db } from "~/lib/db.server";

export interface NewMessage {
  channel: Channel;
  /** E.164 phone for sms/zalo, address for email */
  recipient: string;
  /** key under notifications:templates, e.g. "otp.signup" */
  template: string;
  locale: Locale;
  payload: Record<string, unknown>;
  /** makes the enqueue idempotent */
  dedupeKey?: string;
}

// Contract (implemented in this change by the notifications module): synchronous, so callers can
// enqueue inside the better-sqlite3 transaction that causes the message. Returns the outbox id.
export function enqueueMessage(_db: Db, _message: NewMessage): number {
  throw new Error("not implemented yet");
}
