import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, timestamp } from "./columns";

export const CHANNELS = ["sms", "zalo", "email"] as const;
export type Channel = (typeof CHANNELS)[number];
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;

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
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    uniqueIndex("outbox_dedupe_unique").on(t.dedupeKey),
  ],
);

export type OutboxMessage = typeof outbox.$inferSelect;
