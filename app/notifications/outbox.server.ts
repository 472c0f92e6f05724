import { desc, eq } from "drizzle-orm";
import i18next, { type i18n } from "i18next";
import { outbox, type Channel, type OutboxMessage } from "../../db/schema";
import { i18nConfig, type Locale } from "~/i18n/config";
import { i18nResources } from "~/i18n/resources.server";
import { wakeWorker } from "~/jobs/wake.server";
import type { Db } from "~/lib/db.server";

interface NewMessage {
  channel: Channel;
  /** E.164 phone for sms/zalo, address for email */
  recipient: string;
  /** key under notifications:templates, e.g. "otp.signup" */
  template: string;
  locale: Locale;
  payload: Record<string, unknown>;
  /** makes the enqueue idempotent */
  dedupeKey?: string;
  /** not sent before this (bulk sends spread over time instead of flooding the gateway) */
  notBefore?: Date;
}

// One i18next instance per locale, built from the resources loaded once per process: rendering
// runs inside write transactions, so it must be synchronous and cheap.
const translators = new Map<Locale, i18n>();

function translator(locale: Locale): i18n {
  let instance = translators.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    // With inline resources and initImmediate: false, init completes synchronously.
    void instance.init({
      ...i18nConfig,
      lng: locale,
      ns: ["notifications"],
      defaultNS: "notifications",
      resources: i18nResources(),
      initImmediate: false,
    });
    translators.set(locale, instance);
  }
  return instance;
}

/** The message text for a template in a language; throws on an unknown template or a missing value. */
export function renderTemplate(template: string, locale: Locale, payload: Record<string, unknown>): string {
  const instance = translator(locale);
  const key = `notifications:templates.${template}`;
  // Keys are checked at run time here: the template name is data, not a literal the types can see.
  const exists = instance.exists as (key: string, options?: object) => boolean;
  const t = instance.t as unknown as (key: string, options?: object) => unknown;
  if (!exists(key, { lng: locale })) throw new Error(`unknown notification template "${template}"`);
  const body = t(key, { ...payload, lng: locale });
  if (typeof body !== "string") throw new Error(`notification template "${template}" is not a text`);
  const missing = body.match(/\{\{\s*([\w.]+)\s*\}\}/);
  if (missing) throw new Error(`notification template "${template}" needs payload.${missing[1]}`);
  return body;
}

/**
 * Queues a message. Synchronous, so a caller can enqueue inside the better-sqlite3 transaction
 * that causes the message: both commit or neither does. With a dedupeKey the same message is
 * queued once; a repeat returns the first row's id. Returns the outbox id.
 */
export function enqueueMessage(db: Db, message: NewMessage): number {
  const body = renderTemplate(message.template, message.locale, message.payload);
  const inserted = db
    .insert(outbox)
    .values({
      channel: message.channel,
      recipient: message.recipient,
      template: message.template,
      locale: message.locale,
      payload: message.payload,
      body,
      dedupeKey: message.dedupeKey ?? null,
      ...(message.notBefore ? { nextAttemptAt: message.notBefore } : {}),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .all();
  if (inserted.length > 0) {
    wakeWorker();
    return inserted[0].id;
  }
  const existing = db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, message.dedupeKey!)).get();
  if (!existing) throw new Error(`outbox insert skipped but no row has dedupe key ${message.dedupeKey}`);
  return existing.id;
}

export function getOutboxMessage(db: Db, id: number): OutboxMessage | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

/** Newest first, for the development outbox page. */
export function latestOutboxMessages(db: Db, limit = 100): OutboxMessage[] {
  return db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit).all();
}

export type { OutboxMessage };
