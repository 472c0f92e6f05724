import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";

export const CHANNELS = ["sms", "zalo", "email"] as const;
export type Channel = (typeof CHANNELS)[number];
/** sent = the provider accepted it; delivered = the provider's receipt says it reached the phone. */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "delivered", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Messages to send, written in the same transaction as the change that causes them. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    recipient: text("recipient").notNull(),
    template: text("template").notNull(),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** the rendered text, kept for the log transport and the /dev/outbox page */
    body: text("body").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** set to make an enqueue idempotent (e.g. one notice per order transition) */
    dedupeKey: text("dedupe_key"),
    createdAt: createdAt(),
    nextAttemptAt: timestamp("next_attempt_at")
      .notNull()
      .$defaultFn(() => new Date()),
    sentAt: timestamp("sent_at"),
    /** the transport that took the message (esms, zns, webhook, log) */
    provider: text("provider"),
    /** the provider's id for the message (eSMS SMSID, Zalo msg_id), matched by delivery receipts */
    providerMessageId: text("provider_message_id"),
    deliveredAt: timestamp("delivered_at"),
    failedAt: timestamp("failed_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    uniqueIndex("outbox_dedupe_unique").on(t.dedupeKey),
    index("outbox_provider_message_idx").on(t.provider, t.providerMessageId),
    // the admin message log searches by phone, newest first
    index("outbox_recipient_idx").on(t.recipient, t.id),
  ],
);

export type OutboxMessage = typeof outbox.$inferSelect;
